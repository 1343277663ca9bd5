/**
 * Parameter types of the options, triggers and build parameters that Declarative ships with or
 * that every Jenkins has (core, workflow-job, pipeline-model-definition, timestamper). Jenkins
 * learns these from its installed plugins (DescribableModel); a name missing here belongs to a
 * plugin and is checked only by a live Jenkins. Facts, read from the plugins' constructors.
 */

/** `describable` is a nested method call such as `logRotator(...)`, checked by its own entry. */
export type ParameterType = 'string' | 'boolean' | 'int' | 'code' | 'describable' | 'list';

export interface MethodSignature {
  parameters: Readonly<Record<string, ParameterType>>;
  /** The parameter one unnamed argument stands for: `retry(3)` is `retry(count: 3)`. */
  soleParameter?: string;
}

/** `options { }` entries, pipeline and stage level. */
export const OPTIONS: Readonly<Record<string, MethodSignature>> = {
  buildDiscarder: { parameters: { strategy: 'describable' }, soleParameter: 'strategy' },
  checkoutToSubdirectory: { parameters: { path: 'string' }, soleParameter: 'path' },
  disableConcurrentBuilds: { parameters: { abortPrevious: 'boolean' } },
  disableResume: { parameters: {} },
  disableRestartFromStage: { parameters: {} },
  durabilityHint: { parameters: { hint: 'string' }, soleParameter: 'hint' },
  newContainerPerStage: { parameters: {} },
  overrideIndexTriggers: { parameters: { value: 'boolean' }, soleParameter: 'value' },
  parallelsAlwaysFailFast: { parameters: {} },
  preserveStashes: { parameters: { buildCount: 'int' } },
  quietPeriod: { parameters: { quietPeriod: 'int' }, soleParameter: 'quietPeriod' },
  retry: { parameters: { count: 'int', conditions: 'list' }, soleParameter: 'count' },
  skipDefaultCheckout: { parameters: { value: 'boolean' }, soleParameter: 'value' },
  skipStagesAfterUnstable: { parameters: {} },
  timeout: {
    parameters: { time: 'int', unit: 'string', activity: 'boolean' },
    soleParameter: 'time',
  },
  timestamps: { parameters: {} },
};

/** `triggers { }` entries from Jenkins core. */
export const TRIGGERS: Readonly<Record<string, MethodSignature>> = {
  cron: { parameters: { spec: 'string' }, soleParameter: 'spec' },
  pollSCM: {
    parameters: { scmpoll_spec: 'string', ignorePostCommitHooks: 'boolean' },
    soleParameter: 'scmpoll_spec',
  },
  upstream: {
    parameters: { upstreamProjects: 'string', threshold: 'string' },
    soleParameter: 'upstreamProjects',
  },
};

/** `parameters { }` entries from Jenkins core. */
export const BUILD_PARAMETERS: Readonly<Record<string, MethodSignature>> = {
  booleanParam: { parameters: { name: 'string', defaultValue: 'boolean', description: 'string' } },
  choice: { parameters: { name: 'string', choices: 'list', description: 'string' } },
  password: { parameters: { name: 'string', defaultValue: 'string', description: 'string' } },
  string: {
    parameters: { name: 'string', defaultValue: 'string', description: 'string', trim: 'boolean' },
  },
  text: {
    parameters: { name: 'string', defaultValue: 'string', description: 'string', trim: 'boolean' },
  },
};

/** Describables used as option arguments. */
export const NESTED_DESCRIBABLES: Readonly<Record<string, MethodSignature>> = {
  logRotator: {
    parameters: {
      daysToKeepStr: 'string',
      numToKeepStr: 'string',
      artifactDaysToKeepStr: 'string',
      artifactNumToKeepStr: 'string',
    },
  },
};

/**
 * Where Jenkins refuses a step or method by name (BlockedStepsAndMethodCalls): in steps, and in
 * the method calls of options, triggers, parameters and their arguments.
 */
export const BLOCKED_IN_STEPS: Readonly<Record<string, string>> = {
  stage: 'The stage step cannot be used in Declarative Pipelines',
  properties: 'The properties step cannot be used in Declarative Pipelines',
  parallel: 'The parallel step can only be used as the only top-level step in a stages step block',
};

export const BLOCKED_IN_METHOD_CALLS: Readonly<Record<string, string>> = {
  node: 'The node step cannot be used in Declarative Pipelines',
  ...BLOCKED_IN_STEPS,
};
