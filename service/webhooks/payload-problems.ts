import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Problem } from '../../src/index.js';

/**
 * Every way a payload differs from the part of it pipewright reads, as `body.a.b` problems. The
 * values are not quoted: a payload is the host's, and its text has no place in an error.
 */
export function payloadProblems(schema: TSchema, payload: unknown): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, payload)) {
    let path = 'body';
    for (const part of error.path.split('/').slice(1))
      path += /^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`;
    // A union reports once per member; one line per place is enough to read.
    if (seen.has(path)) continue;
    seen.add(path);
    problems.push({ path, message: error.message.toLowerCase() });
  }
  return problems;
}
