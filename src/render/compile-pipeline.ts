import {
  expression,
  literal,
  type Agent,
  type EnvironmentEntry,
  type MethodCall,
  type NamedArgument,
  type Pipeline,
  type PipelineDocument,
  type Post,
  type RawArgument,
  type Stage,
  type Step,
  type WhenCondition,
} from '../declarative/ast.js';
import type { CheckedDocument } from '../declarative/validate-declarative.js';
import { isLibraryStep } from '../model/library-steps.js';
import { MODEL_DEFAULTS, parameterDefault } from '../model/model-defaults.js';
import type {
  AgentModel,
  EnvironmentModel,
  GateModel,
  ParameterModel,
  PipelineModel,
  PostModel,
  StageModel,
  StepModel,
  WhenModel,
} from '../model/pipeline-schema.js';
import { POST_CONDITIONS } from '../model/step-catalogue.js';
import type { ValidPipelineModel } from '../model/validate-pipeline.js';
import { groovyString } from '../groovy/groovy-literal.js';

/** The cause Jenkins records for a build someone started by hand (or through the API as a user). */
export const MANUAL_CAUSE = 'UserIdCause';

type ArgValue = string | number | boolean | string[] | { expression: string };

const named = (key: string, value: RawArgument): NamedArgument => ({ key, value });

/** A step argument: literals stay literals; a list becomes Groovy source built from escaped literals. */
function argument(value: ArgValue): RawArgument {
  if (Array.isArray(value)) return expression(`[${value.map(groovyString).join(', ')}]`);
  if (typeof value === 'object') return expression(value.expression);
  return literal(value);
}

function step(model: StepModel): Step {
  if ('sh' in model) {
    const args = [named('script', literal(model.sh))];
    if (model.label !== undefined) args.push(named('label', literal(model.label)));
    return { name: 'sh', arguments: args };
  }
  if ('echo' in model) return { name: 'echo', arguments: [named('message', literal(model.echo))] };
  if ('script' in model) return { name: 'script', arguments: [named('scriptBlock', literal(model.script))] };
  const args: NamedArgument[] = [];
  const given = model.with;
  if (given) for (const k of Object.keys(given)) args.push(named(k, argument(given[k] as ArgValue)));
  return { name: model.step, arguments: args };
}

function steps(list: StepModel[]): Step[] {
  return list.map(step);
}

function post(model: PostModel | undefined): Post | undefined {
  if (!model) return undefined;
  const conditions: Post['conditions'] = [];
  for (const condition of POST_CONDITIONS) {
    const list = model[condition as keyof PostModel];
    if (list !== undefined) conditions.push({ condition, branch: { name: 'default', steps: steps(list) } });
  }
  return conditions.length ? { conditions } : undefined;
}

function environment(model: EnvironmentModel | undefined): EnvironmentEntry[] | undefined {
  if (!model || Object.keys(model).length === 0) return undefined;
  return Object.entries(model).map(([key, v]) => {
    if (typeof v === 'string') return { key, value: literal(v) };
    if ('credential' in v) return { key, value: { name: 'credentials', arguments: [literal(v.credential)] } };
    return { key, value: expression(v.expression) };
  });
}

export function agent(model: AgentModel): Agent {
  if (model === 'any') return { type: 'any' };
  if (model === 'none') return { type: 'none' };
  const kubernetes =
    model.yaml !== undefined || model.podTemplate !== undefined || model.defaultContainer !== undefined;
  if (!kubernetes)
    return model.label !== undefined ? { type: 'label', argument: literal(model.label) } : { type: 'any' };
  const args: { key: string; value: RawArgument }[] = [];
  if (model.cloud !== undefined) args.push({ key: 'cloud', value: literal(model.cloud) });
  if (model.label !== undefined) args.push({ key: 'label', value: literal(model.label) });
  if (model.podTemplate !== undefined) args.push({ key: 'inheritFrom', value: literal(model.podTemplate) });
  if (model.yaml !== undefined) args.push({ key: 'yaml', value: literal(model.yaml) });
  if (model.defaultContainer !== undefined)
    args.push({ key: 'defaultContainer', value: literal(model.defaultContainer) });
  return { type: 'kubernetes', arguments: args };
}

