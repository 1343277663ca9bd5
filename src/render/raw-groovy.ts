import type { PipelineDocument, RawArgument } from '../declarative/ast.js';
import { groovyValue } from '../groovy/groovy-expression.js';
import { CODE_BLOCK_STEPS, WHEN_CONDITIONS } from '../model/step-catalogue.js';
import { childPath } from '../model/problems.js';

/**
 * Groovy the author wrote, which the renderer emits as written: where it is in the input, and
 * the text it becomes in the Jenkinsfile. Everything else is a literal that the one escaping
 * function writes, which the injection property test proves Groovy 2.4 reads back; only these
 * pieces can make a rendered Jenkinsfile fail to compile.
 */
export interface RawGroovy {
  /** Where the author wrote it, e.g. `stages[0].steps[1].script`. */
  path: string;
  /** The text as it appears in the rendered Jenkinsfile. */
  rendered: string;
}

/** Names under which the pipeline model holds Groovy code: script steps, expressions, code around. */
const MODEL_CODE_KEYS = new Set(['script', 'expression', 'prologue', 'epilogue']);

/** Parameters whose literal value is a code block (`script { }`, `expression { }`). */
const CODE_PARAMETERS = new Set([
  ...Object.values(CODE_BLOCK_STEPS),
  ...Object.values(WHEN_CONDITIONS).flatMap((c) =>
    Object.entries(c.parameters)
      .filter(([, type]) => type === 'code')
      .map(([name]) => name),
  ),
]);

/** The raw Groovy of a pipeline model (as parsed from YAML or JSON). */
export function rawGroovyInModel(model: unknown): RawGroovy[] {
  const out: RawGroovy[] = [];
  const walk = (value: unknown, path: string, key: string | number | undefined) => {
    if (typeof value === 'string') {
      if (typeof key !== 'string' || !MODEL_CODE_KEYS.has(key)) return;
      // `{expression}` values are written like non-literal arguments; `when.expression` is a code block.
      const asValue = key === 'expression' && !path.endsWith('when.expression');
      const rendered = asValue ? groovyValue({ isLiteral: false, value }) : aroundPipeline(key, value);
      out.push({ path, rendered });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, childPath(path, i), i));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, childPath(path, k), k);
    }
  };
  walk(model, '', undefined);
  return out;
}

/** The raw Groovy of a Declarative document: non-literal values, code blocks, code around. */
export function rawGroovyInDocument(doc: PipelineDocument): RawGroovy[] {
  const out: RawGroovy[] = [];
  for (const key of ['prologue', 'epilogue'] as const) {
    const code = doc.groovy?.[key];
    if (code !== undefined) out.push({ path: childPath('groovy', key), rendered: aroundPipeline(key, code) });
  }
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, childPath(path, i)));
    else if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (o.isLiteral === false) {
        out.push({ path, rendered: groovyValue(o as unknown as RawArgument) });
        return;
      }
      const code = o.value as RawArgument | undefined;
      if (typeof o.key === 'string' && CODE_PARAMETERS.has(o.key) && typeof code?.value === 'string') {
        out.push({ path: childPath(path, 'value'), rendered: code.value.trim() });
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(v, childPath(path, k));
    }
  };
  walk(doc.pipeline, 'pipeline');
  return out;
}

/** Code as the renderer writes it: a prologue's `#!` line goes above the header, apart from the rest. */
function aroundPipeline(key: string, code: string): string {
  const text = code.trim();
  if (key !== 'prologue' || !text.startsWith('#!')) return text;
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(end + 1).trim();
}

/**
 * The piece of raw Groovy a problem on a 1-based line of the rendered text comes from: the one
 * spanning the line, else the last one before it (Groovy reports an unclosed bracket where the
 * file goes on, after the code that opened it). pipewright's own text around the pieces always
 * compiles, so the cause is raw Groovy at or before the line.
 */
export function rawGroovyAtLine(text: string, pieces: RawGroovy[], line: number): RawGroovy | undefined {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  let before: { piece: RawGroovy; line: number } | undefined;
  for (const piece of pieces) {
    if (piece.rendered === '') continue;
    for (let at = text.indexOf(piece.rendered); at >= 0; at = text.indexOf(piece.rendered, at + 1)) {
      const first = lineOf(at);
      if (first <= line && line <= lineOf(at + piece.rendered.length - 1)) return piece;
      if (first <= line && (!before || first > before.line)) before = { piece, line: first };
    }
  }
  return before?.piece;
}
