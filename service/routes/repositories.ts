import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { assertPipelineAccess, userMay } from '../plugins/auth.js';
import { releasePipelineName } from '../releases/release-pipeline.js';
import { repositoryProblems } from '../releases/repository-problems.js';
import type { CodeRepositoryInput, StoredRepository } from '../repositories/code-repositories.js';
import type { User } from '../repositories/users.js';
import { decodeCursor } from '../repositories/versions.js';
import { assertMayChangeProtected } from '../runs/protected-groups.js';
import { IdParams, NoContent, Paged, Replies } from '../schemas/common.js';
import {
  CreateRepositoryBody,
  ReleaseBody,
  ReleaseResponse,
  RepositoryListQuery,
  RepositorySchema,
  UpdateRepositoryBody,
  VersionListQuery,
  VersionPage,
  VersionParams,
  VersionSchema,
  type CodeRepository,
} from '../schemas/repositories.js';

const isApiToken = (authorization: string | undefined) => /^Bearer\s+pwt_/i.test(authorization ?? '');

/** A repository as the API shows it: with the latest version of each type. */
async function shown(app: FastifyInstance, repository: StoredRepository): Promise<CodeRepository> {
  const { ownerId: _ownerId, ...rest } = repository;
  return { ...rest, latest: await app.repos.versions.latest(repository.id) };
}

async function found(app: FastifyInstance, id: string): Promise<StoredRepository> {
  const repository = await app.repos.codeRepositories.findById(id);
  if (!repository) throw notFound('repository');
  return repository;
}

async function ownerId(app: FastifyInstance, username: string | undefined, caller: User): Promise<string> {
  if (username === undefined) return caller.id;
  const owner = await app.repos.users.findByUsername(username);
  if (!owner) throw badRequest([{ path: 'body.owner', message: `${JSON.stringify(username)} is no user` }]);
  return owner.id;
}

/** Every problem of the configuration against the config centre and the credential store, or a 400. */
async function assertValid(app: FastifyInstance, input: Omit<CodeRepositoryInput, 'ownerId'>): Promise<void> {
  const problems = repositoryProblems(input, {
    environments: await app.repos.environments.list(),
    credentialIds: (await app.repos.gitCredentials.list()).map((c) => c.id),
    dataDir: app.config.PIPEWRIGHT_DATA_DIR,
  });
  if (problems.length) throw badRequest(problems);
}

const groupOf = (r: Pick<StoredRepository, 'basic'>) => r.basic.group ?? 'development';

/**
 * A stored credential goes to whatever host the repository names: attaching one, or pointing a
 * repository that has one somewhere else, is for those who may manage credentials.
 */
async function assertMayUseCredential(
  app: FastifyInstance,
  user: User,
  before: Pick<StoredRepository, 'gitUrl' | 'credentialsId'> | null,
  next: Pick<StoredRepository, 'gitUrl' | 'credentialsId'>,
): Promise<void> {
  if (!next.credentialsId) return;
  if (before && before.credentialsId === next.credentialsId && before.gitUrl === next.gitUrl) return;
  if (!(await userMay(app, user, 'credential:write')))
    throw forbidden(
      `attaching git credential ${JSON.stringify(next.credentialsId)} to a repository, or moving a repository that has one to another URL, needs credential:write`,
    );
}

