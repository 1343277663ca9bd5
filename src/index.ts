/** pipewright's public API: the pipeline model, its validation, rendering and templates. */
export * from './declarative/ast.js';
export { readPipelineJson, readPipelineJsonText } from './declarative/read-pipeline-json.js';
export {
  validateDeclarative,
  checkDeclarative,
  type CheckedDocument,
} from './declarative/validate-declarative.js';
export { declarativeFromGroovyTree } from './declarative/from-groovy-tree.js';
export * from './model/pipeline-schema.js';
export * from './model/problems.js';
export { validatePipeline, pipelineProblems, type ValidPipelineModel } from './model/validate-pipeline.js';
export {
  MODEL_DEFAULTS,
  PRODUCTION_GROUP,
  parameterDefault,
  withModelDefaults,
  type PipelineWithDefaults,
} from './model/model-defaults.js';
export {
  LIBRARY_STEPS,
  LIBRARY_NAME,
  type LibraryStep,
  type LibraryParameter,
} from './model/library-steps.js';
export { JENKINS_STEPS, WHEN_CONDITIONS, POST_CONDITIONS } from './model/step-catalogue.js';
export { dictionary, ownEntry } from './model/own-entry.js';
export { rawGroovyInModel, type RawGroovy } from './render/raw-groovy.js';
export { groovyString, groovyScalar, UnrepresentableStringError } from './groovy/groovy-literal.js';
export { renderJenkinsfile, type RenderOptions } from './render/render-jenkinsfile.js';
export { renderPipeline, pipelineDocument } from './render/render-pipeline.js';
export { compilePipeline } from './render/compile-pipeline.js';
export { generatedStatus, type GeneratedStatus } from './groovy/generated-header.js';
export { BUILT_IN_TEMPLATES, findTemplate, type PipelineTemplate } from './templates/built-in-templates.js';
export { TemplateOptionsSchema, type TemplateOptions } from './templates/template-options.js';
