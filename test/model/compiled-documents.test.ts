import { describe, expect, it } from 'vitest';
import { variedPipelines } from '../../bench/varied-pipelines.js';
import { validateDeclarative } from '../../src/declarative/validate-declarative.js';
import { compilePipeline } from '../../src/render/compile-pipeline.js';
import { validatePipeline } from '../../src/model/validate-pipeline.js';
import { BUILT_IN_TEMPLATES } from '../../src/templates/built-in-templates.js';

/** pipelineDocument validates the model only; this proves the compiler's output needs no second check. */
describe('compiled pipeline models', () => {
  it("meet Declarative's rules for every template and 500 varied pipelines", () => {
    const models = [
      ...BUILT_IN_TEMPLATES.map((t) => t.create({ name: 'app', language: 'maven' })),
      ...variedPipelines(500, 7),
    ];
    for (const model of models) {
      const doc = compilePipeline(validatePipeline(model));
      expect(validateDeclarative(doc), model.name).toEqual([]);
    }
  });
});
