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

/**
 * Escapes one UTF-16 code unit for the inside of a single-quoted Groovy literal.
 *
 * Risk: Groovy, like Java, turns `\uXXXX` into a character before it lexes, anywhere in the
 * file. A `\u000a` or `\u0027` would therefore end the literal, so control characters use the
 * letter escapes (\n, \r, ...) where Groovy has one, and `\u00XX` only for characters that are
 * harmless once decoded inside a literal.
 */
function escapeUnit(ch: string, multiLine: boolean): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case "'":
      return "\\'";
    case '\n':
      return multiLine ? '\n' : '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '$':
      return '$';
  }
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return hex4(code);
  // U+2028/2029 and the BOM are invisible or line breaks to editors: make them visible.
  if (code === 0x2028 || code === 0x2029 || code === 0xfeff) return hex4(code);
  return ch;
}

const NEEDS_ESCAPE = /[\\'\r\t\b\f\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\uffff]|[\ud800-\udfff]/;

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
  const problem = unrepresentableInGroovy(value);
  if (problem) throw new UnrepresentableStringError(`${JSON.stringify(value.slice(0, 40))} ${problem}`);
  const multiLine = value.includes('\n');
  const quote = multiLine ? "'''" : "'";
  if (!NEEDS_ESCAPE.test(value) && !multiLine) return quote + value + quote;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = ch.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + value[i + 1];
        i++;
        continue;
      }
      out += hex4(code);
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      out += hex4(code);
      continue;
    }
    out += escapeUnit(ch, multiLine);
  }
  return quote + out + quote;
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

/** A map key or named-argument key: bare when it is an identifier, quoted otherwise. */
export { isGroovyIdentifier };

export function groovyMapKey(key: string): string {
  return isGroovyIdentifier(key) ? key : groovyString(key);
}
