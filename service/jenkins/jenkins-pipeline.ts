import type { PipelineModel, StageModel } from '../../src/index.js';
import { SERVICE_PARAMETERS } from './job-xml.js';

/**
 * The model as its Jenkins job runs it. Gates answer only to the service's Jenkins user: the
 * service decides who may approve (its gate submitters, its role book) and then answers the
 * input on that person's behalf, so nobody bypasses the service by answering in Jenkins.
 * The service's own parameters are declared in the Jenkinsfile too, because a Declarative
 * `parameters` directive replaces the job's parameter list on each build.
 */
export function modelForJenkins(model: PipelineModel, serviceUser: string): PipelineModel {
  const own = new Set<string>(Object.values(SERVICE_PARAMETERS));
  const gateFor = (stage: StageModel): StageModel => ({
    ...stage,
    ...(stage.gate ? { gate: { ...stage.gate, submitters: { users: [serviceUser], groups: [] } } } : {}),
    ...(stage.parallel ? { parallel: stage.parallel.map(gateFor) } : {}),
    ...(stage.stages ? { stages: stage.stages.map(gateFor) } : {}),
  });
  return {
    ...model,
    parameters: [
      ...(model.parameters ?? []).filter((p) => !own.has(p.name)),
      { name: SERVICE_PARAMETERS.runId, type: 'string', default: '', description: 'pipewright run id' },
      { name: SERVICE_PARAMETERS.url, type: 'string', default: '', description: 'pipewright service URL' },
      { name: SERVICE_PARAMETERS.token, type: 'password', description: "the run's own credential" },
    ],
    stages: model.stages.map(gateFor),
  };
}

/** Each pipeline group is a Jenkins folder; the pipeline's name (job-safe by the model's rules) is its job. */
export function jobOf(model: PipelineModel): { folder: string; name: string } {
  return { folder: model.group ?? 'development', name: model.name };
}

/** A stage anywhere in the tree (parallel branches and nested stages included), by name. */
export function findStage(stages: StageModel[], name: string): StageModel | undefined {
  for (const s of stages) {
    if (s.name === name) return s;
    const inner = findStage([...(s.parallel ?? []), ...(s.stages ?? [])], name);
    if (inner) return inner;
  }
  return undefined;
}
