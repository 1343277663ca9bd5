import { jobUrlPath } from '../jenkins/jenkins-api.js';
import { jobOf } from '../jenkins/jenkins-pipeline.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineProblems, type PipelineModel } from '../../src/index.js';
import { badRequest, conflict, notFound, ServiceError } from '../errors.js';
import { artifactDir } from '../executor/local-executor.js';
import type { GitCredential } from '../git/git-command.js';
import type { GitMirrors, ResolvedRef } from '../git/git-mirrors.js';
import type { SecretBox } from '../git/secret-box.js';
import type { StoredRepository } from '../repositories/code-repositories.js';
import type { Repositories } from '../repositories/index.js';
import type { PipelineRecord } from '../repositories/pipelines.js';
import type { AppliedBatch } from '../repositories/run-state.js';
import type { Run } from '../repositories/runs.js';
import type { User } from '../repositories/users.js';
import { parseVersion, type Version } from '../repositories/versions.js';
import { applyDeployPolicy } from '../runs/deploy-policy.js';
import type { RunService } from '../runs/run-service.js';
import type { TriggerType } from '../runs/statuses.js';
import type { BumpLevel, ReleaseType } from '../schemas/repositories.js';
import {
  IMAGE_RECORD,
  imageOf,
  releasePipelineModel,
  releasePipelineName,
  targetOf,
  type ReleaseParameters,
} from './release-pipeline.js';

/** What a git push tells about a commit (the webhook's payload, already verified). */
export interface PushedCommit {
  commit: string;
  branch?: string | null;
  tag?: string | null;
  author: string;
  message: string;
}

export interface ReleaseRequest {
  type: ReleaseType;
  ref?: string;
  fromVersion?: string;
  bump?: BumpLevel;
  strategy?: string;
}

export interface ReleaseServiceOptions {
  repos: Repositories;
  runs: RunService;
  mirrors: GitMirrors;
  secrets: SecretBox;
  dataDir: string;
  /** Jenkins' address, for links to the builds it runs. */
  jenkinsUrl?: string;
  onError: (error: unknown) => void;
}

const DEFAULT_FIRST_VERSION = '1.0.0';

/**
 * Releases of code repositories: resolves what to build with git, allocates the version, starts
 * the release pipeline (made from its template when the repository has none) and keeps each
 * version's build status on its run's. The run service owns the run; this owns the version.
 */
