import { describe, expect, it } from 'vitest';
import { MODEL_DEFAULTS, parameterDefault, withModelDefaults } from '../../src/model/model-defaults.js';
import type { PipelineModel } from '../../src/model/pipeline-schema.js';
import { pipelineProblems } from '../../src/model/validate-pipeline.js';
import { compilePipeline } from '../../src/render/compile-pipeline.js';

const model: PipelineModel = {
  name: 'shop',
  source: { git: 'https://git.example/shop.git' },
  parameters: [
    { name: 'TARGET', type: 'string' },
    { name: 'DRY', type: 'boolean' },
    { name: 'REGION', type: 'choice', choices: ['eu', 'us'] },
    { name: 'TOKEN', type: 'password' },
    { name: 'NOTE', type: 'text', default: 'hello' },
  ],
  stages: [{ name: 'Build', steps: [{ sh: 'make' }] }],
};

describe('model defaults', () => {
  it('fills group, agent, version, source branch and parameter defaults without changing the input', () => {
    // GIVEN a model that leaves every default out WHEN its defaults are filled in
    const before = JSON.stringify(model);
    const full = withModelDefaults(model);
    // THEN each default comes from the one table, and the input is untouched
    expect(full.group).toBe(MODEL_DEFAULTS.group);
    expect(full.agent).toBe('any');
    expect(full.modelVersion).toBe(MODEL_DEFAULTS.modelVersion);
    expect(full.source?.branch).toBe('main');
    expect(full.parameters!.map((p) => p.default)).toEqual(['', false, 'eu', undefined, 'hello']);
    expect(JSON.stringify(model)).toBe(before);
  });

  it('gives a run the values the compiled Jenkinsfile declares', () => {
    // GIVEN the compiled document of the model
    const doc = compilePipeline(model);
    const declared = doc.pipeline.parameters!.parameters.map((call) => {
      const arg = call.arguments.find((a) => 'key' in a && a.key === 'defaultValue');
      return arg && 'key' in arg && 'isLiteral' in arg.value ? arg.value.value : undefined;
    });
    // THEN every parameter with a defaultValue in the Jenkinsfile has that value as its run default
    const expected = model.parameters!.map((p) => (p.type === 'choice' ? undefined : parameterDefault(p)));
    expect(declared).toEqual(expected);
    // AND the checkout stage comes first, on the default branch
    expect(doc.pipeline.stages[0]!.name).toBe(MODEL_DEFAULTS.checkoutStage);
  });

  it('refuses a choice default that is not the first choice, since Jenkins starts at the first', () => {
    const problems = pipelineProblems({
      ...model,
      parameters: [{ name: 'REGION', type: 'choice', choices: ['eu', 'us'], default: 'us' }],
    });
    expect(problems.map((p) => p.path)).toEqual(['parameters[0].default']);
  });
});
