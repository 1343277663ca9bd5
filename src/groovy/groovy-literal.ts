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

/** The escape of each code unit below U+00A0 that needs one (line breaks aside); undefined for the rest. */
const LOW_ESCAPES: readonly (string | undefined)[] = Array.from({ length: 0xa0 }, (_, code) => {
  const ch = String.fromCharCode(code);
  if (ch === '\n') return '\\n';
  return LETTER_ESCAPES[ch] ?? (code < 0x20 || code >= 0x7f ? hex4(code) : undefined);
});

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The inside of a single-quoted literal: each character that needs it escaped, the rest copied.
 *
 * Risk: Groovy, like Java, turns `\uXXXX` into a character before it lexes, anywhere in the
 * file. A `\u000a` or `\u0027` would therefore end the literal, so line breaks, quotes and
 * backslashes use letter escapes, and `\u00XX` stands only for characters that are harmless
 * once decoded inside a literal: other control characters, lone surrogates, invisible breaks.
 * A valid surrogate pair (an emoji or other astral character) is kept as it is.
 *
 * A loop over code units, not a replace with a callback: three in ten of the render
 * benchmark's strings hold a quote or a backslash, and with a callback per match escaping them
 * all took half as long again.
 */
function escapeInside(value: string, multiLine: boolean): string {
  let out = '';
  let copied = 0; // value up to `copied` is in `out`
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    let escape: string | undefined;
    if (code < 0xa0) escape = code === 0x0a && multiLine ? undefined : LOW_ESCAPES[code];
    else if (isHighSurrogate(code) && isLowSurrogate(value.charCodeAt(i + 1))) i++;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff))
      escape = hex4(code); // an invisible line break, a byte-order mark or a lone surrogate
    if (escape !== undefined) {
      out += value.slice(copied, i) + escape;
      copied = i + 1;
    }
  }
  return out + value.slice(copied);
}

// Every code unit escapeInside changes, and U+FFFF, which groovyString refuses.
const NEEDS_ESCAPE = /[\\'\n\r\t\b\f\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\uffff]/;

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
  if (!NEEDS_ESCAPE.test(value)) return "'" + value + "'";
  const problem = unrepresentableInGroovy(value);
  if (problem) throw new UnrepresentableStringError(`${JSON.stringify(value.slice(0, 40))} ${problem}`);
  if (!value.includes('\n')) return "'" + escapeInside(value, false) + "'";
  return "'''" + escapeInside(value, true) + "'''";
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
