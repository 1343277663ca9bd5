import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECLARATIVE_RULES } from '../../src/declarative/declarative-rules.js';
import { readPipelineJson } from '../../src/declarative/read-pipeline-json.js';
import { PipelineValidationError, type Problem } from '../../src/model/problems.js';

const lit = (value: string | number | boolean) => ({ isLiteral: true, value });
const step = (name: string, value: string | number | boolean = 'x') => ({ name, arguments: lit(value) });
const stage = (name: string, extra: object = {}) => ({
  name,
  branches: [{ name: 'default', steps: [step('echo')] }],
  ...extra,
});
const doc = (pipeline: object, extra: object = {}) => ({
  pipeline: { agent: { type: 'any' }, stages: [stage('a')], ...pipeline },
  ...extra,
});
const options = (...options: object[]) => ({ options: { options } });

/** For every rule: an input that breaks only that rule. */
const BROKEN: Record<string, unknown> = {
  'required-section': { pipeline: { stages: [stage('a')] } },
  'empty-section': doc({ options: { options: [] } }),
  'duplicate-build-condition': doc({
    post: {
      conditions: [
        { condition: 'always', branch: { name: 'default', steps: [step('echo')] } },
        { condition: 'always', branch: { name: 'default', steps: [step('echo')] } },
      ],
    },
  }),
  'unknown-build-condition': doc({
    post: { conditions: [{ condition: 'sometimes', branch: { name: 'default', steps: [step('echo')] } }] },
  }),
  'env-identifier': doc({ environment: [{ key: 'A-B', value: lit('x') }] }),
  'duplicate-env-var': doc({
    environment: [
      { key: 'A', value: lit('x') },
      { key: 'A', value: lit('y') },
    ],
  }),
  'when-unknown-condition': doc({ stages: [stage('a', { when: { conditions: [{ name: 'onFriday' }] } })] }),
  'when-nested-arguments': doc({
    stages: [
      stage('a', {
        when: { conditions: [{ name: 'not', arguments: lit('x'), children: [{ name: 'buildingTag' }] }] },
      }),
    ],
  }),
  'when-nested-children': doc({
    stages: [
      stage('a', {
        when: {
          conditions: [{ name: 'not', children: [{ name: 'buildingTag' }, { name: 'isRestartedRun' }] }],
        },
      }),
    ],
  }),
  'when-no-children': doc({
    stages: [
      stage('a', { when: { conditions: [{ name: 'buildingTag', children: [{ name: 'buildingTag' }] }] } }),
    ],
  }),
  'invalid-parameter': doc(options({ name: 'timeout', arguments: [{ key: 'minutes', value: lit(5) }] })),
  'parameter-type': doc(options({ name: 'retry', arguments: [lit('three')] })),
  'not-single-parameter': doc({
    stages: [stage('a', { when: { conditions: [{ name: 'environment', arguments: lit('X') }] } })],
  }),
  'too-many-unnamed': doc(options({ name: 'timeout', arguments: [lit(5), lit('MINUTES')] })),
  'mixed-arguments': doc(
    options({ name: 'timeout', arguments: [lit(5), { key: 'unit', value: lit('MINUTES') }] }),
  ),
  'blocked-step': doc({
    stages: [{ name: 'a', branches: [{ name: 'default', steps: [step('properties')] }] }],
  }),
  'duplicate-option': doc(
    options({ name: 'timestamps', arguments: [] }, { name: 'timestamps', arguments: [] }),
  ),
  'duplicate-trigger': doc({
    triggers: {
      triggers: [
        { name: 'cron', arguments: [lit('@daily')] },
        { name: 'cron', arguments: [lit('@hourly')] },
      ],
    },
  }),
  'stage-name': doc({ stages: [stage(' ')] }),
  'stage-body': doc({ stages: [{ name: 'a' }] }),
  'nested-parallel': doc({
    stages: [{ name: 'a', parallel: [{ name: 'b', parallel: [stage('c')] }] }],
  }),
  'agent-in-parallel-stage': doc({ stages: [{ name: 'a', agent: { type: 'any' }, parallel: [stage('b')] }] }),
  'duplicate-parallel-branch': doc({
    stages: [
      {
        name: 'a',
        branches: [
          { name: 'x', steps: [step('echo')] },
          { name: 'x', steps: [step('echo')] },
        ],
      },
    ],
  }),
  'duplicate-stage-name': doc({ stages: [stage('a'), stage('a')] }),
  'duplicate-axis': doc({
    stages: [
      {
        name: 'a',
        matrix: {
          axes: [
            { name: 'OS', values: [lit('linux')] },
            { name: 'OS', values: [lit('mac')] },
          ],
          stages: [stage('b')],
        },
      },
    ],
  }),
  'duplicate-axis-value': doc({
    stages: [
      {
        name: 'a',
        matrix: { axes: [{ name: 'OS', values: [lit('linux'), lit('linux')] }], stages: [stage('b')] },
      },
    ],
  }),
  'axis-value-literal': doc({
    stages: [
      {
        name: 'a',
        matrix: {
          axes: [{ name: 'OS', values: [{ isLiteral: false, value: '${os}' }] }],
          stages: [stage('b')],
        },
      },
    ],
  }),
  'groovy-name': doc({ stages: [{ name: 'a', branches: [{ name: 'default', steps: [step('my-step')] }] }] }),
  'unreadable-character': doc({ stages: [stage('a\uffff')] }),
  'json-shape': doc({ agent: { type: 'label', argument: lit('x'), arguments: [] } }),
};

