import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** ../shared/conformance/declarative beside the repository root, read in place (never copied). */
export const CONFORMANCE_DIR = fileURLToPath(
  new URL('../../../shared/conformance/declarative/', import.meta.url),
);

export function conformanceCases(kind: 'valid' | 'invalid'): string[] {
  const names = readdirSync(join(CONFORMANCE_DIR, kind))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
  if (names.length === 0) throw new Error(`no ${kind} conformance cases in ${CONFORMANCE_DIR}`);
  return names;
}

export function conformanceFile(kind: 'valid' | 'invalid', file: string): string {
  return readFileSync(join(CONFORMANCE_DIR, kind, file), 'utf8');
}
