import type { RawArgument } from '../declarative/ast.js';
import { groovyScalar } from './groovy-literal.js';

/**
 * Finds the end of a `${...}` that starts at `open` (the index of `{`), skipping braces inside
 * Groovy string literals. Returns -1 when the braces do not balance.
 */
function matchingBrace(src: string, open: number): number {
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
    } else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The pipeline JSON writes a Groovy expression that is not a string as `${expr}`. Returns
 * `expr` when the whole text is one such wrapper, otherwise null.
 */
export function unwrapDollarBraces(src: string): string | null {
  if (!src.startsWith('${') || !src.endsWith('}')) return null;
  return matchingBrace(src, 1) === src.length - 1 ? src.slice(2, -1) : null;
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
