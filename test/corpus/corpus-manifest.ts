import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the corpus lives: jenkinsfiles/ (copied), fetched/ (fetched on demand), licenses/. */
export const CORPUS_DIR = fileURLToPath(new URL('./', import.meta.url));

/** Licences that allow a copy in this repository with the notice kept (licenses/). */
export const PERMISSIVE_LICENCES = ['Apache-2.0', 'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC'] as const;

/** What Jenkins itself does with the file: runs it, or refuses it under a named validator rule. */
export type ExpectedOutcome = 'accept' | { reject: { rule: string; message: string } };

export interface CorpusEntry {
  id: string;
  repository: string;
  path: string;
  commit: string;
  committed: string;
  licence: string;
  copied: boolean;
  /** Relative to CORPUS_DIR: jenkinsfiles/... when copied, fetched/... otherwise. */
  file: string;
  sha256: string;
  lines: number;
  features: string[];
  expected: ExpectedOutcome;
  url: string;
}

export function corpusEntries(): CorpusEntry[] {
  const manifest = JSON.parse(readFileSync(`${CORPUS_DIR}manifest.json`, 'utf8')) as {
    entries: CorpusEntry[];
  };
  return manifest.entries;
}

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * The entry's text when it is here: always for a copied file, for a listed one only after
 * scripts/fetch-corpus.ts. A file whose bytes differ from the recorded commit's is an error.
 */
export function corpusText(entry: CorpusEntry): string | undefined {
  const path = `${CORPUS_DIR}${entry.file}`;
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  if (sha256(bytes) !== entry.sha256)
    throw new Error(`${entry.file} differs from ${entry.repository}@${entry.commit}:${entry.path}`);
  return bytes.toString('utf8');
}