/** Code repositories, their versions and releases. */
export const repositoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/repositories',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['releases'],
        summary: 'List code repositories',
        description: 'By identifier; each with its latest offline and online version.',
        querystring: RepositoryListQuery,
        response: Replies({ 200: Paged(RepositorySchema) }),
      },
    },
    async (request) => {
      const { limit = 50, offset = 0, q } = request.query;
      const page = await app.repos.codeRepositories.list({ limit, offset, ...(q ? { q } : {}) });
      return { items: await Promise.all(page.items.map((r) => shown(app, r))), total: page.total };
    },
  );

  app.post(
    '/api/repositories',
    {
      config: { access: 'repository:write' },
      schema: {
        tags: ['releases'],
        summary: 'Register a code repository',
        description:
          'Also creates its release pipeline (named <identifier>-release) from the built-in test-build-image-deploy template; it shows in the pipeline list like any other.',
        body: CreateRepositoryBody,
        response: Replies({ 201: RepositorySchema }),
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { owner, ...body } = request.body;
      const input: CodeRepositoryInput = {
        identifier: body.identifier,
        name: body.name,
        ownerId: await ownerId(app, owner, user),
        gitUrl: body.gitUrl,
        credentialsId: body.credentialsId ?? null,
        buildImage: body.buildImage ?? null,
        basic: body.basic ?? {},
        build: body.build ?? {},
        release: body.release ?? {},
        recordPushCandidates: body.recordPushCandidates ?? false,
      };
      await assertValid(app, input);
      await assertMayUseCredential(app, user, null, input);
      await assertPipelineAccess(app, user, 'pipeline:write', groupOf(input));
      await assertMayChangeProtected(app, user, [groupOf(input)]);
      if (await app.releases.pipelineNameTaken(input.identifier))
        throw conflict(
          `a pipeline named ${releasePipelineName(input)} exists already; choose another identifier`,
        );
      const repository = await app.repos.codeRepositories.create(input);
      try {
        await app.releases.ensurePipeline(repository, input.ownerId);
      } catch (error) {
        await app.repos.codeRepositories.delete(repository.id);
        throw error;
      }
      return reply.code(201).send(await shown(app, await found(app, repository.id)));
    },
  );

  app.get(
    '/api/repositories/:id',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['releases'],
        summary: 'Read a code repository',
        description: 'By id or identifier.',
        params: IdParams,
        response: Replies({ 200: RepositorySchema }),
      },
    },
    async (request) => shown(app, await found(app, request.params.id)),
  );

  app.patch(
    '/api/repositories/:id',
    {
      config: { access: 'repository:write' },
      schema: {
        tags: ['releases'],
        summary: 'Change a code repository',
        description:
          'A configuration part given replaces that part whole. The release pipeline is made again from the new configuration (edits made to it by hand are replaced).',
        params: IdParams,
        body: UpdateRepositoryBody,
        response: Replies({ 200: RepositorySchema }),
      },
    },
    async (request) => {
      const user = request.user!;
      const current = await found(app, request.params.id);
      const { owner, ...body } = request.body;
      const next = {
        ...current,
        ...body,
        ownerId: await ownerId(app, owner ?? current.owner ?? undefined, user),
      };
      await assertValid(app, next);
      await assertMayUseCredential(app, user, current, next);
      for (const group of new Set([groupOf(current), groupOf(next)]))
        await assertPipelineAccess(app, user, 'pipeline:write', group);
      await assertMayChangeProtected(app, user, [groupOf(current), groupOf(next)]);
      const updated = (await app.repos.codeRepositories.update(current.id, {
        ...body,
        ownerId: next.ownerId,
      }))!;
      if (updated.pipelineId)
        await app.repos.pipelines.update(updated.pipelineId, await app.releases.pipelineModel(updated));
      return shown(app, updated);
    },
  );

  app.delete(
    '/api/repositories/:id',
    {
      config: { access: 'repository:delete' },
      schema: {
        tags: ['releases'],
        summary: 'Remove a code repository and its versions',
        description: 'Its release pipeline and the runs stay; delete the pipeline separately.',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const repository = await found(app, request.params.id);
      await app.repos.codeRepositories.delete(repository.id);
      await app.releases.forget(repository.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/repositories/:id/versions',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['releases'],
        summary: "Search a repository's versions",
        description:
          'Newest first. Filters combine: number (or its start), publisher, commit id (or its start), branch, tag, type, status. Page on with nextCursor.',
        params: IdParams,
        querystring: VersionListQuery,
        response: Replies({ 200: VersionPage }),
      },
    },
    async (request) => {
      const repository = await found(app, request.params.id);
      const { cursor, limit = 50, ...filters } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (after === null)
        throw badRequest([{ path: 'querystring.cursor', message: 'is not a cursor this service gave' }]);
      return app.repos.versions.search(repository.id, { ...filters, limit, ...(after ? { after } : {}) });
    },
  );

  app.get(
    '/api/repositories/:id/versions/:versionId',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['releases'],
        summary: 'Read a version',
        description: 'By id, or by number (the newest of that number when offline and online share it).',
        params: VersionParams,
        response: Replies({ 200: VersionSchema }),
      },
    },
    async (request) => {
      const repository = await found(app, request.params.id);
      const version = await app.repos.versions.findById(repository.id, request.params.versionId);
      if (!version) throw notFound('version');
      return version;
    },
  );

  app.post(
    '/api/repositories/:id/releases',
    {
      // The permission depends on the type in the body (and group grants on the pipeline group).
      config: { access: 'user' },
      schema: {
        tags: ['releases'],
        summary: 'Release a branch, tag or commit (or an earlier version again)',
        description:
          "Resolves the ref with git, allocates the next version number of that type, starts the release pipeline and answers at once; follow GET /api/runs/:runId. fromVersion deploys an earlier version's image without building (rollback). offline needs release:offline, online release:online (maintainer), either through a role or a group grant on the pipeline group; online deploys wait for the environment's approvers.",
        params: IdParams,
        body: ReleaseBody,
        response: Replies({ 202: ReleaseResponse }),
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const repository = await found(app, request.params.id);
      const permission = request.body.type === 'online' ? 'release:online' : 'release:offline';
      await assertPipelineAccess(app, user, permission, groupOf(repository));
      const trigger = isApiToken(request.headers.authorization) ? 'api' : 'manual';
      const { version, run } = await app.releases.release(repository, user, request.body, trigger);
      return reply
        .code(202)
        .send({ version, run: { id: run.id, number: run.number, pipelineId: run.pipelineId } });
    },
  );
};
