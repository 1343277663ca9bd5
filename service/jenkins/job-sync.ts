import type { FastifyInstance } from 'fastify';
import type { PipelineModel } from '../../src/index.js';
import { jenkinsOf } from '../plugins/runs.js';
import { jobOf } from './jenkins-pipeline.js';

const onJenkins = (app: FastifyInstance, model: PipelineModel) =>
  model.executor !== 'local' ? jenkinsOf(app) : null;

/**
 * Keeps a pipeline's Jenkins job in step with it after a create or change (a renamed or moved
 * pipeline's old job goes). In the background: the pipeline is saved whatever Jenkins says,
 * and a job that could not be written is written before the pipeline's next run.
 */
export function syncJenkinsJob(app: FastifyInstance, model: PipelineModel, before?: PipelineModel): void {
  const jenkins = onJenkins(app, model);
  const old = before && onJenkins(app, before);
  const moved =
    before && (jobOf(before).folder !== jobOf(model).folder || jobOf(before).name !== jobOf(model).name);
  void (async () => {
    if (old && (moved || !jenkins)) await old.jobs.delete(before);
    if (jenkins) await jenkins.jobs.sync(model);
  })().catch((error: unknown) =>
    app.log.warn(
      { err: error },
      `Jenkins job of pipeline ${model.name} not written; it will be before its next run`,
    ),
  );
}

/** Deletes a deleted pipeline's Jenkins job (in the background, like syncJenkinsJob). */
export function deleteJenkinsJob(app: FastifyInstance, model: PipelineModel): void {
  const jenkins = onJenkins(app, model);
  if (!jenkins) return;
  jenkins.jobs
    .delete(model)
    .catch((error: unknown) =>
      app.log.warn({ err: error }, `Jenkins job of deleted pipeline ${model.name} not deleted`),
    );
}
