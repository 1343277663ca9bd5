import { describe, expect, it } from 'vitest';
import { readPipelineJson } from '../../src/declarative/read-pipeline-json.js';
import { PipelineValidationError } from '../../src/model/problems.js';
import { validatePipeline } from '../../src/model/validate-pipeline.js';

/** Names every JavaScript object answers to through Object.prototype. */
const PROTOTYPE_NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof PipelineValidationError)
      return error.problems.map((p) => `[${p.path}] ${p.message}`);
    throw error;
  }
  return [];
};

/** Built from JSON text, as a request body is, so `__proto__` is an own key and not the prototype. */
const fromJson = <T>(value: T, name: string, replace: string): T =>
  JSON.parse(JSON.stringify(value).replace(replace, name)) as T;

describe('names Object.prototype lends every object', () => {
  it.each(PROTOTYPE_NAMES)('are no argument of a library step: %s', (name) => {
    const model = fromJson(
      {
        name: 'p',
        stages: [{ name: 'a', steps: [{ step: 'buildImage', with: { image: 'team/app', NAME: 'x' } }] }],
      },
      name,
      'NAME',
    );
    expect(problemsOf(() => validatePipeline(model))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[stages\\[0\\]\\.steps\\[0\\]\\.with\\.${name}\\] buildImage has no argument "${name}"; it takes: `,
        ),
      ),
    ]);
  });

  it.each(PROTOTYPE_NAMES)('are no parameter of a when condition in pipeline JSON: %s', (name) => {
    const doc = fromJson(
      {
        pipeline: {
          agent: { type: 'any' },
          stages: [
            {
              name: 'a',
              branches: [
                {
                  name: 'default',
                  steps: [
                    { name: 'echo', arguments: [{ key: 'message', value: { isLiteral: true, value: 'x' } }] },
                  ],
                },
              ],
              when: {
                conditions: [
                  { name: 'branch', arguments: [{ key: 'NAME', value: { isLiteral: true, value: 'main' } }] },
                ],
              },
            },
          ],
        },
      },
      name,
      'NAME',
    );
    expect(problemsOf(() => readPipelineJson(doc))).toEqual([
      `[pipeline.stages[0].when.conditions[0].arguments[0]] when condition "branch" has no parameter "${name}"; known: pattern, comparator`,
    ]);
  });
});
