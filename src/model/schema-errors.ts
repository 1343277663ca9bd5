import { Kind, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { showValue, type Problem } from './problems.js';

/** `/stages/0/steps/1` -> `stages[0].steps[1]`. */
export function pointerToPath(pointer: string, root = ''): string {
  let path = root;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else path += path === '' ? part : `.${part}`;
  }
  return path === '' ? '(root)' : path;
}

function describeVariant(schema: TSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema[Kind] === 'Object') {
    const required: string[] = schema.required ?? [];
    return required.length ? `an object with ${required.join(', ')}` : 'an object';
  }
  return String(schema.type ?? schema[Kind]).toLowerCase();
}

function errorsOf(schema: TSchema, refs: TSchema[], value: unknown, prefix: string): ValueError[] {
  const out: ValueError[] = [];
  for (const e of Value.Errors(schema, refs, value)) {
    const error = { ...e, path: prefix + e.path };
    if (e.type !== ValueErrorType.Union || !Array.isArray(e.schema.anyOf)) {
      out.push(error);
      continue;
    }
    // A union reports only "Expected union value"; find the variant the author meant (the one
    // with the fewest problems) and report its problems instead. A variant whose literal (a
    // trigger's `type`) the value contradicts is meant less than any whose literals agree.
    const variants: TSchema[] = e.schema.anyOf;
    const candidates = variants.map((v) => errorsOf(v, refs, e.value, error.path));
    const weight = (c: ValueError[]) =>
      c.reduce((sum, x) => sum + (x.path !== error.path && x.schema.const !== undefined ? 1000 : 1), 0);
    let best = 0;
    candidates.forEach((c, i) => {
      if (weight(c) < weight(candidates[best]!)) best = i;
    });
    const chosen = candidates[best]!;
    const onlyRootMismatch = chosen.length === 1 && chosen[0]!.path === error.path;
    if (onlyRootMismatch || chosen.length === 0) {
      out.push({ ...error, message: `must be one of: ${variants.map(describeVariant).join('; ')}` });
    } else out.push(...chosen);
  }
  return out;
}

/** Every schema problem of `value`, one per place, with unions resolved to the intended variant. */
export function schemaProblems(schema: TSchema, value: unknown, refs: TSchema[] = []): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errorsOf(schema, refs, value, '')) {
    const message = e.message.startsWith('must be one of')
      ? e.message
      : `${e.message.replace(/^Expected/, 'expected')}, got ${showValue(e.value)}`;
    const key = `${e.path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: pointerToPath(e.path), message });
  }
  return problems;
}
