import { LIBRARY_NAME } from './library-steps.js';
import {
  MODEL_VERSION,
  type AgentModel,
  type ParameterModel,
  type PipelineModel,
} from './pipeline-schema.js';

/**
 * The defaults of the pipeline model, in one place: the schema's `@default` notes, the compiler,
 * the templates and the service (group of a stored pipeline, branch and parameters of a run)
 * all read them from here, so a run sees the values the Jenkinsfile declares.
 */
export const MODEL_DEFAULTS = {
  modelVersion: MODEL_VERSION,
  /** The group a pipeline belongs to when it names none. */
  group: 'development',
  agent: 'any',
  /** The branch of `source.git` that is checked out. */
  sourceBranch: 'main',
  /** The stage the compiler puts first when the pipeline has a source repository. */
  checkoutStage: 'Checkout',
  libraryName: LIBRARY_NAME,
} as const satisfies {
  modelVersion: number;
  group: string;
  agent: AgentModel;
  sourceBranch: string;
  checkoutStage: string;
  libraryName: string;
};

/** The group in which gates must name their approvers. */
export const PRODUCTION_GROUP = 'production';

/**
 * The value a build parameter has when the build is started without it, as Jenkins gives it:
 * the declared default, else `false` for a boolean, the first choice for a choice (Jenkins'
 * choice parameter has no default of its own) and an empty string otherwise. A password
 * parameter has none: its value never comes from the pipeline definition.
 */
export function parameterDefault(p: ParameterModel): string | boolean | undefined {
  switch (p.type) {
    case 'password':
      return undefined;
    case 'boolean':
      return typeof p.default === 'boolean' ? p.default : false;
    case 'choice':
      return p.choices?.[0] ?? '';
    default:
      return typeof p.default === 'string' ? p.default : '';
  }
}

/** A pipeline model with every default filled in. */
export type PipelineWithDefaults = PipelineModel & {
  modelVersion: number;
  group: string;
  agent: AgentModel;
  source?: NonNullable<PipelineModel['source']> & { branch: string };
};

/**
 * The model with its defaults filled in: modelVersion, group, agent, the source branch and
 * every parameter's default (password parameters aside). Pure: the input is not changed.
 */
export function withModelDefaults(model: PipelineModel): PipelineWithDefaults {
  // One spread, its source replaced below; no rest pattern and no delete, which V8 makes slow.
  const out = {
    ...model,
    modelVersion: model.modelVersion ?? MODEL_DEFAULTS.modelVersion,
    group: model.group ?? MODEL_DEFAULTS.group,
    agent: model.agent ?? MODEL_DEFAULTS.agent,
  } as PipelineWithDefaults;
  if (model.source)
    out.source = { ...model.source, branch: model.source.branch ?? MODEL_DEFAULTS.sourceBranch };
  if (model.parameters) {
    out.parameters = model.parameters.map((p) => {
      const value = parameterDefault(p);
      return value === undefined ? p : { ...p, default: value };
    });
  }
  return out;
}
