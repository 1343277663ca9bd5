/**
 * What pipewright knows of Jenkins' built-in steps and `when` conditions without a live Jenkins.
 * Jenkins learns these from its installed plugins (DescribableModel); we keep the subset that
 * Declarative Pipelines use every day. Facts, checked against the plugins' sources.
 */

export interface StepSignature {
  /**
   * The parameter a step takes when it is called with one unnamed argument: `echo 'x'` is
   * `echo message: 'x'`. Absent when the step has no sole required parameter.
   */
  soleParameter?: string;
}

/** Built-in and common plugin steps, by the name Jenkins knows them by. */
export const JENKINS_STEPS: Readonly<Record<string, StepSignature>> = {
  archive: { soleParameter: 'includes' },
  archiveArtifacts: { soleParameter: 'artifacts' },
  bat: { soleParameter: 'script' },
  build: { soleParameter: 'job' },
  checkout: { soleParameter: 'scm' },
  cleanWs: {},
  container: { soleParameter: 'name' },
  deleteDir: {},
  dir: { soleParameter: 'path' },
  echo: { soleParameter: 'message' },
  error: { soleParameter: 'message' },
  fileExists: { soleParameter: 'file' },
  git: { soleParameter: 'url' },
  input: { soleParameter: 'message' },
  junit: { soleParameter: 'testResults' },
  libraryResource: { soleParameter: 'resource' },
  load: { soleParameter: 'path' },
  lock: { soleParameter: 'resource' },
  mail: {},
  milestone: { soleParameter: 'ordinal' },
  node: { soleParameter: 'label' },
  powershell: { soleParameter: 'script' },
  properties: { soleParameter: 'properties' },
  pwsh: { soleParameter: 'script' },
  readFile: { soleParameter: 'file' },
  retry: { soleParameter: 'count' },
  script: { soleParameter: 'scriptBlock' },
  sh: { soleParameter: 'script' },
  sleep: { soleParameter: 'time' },
  stash: { soleParameter: 'name' },
  step: { soleParameter: 'delegate' },
  timeout: { soleParameter: 'time' },
  timestamps: {},
  tool: { soleParameter: 'name' },
  unstable: { soleParameter: 'message' },
  unstash: { soleParameter: 'name' },
  warnError: { soleParameter: 'message' },
  withCredentials: { soleParameter: 'bindings' },
  withEnv: { soleParameter: 'overrides' },
  wrap: { soleParameter: 'delegate' },
  writeFile: {},
  ws: { soleParameter: 'dir' },
};

/** Steps whose body is Groovy code, kept as source text in the pipeline JSON. */
export const CODE_BLOCK_STEPS: Readonly<Record<string, string>> = { script: 'scriptBlock' };

export type ConditionParameterType = 'string' | 'boolean' | 'code';

export interface WhenConditionSignature {
  parameters: Readonly<Record<string, ConditionParameterType>>;
  soleParameter?: string;
  /** allOf / anyOf / not hold other conditions instead of arguments. */
  nested?: 'many' | 'one';
}

/** The `when` conditions Declarative Pipeline defines (pipeline-model-definition). */
export const WHEN_CONDITIONS: Readonly<Record<string, WhenConditionSignature>> = {
  allOf: { parameters: {}, nested: 'many' },
  anyOf: { parameters: {}, nested: 'many' },
  not: { parameters: {}, nested: 'one' },
  branch: { parameters: { pattern: 'string', comparator: 'string' }, soleParameter: 'pattern' },
  buildingTag: { parameters: {} },
  changelog: { parameters: { pattern: 'string' }, soleParameter: 'pattern' },
  changeset: {
    parameters: { pattern: 'string', comparator: 'string', caseSensitive: 'boolean' },
    soleParameter: 'pattern',
  },
  changeRequest: {
    parameters: {
      id: 'string',
      target: 'string',
      branch: 'string',
      fork: 'string',
      url: 'string',
      title: 'string',
      author: 'string',
      authorDisplayName: 'string',
      authorEmail: 'string',
      comparator: 'string',
    },
  },
  environment: { parameters: { name: 'string', value: 'string', ignoreCase: 'boolean' } },
  equals: { parameters: { expected: 'string', actual: 'string' } },
  expression: { parameters: { scriptBlock: 'code' }, soleParameter: 'scriptBlock' },
  isRestartedRun: { parameters: {} },
  tag: { parameters: { pattern: 'string', comparator: 'string' }, soleParameter: 'pattern' },
  triggeredBy: { parameters: { cause: 'string', detail: 'string' }, soleParameter: 'cause' },
};

/** The conditions a `post` block may use, in the order Jenkins runs them. */
export const POST_CONDITIONS = [
  'always',
  'changed',
  'fixed',
  'regression',
  'aborted',
  'failure',
  'success',
  'unstable',
  'unsuccessful',
  'notBuilt',
  'cleanup',
] as const;

export type PostCondition = (typeof POST_CONDITIONS)[number];

/** The sole-parameter name of a step, if pipewright knows the step. */
export function soleParameterOf(stepName: string): string | undefined {
  return SOLE_PARAMETERS.get(stepName);
}

// One lookup per step of every render, instead of a property check and a read of a large object.
const SOLE_PARAMETERS = new Map(Object.entries(JENKINS_STEPS).map(([name, s]) => [name, s.soleParameter]));
