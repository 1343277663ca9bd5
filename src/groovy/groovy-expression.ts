import { groovyScalar } from './groovy-literal.js';

/** A value of the pipeline JSON: a literal, or (isLiteral false) Groovy source. */
interface RawArgument {
  isLiteral: boolean;
  value: string | number | boolean | null;
}

/**
 * Finds the parenthesis that closes the one at `open`, skipping parentheses inside Groovy
 * quoted string literals. Returns -1 when they do not balance.
 */
function matchingParen(src: string, open: number): number {
  const [opener, closer] = ['(', ')'];
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < src.length; i++) {
    const ch = src[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (src.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = src.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    } else if (ch === opener) depth++;
    else if (ch === closer && --depth === 0) return i;
  }
  return -1;
}

/**
 * The pipeline JSON writes a Groovy expression that is not a string as `${expr}`. Returns `expr`
 * when the text starts with `${` and ends with `}`, the test Jenkins' own converter applies
 * (ModelASTValue.toGroovy), otherwise null.
 */
export function unwrapDollarBraces(src: string): string | null {
  return src.startsWith('${') && src.endsWith('}') ? src.slice(2, -1) : null;
}

/** `(a + b)` -> `a + b`; leaves `(a) + (b)` alone. */
export function stripOuterParens(src: string): string {
  let text = src.trim();
  while (text.startsWith('(') && matchingParen(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  return text;
}

/**
 * Groovy source for a pipeline value. Literals go through the escaping module; non-literal
 * values are Groovy expressions the pipeline author wrote on purpose (the model marks them), and
 * are emitted as written, in parentheses when they came wrapped in `${...}`.
 */
export function groovyValue(arg: RawArgument): string {
  if (arg.isLiteral) return groovyScalar(arg.value);
  const src = String(arg.value);
  const inner = unwrapDollarBraces(src);
  return inner === null ? src : `(${inner.trim()})`;
}
