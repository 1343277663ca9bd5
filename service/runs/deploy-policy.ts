import type { PipelineModel, PostModel, Problem, StageModel, StepModel } from '../../src/index.js';
import type { Environment } from '../schemas/environments.js';
import { ownEntry, parameterDefault, rawGroovyInModel } from '../../src/index.js';
import { defaultParameters } from './default-parameters.js';

/** The library step that deploys; its `environment` argument names the target. */
const DEPLOY_STEP = 'deployToKubernetes';

/** What one argument of a deploy step names: a value known before the run, or an expression. */
type Named = { value: string } | { unknown: string } | null;

/**
 * The environments the deploy steps of `steps` reach, each step by its `environment` and by the
 * namespace it writes to (`namespace`, else the environment's name, as the library step does):
 * literals, or `params.X` of a declared parameter (the run's value, else the declared default).
 * `unknown` holds the expressions known only in the build.
 */
function deployTargets(
  model: PipelineModel,
  steps: StepModel[],
  environments: Environment[],
  parameters: Record<string, string | boolean>,
): { deploys: number; targets: Environment[]; unknown: string[] } {
  const named = (value: unknown): Named => {
    if (value === undefined) return null;
    if (typeof value === 'string') return { value };
    const expression = (value as { expression?: unknown } | null)?.expression;
    if (typeof expression !== 'string') return { unknown: JSON.stringify(value) };
    const name = /^\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expression)?.[1];
    const declared = (model.parameters ?? []).find((p) => p.name === name);
    if (!declared || declared.type === 'password') return { unknown: expression };
    return { value: String(ownEntry(parameters, declared.name) ?? parameterDefault(declared) ?? '') };
  };
  const targets = new Set<Environment>();
  const unknown: string[] = [];
  let deploys = 0;
  for (const step of steps) {
    if (!('step' in step) || step.step !== DEPLOY_STEP) continue;
    deploys++;
    const args = (step.with ?? {}) as Record<string, unknown>;
    const environment = named(args.environment);
    const namespace = named(args.namespace) ?? environment;
    for (const n of new Set([environment, namespace])) if (n && 'unknown' in n) unknown.push(n.unknown);
    for (const e of environments) {
      const byName = environment && 'value' in environment && environment.value === e.name;
      const byNamespace = namespace && 'value' in namespace && namespace.value === (e.namespace ?? e.name);
      if (byName || byNamespace) targets.add(e);
    }
  }
  return { deploys, targets: [...targets], unknown };
}

const hasApprovers = (e: Environment) => e.approvers.users.length + e.approvers.groups.length > 0;
const isProtected = (e: Environment) => e.allowedGroups.length > 0 || hasApprovers(e);

export interface PolicyOutcome {
  /** The model the run executes: protected deploys behind their environment's approval. */
  model: PipelineModel;
  /** Deploys this pipeline group may not make. */
  problems: Problem[];
  /** Environments that gate a stage of this run. */
  gated: string[];
}

/**
 * Applies the protection rules of the config centre's environments to a run, modelled on
 * GitHub's required reviewers and GitLab's protected environments: a stage that deploys to an
 * environment with approvers waits for them whatever the pipeline says (a gate of its own is
 * replaced, so its submitters cannot approve in their place), and only the pipeline groups an
 * environment allows may deploy there at all. Every deploy step counts, in stages and in post
 * blocks, which no gate can hold: a protected deploy there is refused.
 */
