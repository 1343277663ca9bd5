import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * Instants are stored as `toISOString()` text: UTC, always with milliseconds and `Z`. One fixed
 * width makes text order time order, in SQLite and in PostgreSQL's text columns alike.
 */
export const now = (): string => new Date().toISOString();

/** RFC 3339: a date, `T` (or a space), a time with optional fraction, and `Z` or an offset. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 instant in the stored form, or null when the text is not one. A query string
 * decodes `+` to a space, so `12:31:00 08:00` is read as the `+08:00` offset it was sent as.
 */
export function toStoredInstant(text: string): string | null {
  const repaired = text.replace(/ (\d{2}:\d{2})$/, '+$1');
  if (!RFC_3339.test(repaired)) return null;
  // Date.parse rolls 31 February over into March; a day past the month's end is no date.
  const [year, month, day] = repaired.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return null;
  const ms = Date.parse(repaired.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
