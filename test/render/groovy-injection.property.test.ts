import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declarativeFromTree } from '../../src/io/import-jenkinsfile.js';
import type { PipelineModel, StageModel } from '../../src/model/pipeline-schema.js';
import { pipelineDocument } from '../../src/render/render-pipeline.js';
import { renderJenkinsfile } from '../../src/render/render-jenkinsfile.js';
import { useGroovy } from '../support/groovy.js';

const RUNS = Number(process.env.PIPEWRIGHT_FUZZ_RUNS ?? 10_000);

/** Characters that break naive quoting, plus any UTF-16 code unit (lone surrogates included). */
const nasty = fc.constantFrom(
  "'",
  '"',
  '\\',
  '$',
  '${',
  '}',
  "'''",
  '"""',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\t',
  '\b',
  '\f',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ufeff',
  'é',
  '中',
  '😀',
  '\\u0027',
  '\\u000a',
  '${x}',
  '$x',
  '\\',
  '/*',
  '*/',
  '//',
  '#!',
);
const codeUnit = fc.integer({ min: 0, max: 0xfffe }).map((c) => String.fromCharCode(c));
const text = fc.string({ unit: fc.oneof(nasty, codeUnit, fc.constantFrom('a', ' ', 'Z')), maxLength: 24 });
const nonEmpty = text.filter((s) => s.trim().length > 0);
const oneLine = text.map((s) => s.replace(/[\r\n]/g, ''));

const stepArb = fc.oneof(
  fc.record({ sh: text }),
  fc.record({ sh: text, label: text }),
  fc.record({ echo: text }),
  fc.record({
    step: fc.constant('buildImage'),
    with: fc.record({ image: text, registry: text, tags: fc.array(text, { maxLength: 3 }) }),
  }),
  fc.record({
    step: fc.constant('junit'),
    with: fc.record({ testResults: text, allowEmptyResults: fc.boolean() }),
  }),
);

const modelArb = fc
  .record({
    names: fc.uniqueArray(nonEmpty, { minLength: 4, maxLength: 4 }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 4 }),
    envValue: text,
    label: nonEmpty,
    yaml: nonEmpty,
    defaultValue: text,
    description: text,
    choices: fc.array(oneLine, { minLength: 1, maxLength: 3 }),
    gate: fc.record({
      message: nonEmpty,
      ok: nonEmpty,
      users: fc.array(nonEmpty, { minLength: 1, maxLength: 2 }),
    }),
    postMessage: text,
    when: fc.record({ branch: nonEmpty, env: text }),
    git: oneLine.map((s) => 'https://git.example/' + s.replace(/\s/g, '_')),
    // Code around the pipeline is the author's Groovy, not a literal: it is not fuzzed, but it
    // must travel beside the hostile literals without changing them.
    around: fc.constantFrom(
      undefined,
      { prologue: "@Library('shared') _" },
      {
        prologue: "#!groovy\nimport groovy.json.JsonOutput\ndef target = 'all'",
        epilogue: 'def helper(x) {\n    x\n}',
      },
      { epilogue: "echo 'done'" },
    ),
  })
  .map((r): PipelineModel => {
    const [a, b, c, d] = r.names as [string, string, string, string];
    const stages: StageModel[] = [
      {
        name: a,
        steps: r.steps,
        environment: { VALUE: r.envValue },
        post: { always: [{ echo: r.postMessage }] },
      },
      {
        name: b,
        parallel: [
          { name: c, steps: r.steps, agent: { label: r.label } },
          {
            name: d,
            steps: [{ echo: r.postMessage }],
            when: { branch: r.when.branch, environment: { name: 'X', value: r.when.env } },
          },
        ],
      },
    ];
    stages.push({
      name: `${a}/gate`,
      gate: { message: r.gate.message, ok: r.gate.ok, submitters: { users: r.gate.users } },
      steps: [{ sh: r.envValue }],
    });
    return {
      ...(r.around ? { groovy: r.around } : {}),
      name: 'fuzz',
      source: { git: r.git, branch: r.label },
      agent: { yaml: r.yaml, defaultContainer: 'node' },
      environment: { GLOBAL: r.envValue },
      parameters: [
        { name: 'P1', type: 'string', default: r.defaultValue, description: r.description },
        { name: 'P2', type: 'choice', choices: r.choices },
        { name: 'P3', type: 'text', default: r.defaultValue },
      ],
      stages,
    };
  })
  .filter(
    (m) => !m.stages.some((s) => s.name === 'Checkout' || s.parallel?.some((p) => p.name === 'Checkout')),
  );

describe('no user string breaks out of a Groovy literal', () => {
  // Two JVMs: one compiles while the other parses, so a run costs the slower of the two.
  const compiler = useGroovy();
  const parser = useGroovy();

  it(`holds for ${RUNS} random pipelines: each compiles and reads back to the same values`, async () => {
    await fc.assert(
      fc.asyncProperty(modelArb, async (model) => {
        // GIVEN a pipeline whose every string field holds hostile text
        const doc = pipelineDocument(model);
        // WHEN it is rendered
        const jenkinsfile = renderJenkinsfile(doc);
        // THEN Groovy 2.4 compiles it, and parsing it back yields exactly the literals we put in
        const [compiled, parsed] = await Promise.all([
          compiler().compile(jenkinsfile),
          parser().tree(jenkinsfile),
        ]);
        expect(compiled.errors).toEqual([]);
        expect(compiled.ok).toBe(true);
        expect(declarativeFromTree(parsed, 'Jenkinsfile', jenkinsfile)).toEqual(doc);
      }),
      { numRuns: RUNS },
    );
  }, 1_800_000);
});
