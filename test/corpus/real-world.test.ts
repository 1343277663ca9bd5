/**
 * The real-world corpus round trip (issue 9, item 4): every public Jenkinsfile in the corpus
 * imports, re-renders to a structurally equal file that Groovy 2.4 compiles, and keeps the text
 * around its pipeline block. It asserts what Jenkins does with each file (see README.md).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { useGroovy } from '../support/groovy.js';
import { corpusEntries, corpusText, type CorpusEntry } from './corpus-manifest.js';
import { roundTrip, type RoundTrip } from './round-trip.js';

const available = corpusEntries()
  .map((entry) => ({ entry, text: corpusText(entry) }))
  .filter((e): e is { entry: CorpusEntry; text: string } => e.text !== undefined);
const accepted = available.filter((e) => e.entry.expected === 'accept');
const rejected = available.filter((e) => e.entry.expected !== 'accept');

describe('real-world Declarative Jenkinsfiles', () => {
  const groovy = useGroovy();
  const results = new Map<string, RoundTrip>();

  beforeAll(async () => {
    // One JVM, files in turn: the bridge answers in order anyway.
    for (const { entry, text } of available) results.set(entry.id, await roundTrip(groovy(), text, entry.id));
  }, 600_000);

  it('has at least 60 files to check, every copied one among them', () => {
    expect(available.length).toBeGreaterThanOrEqual(60);
    expect(corpusEntries().filter((e) => e.copied && !available.some((a) => a.entry.id === e.id))).toEqual(
      [],
    );
  });

  it('goes through the CLI commands exactly as through the API calls used here', async () => {
    // GIVEN a file whose round trip completes
    const sample = accepted.find((e) => results.get(e.entry.id)?.step === 'done');
    expect(sample, 'no file completes the round trip').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-corpus-'));
    const cli = async (args: string[]) => {
      let stdout = '';
      const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: () => undefined });
      return { code, stdout };
    };
    // WHEN the CLI runs to-json, then render --from-json on its output
    writeFileSync(join(dir, 'Jenkinsfile'), sample!.text);
    const json = await cli(['to-json', join(dir, 'Jenkinsfile')]);
    writeFileSync(join(dir, 'pipeline.json'), json.stdout);
    const rendered = await cli(['render', '--from-json', '--no-header', join(dir, 'pipeline.json')]);
    // THEN it prints the Jenkinsfile this test checks
    expect([json.code, rendered.code]).toEqual([0, 0]);
    expect(rendered.stdout).toBe((results.get(sample!.entry.id) as { rendered: string }).rendered);
  });

  describe.each(accepted.map((e) => e.entry.id))('%s (Jenkins runs it)', (id) => {
    const result = () => results.get(id)!;

    it('imports: to-json succeeds', () => {
      const r = result();
      expect(r.step === 'import' ? r.problems.map((p) => `[${p.path}] ${p.message}`) : []).toEqual([]);
    });

    it('renders from that JSON a Jenkinsfile that Groovy 2.4 compiles', () => {
      const r = result();
      expect(r.step === 'render' ? r.error : undefined).toBeUndefined();
      expect(r.step === 'compile' ? r.errors : []).toEqual([]);
    });

    it('re-renders to a structurally equal file', () => {
      const r = result();
      expect(r.step).toBe('done');
      if (r.step === 'done') expect(r.roundTripped.structure).toEqual(r.original.structure);
    });

    it('keeps the code around pipeline { } unchanged (comments, @Library, imports, methods)', () => {
      const r = result();
      expect(r.step).toBe('done');
      if (r.step === 'done') {
        expect(r.roundTripped.before).toBe(r.original.before);
        expect(r.roundTripped.after).toBe(r.original.after);
      }
    });
  });

  describe.each(rejected.map((e) => e.entry))('$id (Jenkins rejects it)', (entry) => {
    it('is rejected by the import with the Jenkins rule it breaks', () => {
      const r = results.get(entry.id)!;
      const { message } = (entry.expected as { reject: { message: string } }).reject;
      expect(r.step).toBe('import');
      if (r.step === 'import') expect(r.problems.map((p) => p.message).join('\n')).toContain(message);
    });
  });
});
