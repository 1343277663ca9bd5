import { isGroovyIdentifier } from '../model/groovy-names.js';

/**
 * The one place that decides how a value becomes Groovy source. Every string that reaches a
 * Jenkinsfile passes through groovyString(); nothing else in pipewright writes a quote.
 *
 * Strings become single-quoted literals ('...' or '''...''' when they span lines): those are
 * plain java.lang.String in Groovy, never GStrings, so `$` and `${...}` stay text and a secret
 * can never be interpolated into a command line by Groovy.
 */

function hex4(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

const LETTER_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * Escapes one character (or a surrogate pair) for the inside of a single-quoted literal.
 *
 * Risk: Groovy, like Java, turns `\uXXXX` into a character before it lexes, anywhere in the
 * file. A `\u000a` or `\u0027` would therefore end the literal, so line breaks, quotes and
 * backslashes use letter escapes, and `\u00XX` stands only for characters that are harmless
 * once decoded inside a literal: other control characters, lone surrogates, invisible breaks.
 */
function escapeMatch(match: string, multiLine: boolean): string {
  if (match.length === 2) return match; // a valid surrogate pair: an emoji or other astral character
  if (match === '\n') return multiLine ? '\n' : '\\n';
  return LETTER_ESCAPES[match] ?? hex4(match.charCodeAt(0));
}

const NEEDS_ESCAPE = /[\\'\n\r\t\b\f\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;
// A valid surrogate pair first (kept as it is), then every character that needs an escape.
const ESCAPES =
  /[\ud800-\udbff][\udc00-\udfff]|[\\'\n\r\t\b\f\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/g;
const escapeSingleLine = (m: string) => escapeMatch(m, false);
const escapeMultiLine = (m: string) => escapeMatch(m, true);

/** Thrown for the one character no Groovy 2.4 literal can hold. */
export class UnrepresentableStringError extends Error {
  readonly code = 'UNREPRESENTABLE_STRING';
}

/** Validators call this to report the problem before rendering would throw. */
export function unrepresentableInGroovy(value: string): string | null {
  return value.includes('\uffff')
    ? 'contains U+FFFF, a noncharacter that Groovy 2.4 reads as end of file'
    : null;
}

/** A Groovy literal whose value is exactly `value`. */
export function groovyString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) {
    if (value.includes('\uffff'))
      throw new UnrepresentableStringError(
        `${JSON.stringify(value.slice(0, 40))} ${unrepresentableInGroovy(value)}`,
      );
    return "'" + value + "'";
  }
  const problem = unrepresentableInGroovy(value);
  if (problem) throw new UnrepresentableStringError(`${JSON.stringify(value.slice(0, 40))} ${problem}`);
  if (!value.includes('\n')) return "'" + value.replace(ESCAPES, escapeSingleLine) + "'";
  return "'''" + value.replace(ESCAPES, escapeMultiLine) + "'''";
}

/** A Groovy number literal; throws on NaN/Infinity, which Groovy cannot write. */
export function groovyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  // Groovy reads a too-large integer literal as an error, so large integers get the G suffix.
  if (Number.isInteger(value) && Math.abs(value) > 2 ** 62) return BigInt(value).toString() + 'G';
  return String(value);
}

/** A literal of any scalar the pipeline JSON allows. */
export function groovyScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return groovyString(value);
  if (typeof value === 'number') return groovyNumber(value);
  return value ? 'true' : 'false';
}

export { isGroovyIdentifier };

/** A map key or named-argument key: bare when it is an identifier, quoted otherwise. */
export function groovyMapKey(key: string): string {
  return isGroovyIdentifier(key) ? key : groovyString(key);
}
