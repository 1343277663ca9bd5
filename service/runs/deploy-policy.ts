import type { PipelineModel, Problem, StageModel } from '../../src/index.js';
import type { Environment } from '../schemas/environments.js';
import { ownEntry, parameterDefault, rawGroovyInModel } from '../../src/index.js';

/** The library step that deploys; its `environment` argument names the target. */
const DEPLOY_STEP = 'deployToKubernetes';

/** A deploy whose environment the service cannot know before the run (a computed expression). */
interface UnknownTarget {
  unknown: string;
}

/**
 * The environment a stage deploys to: the deploy step's `environment` (a literal, or
 * `params.X` of a declared parameter, from the run's value or else the declared default), else
 * an environment the stage's name mentions as a word ("Deploy to production"). Null when it
 * deploys nowhere we know; `unknown` when its environment is any other expression.
 */
function deployTarget(
  model: PipelineModel,
  stage: StageModel,
  environments: Environment[],
  parameters: Record<string, string | boolean>,
): Environment | UnknownTarget | null {
  const byName = (name: string) => environments.find((e) => e.name === name) ?? null;
  for (const step of stage.steps ?? []) {
    if (!('step' in step) || step.step !== DEPLOY_STEP) continue;
    const value = (step.with as Record<string, unknown> | undefined)?.environment;
    if (typeof value === 'string') return byName(value);
    const expression = (value as { expression?: string } | undefined)?.expression ?? '';
    const name = /^\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expression)?.[1];
    const declared = (model.parameters ?? []).find((p) => p.name === name);
    if (!declared || declared.type === 'password') return { unknown: expression };
    return byName(String(ownEntry(parameters, declared.name) ?? parameterDefault(declared) ?? ''));
  }
  const words = new Set(stage.name.toLowerCase().split(/[^a-z0-9._-]+/));
  return environments.find((e) => words.has(e.name.toLowerCase())) ?? null;
}

const isProtected = (e: Environment) =>
  e.allowedGroups.length + e.approvers.users.length + e.approvers.groups.length > 0;

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
 * environment allows may deploy there at all.
 */
export function applyDeployPolicy(
  model: PipelineModel,
  pipelineGroup: string,
  environments: Environment[],
  parameters: Record<string, string | boolean>,
): PolicyOutcome {
  const problems: Problem[] = [];
  const gated = new Set<string>();
  const visit = (stages: StageModel[], path: string): StageModel[] =>
    stages.map((stage, i) => {
      const here = `${path}[${i}]`;
      const next: StageModel = { ...stage };
      if (stage.parallel) next.parallel = visit(stage.parallel, `${here}.parallel`);
      if (stage.stages) next.stages = visit(stage.stages, `${here}.stages`);
      const target = deployTarget(model, stage, environments, parameters);
      if (!target) return next;
      if ('unknown' in target) {
        // What a computed name evaluates to is known only in the build: with anything protected,
        // it could be the protected environment, so the run does not start rather than skip the rules.
        const guarded = environments.filter(isProtected).map((e) => e.name);
        if (guarded.length > 0)
          problems.push({
            path: here,
            message: `stage ${JSON.stringify(stage.name)} deploys to the environment ${JSON.stringify(target.unknown)} computes, which is known only in the build; environments ${guarded.join(', ')} are protected, so name the environment literally or as params.NAME of a declared parameter`,
          });
        return next;
      }
      if (target.allowedGroups.length > 0 && !target.allowedGroups.includes(pipelineGroup))
        problems.push({
          path: here,
          message: `stage ${JSON.stringify(stage.name)} deploys to ${target.online ? 'online' : 'offline'} environment ${target.name}, which only pipeline groups ${target.allowedGroups.join(', ')} may deploy to; this pipeline is in ${pipelineGroup}`,
        });
      const { users, groups } = target.approvers;
      if (users.length + groups.length > 0) {
        gated.add(target.name);
        next.gate = {
          ...stage.gate,
          message: `Deploy to protected environment ${target.name}?${stage.gate ? ` (${stage.gate.message})` : ''}`,
          submitters: { users: [...users], groups: [...groups] },
        };
      }
      return next;
    });
  const stages = visit(model.stages, 'stages');
  const guarded = environments.filter(isProtected).map((e) => e.name);
  if (guarded.length > 0) {
    // The rules read the model's deploy steps; one called from Groovy the author wrote could
    // name any environment at run time, so while something is protected it is refused.
    for (const piece of rawGroovyInModel(model))
      if (piece.rendered.includes(DEPLOY_STEP))
        problems.push({
          path: piece.path,
          message: `calls ${DEPLOY_STEP} from Groovy code, where the environment is known only in the build; environments ${guarded.join(', ')} are protected, so deploy with a ${DEPLOY_STEP} step of the stage`,
        });
  }
  return { model: { ...model, stages }, problems, gated: [...gated] };
}

/** Pipeline groups some environment restricts deploys to: changing their pipelines needs maintainer. */
export function protectedGroups(environments: Environment[]): Set<string> {
  return new Set(environments.flatMap((e) => e.allowedGroups));
}
