import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { useGroovy } from '../support/groovy.js';
import { CORPUS_DIR, PERMISSIVE_LICENCES, corpusEntries, corpusText, sha256 } from './corpus-manifest.js';
import { pipelineBlock } from './round-trip.js';

const entries = corpusEntries();
const copied = entries.filter((e) => e.copied);
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the real-world corpus manifest', () => {
  const groovy = useGroovy();

  it('records at least 60 files from at least 10 repositories, each once', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(entries.map((e) => e.repository)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(new Set(entries.map((e) => `${e.repository}:${e.path}`)).size).toBe(entries.length);
  });

  it('names a repository, path, full commit and licence for every file', () => {
    for (const e of entries) {
      expect(e.repository, e.id).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(e.commit, e.id).toMatch(/^[0-9a-f]{40}$/);
      expect(e.sha256, e.id).toMatch(/^[0-9a-f]{64}$/);
      expect(e.licence, e.id).not.toBe('');
      expect(e.url, e.id).toBe(`https://github.com/${e.repository}/blob/${e.commit}/${e.path}`);
      expect(e.file, e.id).toBe(e.copied ? `jenkinsfiles/${e.id}.groovy` : `fetched/${e.id}.groovy`);
    }
  });

  it('copies only permissively licensed files, each with its licence text beside it', () => {
    const licences = new Set(readdirSync(join(CORPUS_DIR, 'licenses')));
    for (const e of copied) {
      expect(PERMISSIVE_LICENCES, e.id).toContain(e.licence);
      expect(licences, e.id).toContain(`${e.repository.replace('/', '__')}.txt`);
    }
    for (const e of entries.filter((x) => !x.copied))
      expect(PERMISSIVE_LICENCES as readonly string[], e.id).not.toContain(e.licence);
  });

  it('holds exactly the copied files, byte for byte as at the recorded commit', () => {
    expect(readdirSync(join(CORPUS_DIR, 'jenkinsfiles')).sort()).toEqual(
      copied.map((e) => e.file.slice('jenkinsfiles/'.length)).sort(),
    );
    for (const e of copied) expect(sha256(readFileSync(join(CORPUS_DIR, e.file))), e.id).toBe(e.sha256);
  });

  it('takes nothing from ../shared/conformance', () => {
    const conformance = new Set(
      readdirSync(join(CONFORMANCE_DIR, 'valid'))
        .filter((f) => f.endsWith('.groovy'))
        .map((f) => squash(readFileSync(join(CONFORMANCE_DIR, 'valid', f), 'utf8'))),
    );
    expect(copied.filter((e) => conformance.has(squash(corpusText(e)!))).map((e) => e.id)).toEqual([]);
  });

  it('records Jenkins outcomes only: accept, or reject with a rule and its message', () => {
    for (const e of entries) {
      if (e.expected === 'accept') continue;
      expect(e.expected.reject.rule, e.id).toMatch(/^\w+\.\w+$/);
      expect(e.expected.reject.message, e.id).not.toBe('');
    }
  });

  it('has in every copied file one top-level pipeline { } block that Groovy 2.4 parses', async () => {
    for (const e of copied) {
      const text = corpusText(e)!;
      const tree = await groovy().tree(text, e.id);
      expect(tree.errors, e.id).toEqual([]);
      const [start, end] = pipelineBlock(text, tree.statements!, e.id);
      expect(text.slice(start, end), e.id).toMatch(/^pipeline\s*\{[\s\S]*\}$/);
    }
  });
});