/** Jenkins parameter definitions; a choice list is newline-separated text, so it stays a literal. */
function parameter(p: ParameterModel): MethodCall {
  const args: MethodCall['arguments'] = [{ key: 'name', value: literal(p.name) }];
  // A choice starts at its first choice and a password has no default (parameterDefault).
  if (p.type === 'choice') args.push({ key: 'choices', value: literal((p.choices ?? []).join('\n')) });
  else if (p.type !== 'password') args.push({ key: 'defaultValue', value: literal(parameterDefault(p)!) });
  if (p.description !== undefined) args.push({ key: 'description', value: literal(p.description) });
  const name = p.type === 'boolean' ? 'booleanParam' : p.type;
  return { name, arguments: args };
}

function timeout(minutes: number): MethodCall {
  return {
    name: 'timeout',
    arguments: [
      { key: 'time', value: literal(minutes) },
      { key: 'unit', value: literal('MINUTES') },
    ],
  };
}

/** Conditions with one parameter take it unnamed, as Jenkins' own JSON writes them. */
function whenConditions(model: WhenModel | undefined, manual: boolean | undefined): WhenCondition[] {
  const out: WhenCondition[] = [];
  if (manual) out.push({ name: 'triggeredBy', arguments: literal(MANUAL_CAUSE) });
  if (!model) return out;
  if (model.branch !== undefined) out.push({ name: 'branch', arguments: literal(model.branch) });
  if (model.tag !== undefined) out.push({ name: 'tag', arguments: literal(model.tag) });
  if (model.changeset !== undefined) out.push({ name: 'changeset', arguments: literal(model.changeset) });
  if (model.buildingTag) out.push({ name: 'buildingTag', arguments: [] });
  if (model.environment !== undefined) {
    out.push({
      name: 'environment',
      arguments: [
        named('name', literal(model.environment.name)),
        named('value', literal(model.environment.value)),
      ],
    });
  }
  if (model.expression !== undefined)
    out.push({ name: 'expression', arguments: [named('scriptBlock', literal(model.expression))] });
  return out;
}

function gateInput(gate: GateModel): Stage['input'] {
  const submitters = [...(gate.submitters?.users ?? []), ...(gate.submitters?.groups ?? [])];
  const input: NonNullable<Stage['input']> = { message: literal(gate.message) };
  if (gate.ok !== undefined) input.ok = literal(gate.ok);
  // Jenkins' input takes users and groups as one comma-separated list.
  if (submitters.length > 0) input.submitter = literal(submitters.join(','));
  if (gate.parameters?.length) input.parameters = { parameters: gate.parameters.map(parameter) };
  return input;
}

function stage(model: StageModel): Stage {
  const out: Stage = { name: model.name };
  if (model.agent !== undefined) out.agent = agent(model.agent);
  const conditions = whenConditions(model.when, model.manual);
  if (conditions.length > 0) {
    // A gate or agent should not hold resources for a stage that will be skipped.
    out.when = { conditions, ...(model.gate || model.agent ? { beforeAgent: true, beforeInput: true } : {}) };
  }
  const options: MethodCall[] = [];
  if (model.timeoutMinutes !== undefined) options.push(timeout(model.timeoutMinutes));
  if (model.gate?.timeoutMinutes !== undefined && model.timeoutMinutes === undefined)
    options.push(timeout(model.gate.timeoutMinutes));
  if (model.retry !== undefined) options.push({ name: 'retry', arguments: [literal(model.retry)] });
  if (options.length) out.options = { options };
  const env = environment(model.environment);
  if (env) out.environment = env;
  if (model.gate) out.input = gateInput(model.gate);
  if (model.steps) {
    const body = steps(model.steps);
    const wrapped = model.container
      ? [{ name: 'container', arguments: literal(model.container), children: body }]
      : body;
    out.branches = [{ name: 'default', steps: wrapped }];
  }
  if (model.parallel) out.parallel = model.parallel.map(stage);
  if (model.stages) out.stages = model.stages.map(stage);
  if (model.failFast !== undefined) out.failFast = model.failFast;
  const p = post(model.post);
  if (p) out.post = p;
  return out;
}

function inSteps(list: StepModel[] | undefined): boolean {
  return list !== undefined && list.some((s) => 'step' in s && isLibraryStep(s.step));
}

function inPost(p: PostModel | undefined): boolean {
  if (p === undefined) return false;
  for (const list of Object.values(p)) if (inSteps(list as StepModel[])) return true;
  return false;
}

