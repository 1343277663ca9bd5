import { describe, expect, it } from 'vitest';
import { variedPipelines } from '../../bench/varied-pipelines.js';
import { validateDeclarative } from '../../src/declarative/validate-declarative.js';
import { compilePipeline } from '../../src/render/compile-pipeline.js';
import { validatePipeline } from '../../src/model/validate-pipeline.js';
import { BUILT_IN_TEMPLATES } from '../../src/templates/built-in-templates.js';

/**
 * compilePipeline returns a CheckedDocument for a validated model without running the check;
 * this is the proof that it may. The check also coerces literals in place, so the document must
 * come out of it unchanged, or a trusted document would render differently from a checked one.
 */
describe('compiled pipeline models', () => {
  it("meet Declarative's rules, unchanged by the check, for every template and 500 varied pipelines", () => {
    // GIVEN every built-in template and 500 varied pipelines, validated
    const models = [
      ...BUILT_IN_TEMPLATES.map((t) => t.create({ name: 'app', language: 'maven' })),
      ...variedPipelines(500, 7),
    ];
    for (const model of models) {
      // WHEN each is compiled and then checked as a document from outside would be
      const doc = compilePipeline(validatePipeline(model));
      const checked = structuredClone(doc);
      // THEN the check finds nothing and changes nothing
      expect(validateDeclarative(checked), model.name).toEqual([]);
      expect(checked, model.name).toEqual(doc);
    }
  });
});
