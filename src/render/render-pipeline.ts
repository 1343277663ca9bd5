import type { CheckedDocument } from '../declarative/validate-declarative.js';
import type { PipelineModel } from '../model/pipeline-schema.js';
import { validatePipeline } from '../model/validate-pipeline.js';
import { compilePipeline } from './compile-pipeline.js';
import { renderJenkinsfile, type RenderOptions } from './render-jenkinsfile.js';

/**
 * Validates a pipeline model and compiles it to Jenkins pipeline JSON form. The model is
 * validated once: the compiled document is checked by construction (compilePipeline says why),
 * not re-checked against Declarative's rules on every call.
 */
export function pipelineDocument(input: unknown): CheckedDocument {
  return compilePipeline(validatePipeline(input));
}

/** Model (as parsed from YAML or JSON) -> Jenkinsfile text. Throws PipelineValidationError. */
export function renderPipeline(input: unknown, options: RenderOptions = {}): string {
  const doc = pipelineDocument(input);
  const name = (input as PipelineModel).name;
  return renderJenkinsfile(doc, { source: options.source ?? `pipeline ${name}`, ...options });
}
