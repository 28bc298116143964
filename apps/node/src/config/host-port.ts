import { ValidationOptions, registerDecorator } from 'class-validator';

const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/** `host:port` or `[ipv6]:port`, with a port in 1..65535 (the form bitcoind's -connect takes). */
export function isHostPort(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = HOST_PORT.exec(value);
  if (!match) return false;
  const port = Number(match[3]);
  return port >= 1 && port <= 65535;
}

export function IsHostPort(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isHostPort',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be host:port', ...options },
      validator: { validate: isHostPort },
    });
}