function problemsOf(input: unknown): Problem[] {
  try {
    readPipelineJson(input);
    return [];
  } catch (error) {
    if (error instanceof PipelineValidationError) return error.problems;
    throw error;
  }
}

describe('the Declarative rules table', () => {
  const ids = Object.values(DECLARATIVE_RULES).map((r) => r.id);

  it.each(ids)('rule %s rejects an input that breaks only it', (id) => {
    // GIVEN a pipeline that breaks this rule and no other WHEN it is read
    const problems = problemsOf(BROKEN[id]);
    // THEN every problem comes from this rule, so removing the rule makes the input pass
    expect(problems.length, `no example for ${id}`).toBeGreaterThan(0);
    expect(problems.map((p) => p.rule)).toEqual(problems.map(() => id));
  });

  it('lists in docs/declarative-rules.md exactly the rules the code has', () => {
    const doc = readFileSync(new URL('../../docs/declarative-rules.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...ids].sort());
  });
});

describe('rules Jenkins does not have are gone', () => {
  it('accepts equal stage names under different parents', () => {
    const input = doc({
      stages: [
        { name: 'Linux', stages: [stage('Build'), stage('Test')] },
        { name: 'Windows', stages: [stage('Build'), stage('Test')] },
      ],
    });
    expect(problemsOf(input)).toEqual([]);
  });

  it('accepts a block step with an empty body', () => {
    const input = doc({
      stages: [
        {
          name: 'a',
          branches: [{ name: 'default', steps: [{ name: 'dir', arguments: lit('x'), children: [] }] }],
        },
      ],
    });
    expect(problemsOf(input)).toEqual([]);
  });
});

describe("the converter's literal coercion", () => {
  it('reads the string "true" for a boolean when or option parameter as true', () => {
    const input = doc({
      ...options({ name: 'skipDefaultCheckout', arguments: [lit('true')] }),
      stages: [
        stage('a', {
          when: {
            conditions: [
              {
                name: 'environment',
                arguments: [
                  { key: 'name', value: lit('X') },
                  { key: 'value', value: lit('y') },
                  { key: 'ignoreCase', value: lit('TRUE') },
                ],
              },
            ],
          },
        }),
      ],
    });
    const read = readPipelineJson(input);
    expect(read.pipeline.options?.options[0]?.arguments[0]).toEqual(lit(true));
    const condition = read.pipeline.stages[0]!.when!.conditions[0]!;
    expect(condition.arguments).toContainEqual({ key: 'ignoreCase', value: lit(true) });
  });
});