export function applyDeployPolicy(
  model: PipelineModel,
  pipelineGroup: string,
  environments: Environment[],
  parameters: Record<string, string | boolean>,
): PolicyOutcome {
  const problems: Problem[] = [];
  const gated = new Set<string>();
  const guarded = environments.filter(isProtected).map((e) => e.name);
  const refuse = (path: string, message: string) => problems.push({ path, message });
  /** The rules every deploy place shares; returns the environments whose approvers must gate it. */
  const check = (path: string, what: string, steps: StepModel[], fallbackName?: string): Environment[] => {
    const { deploys, targets, unknown } = deployTargets(model, steps, environments, parameters);
    if (deploys === 0 && fallbackName !== undefined) {
      const words = new Set(fallbackName.toLowerCase().split(/[^a-z0-9._-]+/));
      targets.push(...environments.filter((e) => words.has(e.name.toLowerCase())));
    }
    // What a computed name evaluates to is known only in the build: with anything protected,
    // it could be the protected environment, so the run does not start rather than skip the rules.
    if (unknown.length > 0 && guarded.length > 0)
      refuse(
        path,
        `${what} deploys to the environment ${unknown.map((u) => JSON.stringify(u)).join(' and ')} computes, which is known only in the build; environments ${guarded.join(', ')} are protected, so name the environment literally or as params.NAME of a declared parameter`,
      );
    for (const target of targets)
      if (target.allowedGroups.length > 0 && !target.allowedGroups.includes(pipelineGroup))
        refuse(
          path,
          `${what} deploys to ${target.online ? 'online' : 'offline'} environment ${target.name}, which only pipeline groups ${target.allowedGroups.join(', ')} may deploy to; this pipeline is in ${pipelineGroup}`,
        );
    return targets.filter(hasApprovers);
  };
  const checkPost = (post: PostModel | undefined, path: string) => {
    for (const [condition, steps] of Object.entries(post ?? {})) {
      if (!steps) continue;
      const at = `${path}.post.${condition}`;
      for (const target of check(at, `post ${condition}`, steps))
        refuse(
          at,
          `post ${condition} deploys to protected environment ${target.name}, which no approval can hold in a post block; deploy in a stage`,
        );
    }
  };
  const visit = (stages: StageModel[], path: string): StageModel[] =>
    stages.map((stage, i) => {
      const here = `${path}[${i}]`;
      const next: StageModel = { ...stage };
      if (stage.parallel) next.parallel = visit(stage.parallel, `${here}.parallel`);
      if (stage.stages) next.stages = visit(stage.stages, `${here}.stages`);
      checkPost(stage.post, here);
      const approved = check(here, `stage ${JSON.stringify(stage.name)}`, stage.steps ?? [], stage.name);
      if (approved.length > 1) {
        refuse(
          here,
          `stage ${JSON.stringify(stage.name)} deploys to protected environments ${approved.map((e) => e.name).join(' and ')}, whose approvers differ; one gate cannot hold both, so deploy to each in a stage of its own`,
        );
        return next;
      }
      const target = approved[0];
      if (!target) return next;
      gated.add(target.name);
      next.gate = {
        ...stage.gate,
        message: `Deploy to protected environment ${target.name}?${stage.gate ? ` (${stage.gate.message})` : ''}`,
        submitters: { users: [...target.approvers.users], groups: [...target.approvers.groups] },
      };
      return next;
    });
  const stages = visit(model.stages, 'stages');
  checkPost(model.post, 'pipeline');
  if (guarded.length > 0 && model.source?.jenkinsfile)
    // Jenkins runs the repository's file, which anyone who may push can change: the rules above
    // read a model that does not run, so they cannot hold it to a gate.
    refuse(
      'source.jenkinsfile',
      `runs ${model.source.jenkinsfile} from the repository, which these rules cannot read or gate; environments ${guarded.join(', ')} are protected, so let pipewright write the pipeline's Jenkinsfile (leave source.jenkinsfile out)`,
    );
  if (guarded.length > 0) {
    // The rules read the model's deploy steps; one called from Groovy the author wrote could
    // name any environment at run time, so while something is protected it is refused.
    for (const piece of rawGroovyInModel(model))
      if (withoutUnicodeEscapes(piece.rendered).includes(DEPLOY_STEP))
        refuse(
          piece.path,
          `calls ${DEPLOY_STEP} from Groovy code, where the environment is known only in the build; environments ${guarded.join(', ')} are protected, so deploy with a ${DEPLOY_STEP} step of the stage`,
        );
  }
  return { model: { ...model, stages }, problems, gated: [...gated] };
}

/**
 * The model a Jenkins job may hold after `outcome` (the rules applied to a run; by default to
 * the declared defaults). Jenkins starts a job's cron builds itself, with the declared defaults,
 * running the script it was last written with: the job keeps its triggers only when that script
 * is what the rules give for the defaults, else it gets none and waits for the service.
 */
export function jobModel(
  model: PipelineModel,
  pipelineGroup: string,
  environments: Environment[],
  outcome?: PolicyOutcome,
): PipelineModel {
  const forDefaults = applyDeployPolicy(
    model,
    pipelineGroup,
    environments,
    defaultParameters(model.parameters),
  );
  const same =
    forDefaults.problems.length === 0 &&
    (outcome === undefined || JSON.stringify(forDefaults.model) === JSON.stringify(outcome.model));
  const chosen = (outcome ?? forDefaults).model;
  return same ? chosen : { ...chosen, triggers: [{ type: 'manual' }] };
}

/** Groovy reads `\uXXXX` (with any number of u) as the character before it lexes the source. */
function withoutUnicodeEscapes(code: string): string {
  return code.replace(/\\u+([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Pipeline groups some environment restricts deploys to: changing their pipelines needs maintainer. */
export function protectedGroups(environments: Environment[]): Set<string> {
  return new Set(environments.flatMap((e) => e.allowedGroups));
}
