import type { PipelineDocument } from '../declarative/ast.js';
import { validateDeclarative } from '../declarative/validate-declarative.js';
import { PipelineValidationError } from '../model/problems.js';
import type { PipelineModel } from '../model/pipeline-schema.js';
import { validatePipeline } from '../model/validate-pipeline.js';
import { compilePipeline } from './compile-pipeline.js';
import { renderJenkinsfile, type RenderOptions } from './render-jenkinsfile.js';

/**
 * Validates a pipeline model and compiles it to Jenkins pipeline JSON form. The compiled AST is
 * checked against Declarative's own rules too (validateDeclarative), so a compiler bug cannot
 * produce a Jenkinsfile that Jenkins rejects.
 */
export function pipelineDocument(input: unknown): PipelineDocument {
  const model: PipelineModel = validatePipeline(input);
  const doc = compilePipeline(model);
  const problems = validateDeclarative(doc);
  if (problems.length > 0) throw new PipelineValidationError(problems);
  return doc;
}

/** Model (as parsed from YAML or JSON) -> Jenkinsfile text. Throws PipelineValidationError. */
export function renderPipeline(input: unknown, options: RenderOptions = {}): string {
  const doc = pipelineDocument(input);
  const name = (input as PipelineModel).name;
  return renderJenkinsfile(doc, { source: options.source ?? `pipeline ${name}`, ...options });
}
