import { MODEL_DEFAULTS, renderPipeline, type PipelineModel } from '../../src/index.js';
import type { JenkinsApi, JobPath } from './jenkins-api.js';
import { isNotFound } from './jenkins-errors.js';
import { jobOf, modelForJenkins } from './jenkins-pipeline.js';
import { groupFolderXml, pipelineJobXml } from './job-xml.js';

/**
 * The Jenkins jobs of pipelines: one folder per group, a Pipeline job whose definition is the
 * rendered Jenkinsfile. Writes of one job run one after another, so concurrent triggers and
 * edits make one create and then updates; what this process wrote last is remembered so a
 * trigger does not rewrite an unchanged job, and a failed write is forgotten so the next
 * trigger tries again.
 */
export class JenkinsJobs {
  private readonly written = new Map<string, { xml: string; ready: Promise<unknown> }>();

  constructor(
    private readonly api: JenkinsApi,
    /** The service's Jenkins user: the only submitter of every gate's input. */
    private readonly user: string,
  ) {}

  /** The job's config.xml for a pipeline. */
  xmlFor(model: PipelineModel): string {
    const jenkinsModel = modelForJenkins(model, this.user);
    const source = model.source;
    // A repository that keeps its own Jenkinsfile: the job reads it there.
    if (source?.jenkinsfile)
      return pipelineJobXml(jenkinsModel, {
        kind: 'scm',
        git: source.git,
        branch: source.branch ?? MODEL_DEFAULTS.sourceBranch,
        ...(source.credentialsId ? { credentialsId: source.credentialsId } : {}),
        scriptPath: source.jenkinsfile,
      });
    return pipelineJobXml(jenkinsModel, { kind: 'script', script: renderPipeline(jenkinsModel) });
  }

  sync(model: PipelineModel): Promise<'created' | 'updated' | 'unchanged'> {
    return this.write(jobOf(model), this.xmlFor(model));
  }

  /** True when this process wrote the job (so a failed trigger may have reached it). */
  known(job: JobPath): boolean {
    return this.written.has(key(job));
  }

  write(job: JobPath, xml: string): Promise<'created' | 'updated' | 'unchanged'> {
    const k = key(job);
    const known = this.written.get(k);
    if (known?.xml === xml) return known.ready.then(() => 'unchanged' as const);
    const ready = (known?.ready.catch(() => {}) ?? Promise.resolve()).then(() =>
      this.api.putJob(job, groupFolderXml(job.folder), xml),
    );
    this.written.set(k, { xml, ready });
    ready.catch(() => {
      if (this.written.get(k)?.ready === ready) this.written.delete(k);
    });
    return ready;
  }

  async delete(model: PipelineModel): Promise<void> {
    const job = jobOf(model);
    this.written.delete(key(job));
    try {
      await this.api.deleteJob(job);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

const key = (job: JobPath) => `${job.folder}/${job.name}`;