export class ReleaseService {
  private readonly pipelineLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly o: ReleaseServiceOptions) {}

  /** Subscribes to the run service; returns `off`. */
  follow(): () => void {
    return this.o.runs.onChange((applied) => this.onRunChange(applied));
  }

  /** Seals a secret for the credential store. */
  sealSecret(secret: string): string {
    return this.o.secrets.seal(secret);
  }

  /** The stored credential a repository names, opened for git; null when it names none. */
  async credentialOf(repository: StoredRepository): Promise<GitCredential | null> {
    if (!repository.credentialsId) return null;
    const sealed = await this.o.repos.gitCredentials.sealed(repository.credentialsId);
    if (!sealed)
      throw conflict(
        `git credential ${JSON.stringify(repository.credentialsId)} of repository ${repository.identifier} no longer exists`,
      );
    return { username: sealed.username, secret: this.o.secrets.open(sealed.sealedSecret) };
  }

  /** Drops what the service keeps for a removed repository outside the store (its git mirror). */
  forget(repositoryId: string): Promise<void> {
    return this.o.mirrors.forget(repositoryId);
  }

  async resolve(repository: StoredRepository, ref: string): Promise<ResolvedRef> {
    return this.o.mirrors.resolve(repository.id, repository.gitUrl, ref, await this.credentialOf(repository));
  }

  /**
   * The repository's release pipeline: made from the template when it has none (never made, or
   * deleted since), otherwise the one it has. One at a time per repository.
   */
  ensurePipeline(repository: StoredRepository, ownerId: string): Promise<PipelineRecord> {
    const previous = this.pipelineLocks.get(repository.id) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const current = await this.o.repos.codeRepositories.findById(repository.id);
        if (!current) throw notFound('repository');
        const existing = current.pipelineId
          ? await this.o.repos.pipelines.findById(current.pipelineId)
          : null;
        if (existing) return existing;
        const model = await this.pipelineModel(current);
        const pipeline = await this.o.repos.pipelines.create(model, ownerId);
        await this.o.repos.codeRepositories.setPipeline(current.id, pipeline.id);
        return pipeline;
      });
    this.pipelineLocks.set(repository.id, next);
    void next
      .catch(() => {})
      .finally(() => {
        if (this.pipelineLocks.get(repository.id) === next) this.pipelineLocks.delete(repository.id);
      });
    return next;
  }

  /** The model the repository's configuration gives; a problem in it is the service's fault (500). */
  async pipelineModel(repository: StoredRepository): Promise<PipelineModel> {
    const model = releasePipelineModel(repository, await this.o.repos.environments.list());
    const problems = pipelineProblems(model);
    if (problems.length)
      throw new Error(
        `release pipeline of ${repository.identifier} is invalid: ${problems.map((p) => `[${p.path}] ${p.message}`).join('; ')}`,
      );
    return model;
  }

  /** Whether a pipeline of that name exists already (registration refuses to take it over). */
  async pipelineNameTaken(identifier: string): Promise<boolean> {
    return (await this.o.repos.pipelines.findIdByName(releasePipelineName({ identifier }))) !== null;
  }

  /**
   * Releases a ref (or deploys an earlier version's image again) to the repository's environment
   * of that type. Returns as soon as the run is started; the run's stage tree is the progress.
   */
  async release(
    repository: StoredRepository,
    user: User,
    request: ReleaseRequest,
    trigger: TriggerType,
  ): Promise<{ version: Version; run: Run }> {
    const environments = await this.o.repos.environments.list();
    const target = targetOf(repository, request.type, environments);
    if (!target)
      throw badRequest([
        {
          path: 'body.type',
          message: `repository ${repository.identifier} names no ${request.type} environment that exists (release.environments.${request.type})`,
        },
      ]);
    if (request.ref !== undefined && request.fromVersion !== undefined)
      throw badRequest([
        {
          path: 'body.fromVersion',
          message: 'names an earlier version to deploy again; leave ref out with it',
        },
      ]);
    let source: Pick<Version, 'ref' | 'commitId' | 'commitMessage' | 'commitAuthor' | 'branch' | 'tag'>;
    let earlier: Version | null = null;
    if (request.fromVersion !== undefined) {
      earlier = await this.o.repos.versions.findById(repository.id, request.fromVersion);
      if (!earlier)
        throw badRequest([
          {
            path: 'body.fromVersion',
            message: `${request.fromVersion} is no version of ${repository.identifier}`,
          },
        ]);
      if (earlier.status !== 'success' || !earlier.image)
        throw conflict(
          `version ${earlier.number} (${earlier.type}) has no image to deploy again: its build status is ${earlier.status}`,
        );
      const { ref, commitId, commitMessage, commitAuthor, branch, tag } = earlier;
      source = { ref, commitId, commitMessage, commitAuthor, branch, tag };
    } else {
      const resolved = await this.resolve(
        repository,
        request.ref ?? repository.basic.defaultBranch ?? 'main',
      );
      source = {
        ref: resolved.ref,
        commitId: resolved.commitId,
        commitMessage: resolved.message,
        commitAuthor: resolved.author,
        branch: resolved.branch,
        tag: resolved.tag,
      };
    }
    const strategy = request.strategy ?? repository.release.strategy ?? 'rolling';
    const pipeline = await this.ensurePipeline(repository, user.id);
    const parameters = (version: string, image: string): ReleaseParameters => ({
      VERSION: version,
      GIT_REF: source.ref,
      COMMIT_ID: source.commitId,
      RELEASE_TYPE: request.type,
      IMAGE: image,
      STRATEGY: strategy,
      BUILD: earlier ? 'false' : 'true',
      DEPLOY_TO: request.type,
    });
    // The run service applies the same policy; asking first keeps a refused release from taking a number.
    this.assertPolicy(pipeline, parameters('0.0.0', ''), environments);
    const version = await this.o.repos.versions.create(
      {
        repositoryId: repository.id,
        type: request.type,
        ...source,
        publisherId: user.id,
        publisher: user.username,
        environment: target.name,
        strategy,
        status: 'queued',
        image: (number) => earlier?.image ?? imageOf(repository, number),
        rollbackOf: earlier?.id ?? null,
        candidate: false,
      },
      request.bump ?? 'patch',
      parseVersion(repository.release.firstVersion ?? DEFAULT_FIRST_VERSION),
    );
    const run = await this.start(
      version,
      pipeline,
      user,
      trigger,
      parameters(version.number, version.image!),
    );
    return { version: (await this.o.repos.versions.findById(repository.id, version.id))!, run };
  }

  /**
   * A push to `repositoryUrl`: every registered repository of that URL that asks for it records
   * an offline candidate version of the pushed commit and builds it (no deploy). Returns the
   * versions recorded; none when no repository asks.
   */
  async recordPushCandidate(repositoryUrl: string, push: PushedCommit): Promise<Version[]> {
    return this.recordPushCandidates([repositoryUrl], push);
  }

  /**
   * The same for a push the host names by several addresses (clone, ssh, web): each registered
   * repository behind any of them records one candidate.
   */
  async recordPushCandidates(repositoryUrls: string[], push: PushedCommit): Promise<Version[]> {
    const recorded: Version[] = [];
    const seen = new Set<string>();
    const repositories = [];
    for (const url of repositoryUrls)
      for (const repository of await this.o.repos.codeRepositories.findByGitUrl(url))
        if (!seen.has(repository.id)) {
          seen.add(repository.id);
          repositories.push(repository);
        }
    for (const repository of repositories) {
      if (!repository.recordPushCandidates) continue;
      const pipeline = await this.ensurePipeline(repository, repository.ownerId);
      const version = await this.o.repos.versions.create(
        {
          repositoryId: repository.id,
          type: 'offline',
          ref: push.tag ?? push.branch ?? push.commit,
          commitId: push.commit,
          commitMessage: push.message,
          commitAuthor: push.author,
          branch: push.branch ?? null,
          tag: push.tag ?? null,
          publisherId: null,
          publisher: push.author,
          environment: null,
          strategy: null,
          status: 'queued',
          image: (number) => imageOf(repository, number),
          rollbackOf: null,
          candidate: true,
        },
        'patch',
        parseVersion(repository.release.firstVersion ?? DEFAULT_FIRST_VERSION),
      );
      await this.start(version, pipeline, null, 'push', {
        VERSION: version.number,
        GIT_REF: version.ref,
        COMMIT_ID: push.commit,
        RELEASE_TYPE: 'offline',
        IMAGE: version.image!,
        STRATEGY: repository.release.strategy ?? 'rolling',
        BUILD: 'true',
        DEPLOY_TO: 'none',
      });
      recorded.push((await this.o.repos.versions.findById(repository.id, version.id))!);
    }
    return recorded;
  }

  private assertPolicy(
    pipeline: PipelineRecord,
    parameters: ReleaseParameters,
    environments: Parameters<typeof applyDeployPolicy>[2],
  ) {
    const { problems } = applyDeployPolicy(pipeline.definition, pipeline.group, environments, parameters);
    if (problems.length)
      throw new ServiceError(
        403,
        'DEPLOY_NOT_ALLOWED',
        problems.map((p) => `[${p.path}] ${p.message}`).join('\n'),
        problems,
      );
  }

  private async start(
    version: Version,
    pipeline: PipelineRecord,
    user: User | null,
    trigger: TriggerType,
    parameters: ReleaseParameters,
  ): Promise<Run> {
    let run: Run;
    try {
      run = await this.o.runs.trigger(pipeline, user, {
        trigger,
        remark: `${version.candidate ? 'candidate' : 'release'} ${version.number} (${version.type})${version.rollbackOf ? ', redeploying an earlier image' : ''}`,
        parameters,
      });
    } catch (error) {
      // The number stays taken (numbers are never reused); the version says it never built.
      await this.o.repos.versions.setStatus(version.id, 'failed');
      throw error;
    }
    await this.o.repos.versions.attachRun(version.id, run.id, this.buildUrl(pipeline, run));
    // The run may have moved before the version knew its id.
    const current = await this.o.repos.runs.findById(run.id);
    if (current) await this.o.repos.versions.followRun(run.id, current.status);
    return run;
  }

  /**
   * Jenkins' job page when Jenkins runs it (the build's own page replaces it once Jenkins names
   * the build); otherwise the run in this service's API.
   */
  private buildUrl(pipeline: PipelineRecord, run: Run): string {
    if (run.executor === 'jenkins' && this.o.jenkinsUrl)
      return `${this.o.jenkinsUrl.replace(/\/+$/, '')}/${jobUrlPath(jobOf(pipeline.definition))}`;
    return `/api/runs/${run.id}`;
  }

  private async onRunChange(applied: AppliedBatch): Promise<void> {
    if (applied.run.executor === 'jenkins') {
      const build = await this.o.repos.jenkinsBuilds.get(applied.run.id);
      if (build?.buildUrl) await this.o.repos.versions.setBuildUrlOfRun(applied.run.id, build.buildUrl);
    }
    if (!applied.changes.run.status) return;
    const version = await this.o.repos.versions.followRun(applied.run.id, applied.run.status);
    if (!version || version.status !== 'success' || version.rollbackOf) return;
    const recorded = this.readImageRecord(applied.run.id);
    if (recorded?.digest) await this.o.repos.versions.setImage(version.id, version.image!, recorded.digest);
  }

  /** What a local image stage recorded (image.json in the run's artifacts), if anything. */
  private readImageRecord(runId: string): { image?: string; digest?: string } | null {
    try {
      return JSON.parse(readFileSync(join(artifactDir(this.o.dataDir, runId), IMAGE_RECORD), 'utf8')) as {
        image?: string;
        digest?: string;
      };
    } catch {
      // Optional: only a local image stage writes it, and a missing or odd file means no digest.
      return null;
    }
  }
}
