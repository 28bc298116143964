import { ValidationArguments, registerDecorator } from 'class-validator';

/** Fails when this property and `other` are both present (a oneof, as in the .proto). */
export function ExclusiveWith(other: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'exclusiveWith',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: { message: `$property and ${other} are exclusive: send only one` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => value === undefined || (args.object as Record<string, unknown>)[other] === undefined,
      },
    });
}