function inStage(s: StageModel): boolean {
  return (
    inSteps(s.steps) ||
    inPost(s.post) ||
    (s.parallel !== undefined && s.parallel.some(inStage)) ||
    (s.stages !== undefined && s.stages.some(inStage))
  );
}

function usesLibrary(stages: StageModel[], extra: (PostModel | undefined)[]): boolean {
  return stages.some(inStage) || extra.some(inPost);
}

/**
 * Compiles a validated pipeline model to the Declarative AST. Pure. Every user string becomes a
 * literal; only fields the model marks as Groovy (script, when.expression, {expression},
 * groovy.prologue/epilogue) do not.
 *
 * A model validatePipeline accepted compiles to a document that meets Declarative's rules by
 * construction, so it comes back as a CheckedDocument without a second check. The proof is a
 * test, not a run-time check: test/model/compiled-documents.test.ts runs validateDeclarative on
 * compiled documents, and the injection property test (test/render) reads each rendered one
 * back through it, so a compiler bug that breaks a rule fails them. A model that was not
 * validated gives a plain document.
 */
export function compilePipeline(model: ValidPipelineModel): CheckedDocument;
export function compilePipeline(model: PipelineModel): PipelineDocument;
export function compilePipeline(model: PipelineModel): PipelineDocument {
  // Defaults come from MODEL_DEFAULTS one by one: copying the model with withModelDefaults made
  // every render 15% slower (a fresh object of another shape for each model).
  const pipeline: Pipeline = { agent: agent(model.agent ?? MODEL_DEFAULTS.agent), stages: [] };
  if (usesLibrary(model.stages, [model.post])) {
    const name = model.library?.name ?? MODEL_DEFAULTS.libraryName;
    const ref = model.library?.version ? `${name}@${model.library.version}` : name;
    pipeline.libraries = { libraries: [literal(ref)] };
  }
  const options: MethodCall[] = [];
  const o = model.options ?? {};
  if (o.keepBuilds !== undefined) {
    options.push({
      name: 'buildDiscarder',
      arguments: [
        { name: 'logRotator', arguments: [{ key: 'numToKeepStr', value: literal(String(o.keepBuilds)) }] },
      ],
    });
  }
  if (o.disableConcurrentBuilds) options.push({ name: 'disableConcurrentBuilds', arguments: [] });
  if (o.timeoutMinutes !== undefined) options.push(timeout(o.timeoutMinutes));
  if (o.retry !== undefined) options.push({ name: 'retry', arguments: [literal(o.retry)] });
  if (o.timestamps) options.push({ name: 'timestamps', arguments: [] });
  if (options.length) pipeline.options = { options };
  if (model.parameters?.length) pipeline.parameters = { parameters: model.parameters.map(parameter) };
  const triggers: MethodCall[] = [];
  for (const t of model.triggers ?? []) {
    // An empty pollSCM schedule never polls: it makes the job answer the git plugin's
    // notifyCommit webhook, which is how a push starts a build.
    if (t.type === 'push') triggers.push({ name: 'pollSCM', arguments: [literal('')] });
    if (t.type === 'cron') triggers.push({ name: 'cron', arguments: [literal(t.schedule)] });
  }
  if (triggers.length) pipeline.triggers = { triggers };
  const env = environment(model.environment);
  if (env) pipeline.environment = env;
  const stages = model.stages.map(stage);
  if (model.source) {
    const args = [
      named('url', literal(model.source.git)),
      named('branch', literal(model.source.branch ?? MODEL_DEFAULTS.sourceBranch)),
    ];
    if (model.source.credentialsId) args.push(named('credentialsId', literal(model.source.credentialsId)));
    stages.unshift({
      name: MODEL_DEFAULTS.checkoutStage,
      branches: [{ name: 'default', steps: [{ name: 'git', arguments: args }] }],
    });
  }
  pipeline.stages = stages;
  const p = post(model.post);
  if (p) pipeline.post = p;
  if (!model.groovy) return { pipeline };
  // Code the author wrote, like a script step: carried verbatim, written around the block.
  const groovy: NonNullable<PipelineDocument['groovy']> = {};
  if (model.groovy.prologue !== undefined) groovy.prologue = model.groovy.prologue;
  if (model.groovy.epilogue !== undefined) groovy.epilogue = model.groovy.epilogue;
  return { pipeline, groovy };
}
