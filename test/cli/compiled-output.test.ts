import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function file(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pipewright-out-')), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const model = (extra: object = {}, steps: object[] = [{ sh: 'make' }]) => ({
  name: 'shop',
  stages: [{ name: 'Build', steps }],
  ...extra,
});
const lit = (value: string) => ({ isLiteral: true, value });
const pipelineJson = (code: string) => ({
  pipeline: {
    agent: { type: 'any' },
    stages: [
      {
        name: 'Build',
        branches: [
          {
            name: 'default',
            steps: [
              { name: 'echo', arguments: lit('hi') },
              { name: 'script', arguments: [{ key: 'scriptBlock', value: lit(code) }] },
            ],
          },
        ],
      },
    ],
  },
});

describe('what the CLI prints always compiles', () => {
  it('render refuses a model whose script step Groovy 2.4 cannot compile, naming the step', async () => {
    // GIVEN a model with a script step that does not parse
    const input = file('p.json', model({}, [{ sh: 'make' }, { script: 'def x = (1 +' }]));
    // WHEN rendered
    const out = await cli(['render', input]);
    // THEN nothing is printed and the problem names the step
    expect(out.stdout).toBe('');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^\[stages\[0\]\.steps\[1\]\.script\] Groovy 2\.4 does not compile this code: /,
    );
  });

  it('render --from-json refuses a script block with broken Groovy, naming its path', async () => {
    const out = await cli(['render', '--from-json', file('p.json', pipelineJson('if (x {'))]);
    expect(out.stdout).toBe('');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^\[pipeline\.stages\[0\]\.branches\[0\]\.steps\[1\]\.arguments\[0\]\.value\] Groovy 2\.4 does not compile this code/,
    );
  });

  it('to-json refuses broken code around the pipeline and keeps going with the other files', async () => {
    const broken = file('a.json', model({ groovy: { prologue: 'def helper( {' } }));
    const fine = file('b.json', model({ groovy: { prologue: "@Library('shared') _" } }));
    const out = await cli(['to-json', broken, fine]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^\[.*a\.json:groovy\.prologue\] Groovy 2\.4 does not compile this code/);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).document.groovy).toEqual({ prologue: "@Library('shared') _" });
  });

  it('prints valid raw Groovy after compiling it', async () => {
    const out = await cli(['render', file('p.json', pipelineJson('def x = [a: 1]\necho "${x.a}"'))]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('script {');
  });

  describe('without raw Groovy, no JVM is needed', () => {
    const saved = process.env.PIPEWRIGHT_GROOVY_LIB;
    afterEach(() => {
      if (saved === undefined) delete process.env.PIPEWRIGHT_GROOVY_LIB;
      else process.env.PIPEWRIGHT_GROOVY_LIB = saved;
    });

    it('renders literals only with Groovy out of reach, and refuses script steps then', async () => {
      // GIVEN no Groovy to be found
      process.env.PIPEWRIGHT_GROOVY_LIB = join(tmpdir(), 'no-groovy-here');
      // WHEN a literal-only model and one with a script step are rendered
      const plain = await cli(['render', file('p.json', model())]);
      const scripted = await cli(['render', file('q.json', model({}, [{ script: 'echo "hi"' }]))]);
      // THEN the first needs no JVM, the second says Groovy is missing instead of printing unchecked code
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain("sh 'make'");
      expect(scripted.code).toBe(1);
      expect(scripted.stdout).toBe('');
      expect(scripted.stderr).toMatch(/Groovy 2\.4 not found/);
    });
  });
});

describe('classes only Jenkins has', () => {
  it('do not make code around the pipeline fail: Jenkins resolves them from its plugins', async () => {
    const input = file(
      'p.json',
      model({ groovy: { prologue: 'import jenkins.model.Jenkins\ndef j = Jenkins' } }),
    );
    const out = await cli(['render', input]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
  });
});
