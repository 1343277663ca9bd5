import type { PipelineDocument } from '../declarative/ast.js';
import type { PipelineModel } from '../model/pipeline-schema.js';
import { validatePipeline } from '../model/validate-pipeline.js';
import { compilePipeline } from './compile-pipeline.js';
import { renderJenkinsfile, type RenderOptions } from './render-jenkinsfile.js';

/**
 * Validates a pipeline model and compiles it to Jenkins pipeline JSON form. The model is
 * validated once: the compiler's output meeting Declarative's rules is proved by tests
 * (test/model), not re-checked on every call.
 */
export function pipelineDocument(input: unknown): PipelineDocument {
  const model: PipelineModel = validatePipeline(input);
  return compilePipeline(model);
}

/** Model (as parsed from YAML or JSON) -> Jenkinsfile text. Throws PipelineValidationError. */
export function renderPipeline(input: unknown, options: RenderOptions = {}): string {
  const doc = pipelineDocument(input);
  const name = (input as PipelineModel).name;
  return renderJenkinsfile(doc, { source: options.source ?? `pipeline ${name}`, ...options });
}
