import { Transform } from 'class-transformer';

/**
 * Flags and environment variables arrive as strings; config files may carry real numbers,
 * booleans and arrays. These transforms coerce what is unambiguous and leave anything else
 * untouched so the validators reject it with the original value.
 */
export function ToInt(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value));
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function ToBool(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const word = value.trim().toLowerCase();
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : value;
  });
}

/** `a:1,b:2` or a repeated flag or a file array → `['a:1', 'b:2']`. */
export function ToList(): PropertyDecorator {
  return Transform(({ value }) => {
    if (value === undefined) return value;
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return items.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item])).map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '');
  });
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `1m`, `1h`, or a bare number of seconds → milliseconds; NaN when unreadable. */
export function parseDurationMs(value: unknown): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string') return Number.NaN;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) return Number.NaN;
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 's']!);
}

export function ToDurationMs(options: { offValue?: string } = {}): PropertyDecorator {
  return Transform(({ value }) => {
    if (value === undefined || value === null) return value;
    if (options.offValue !== undefined && value === options.offValue) return null;
    return parseDurationMs(value);
  });
}
