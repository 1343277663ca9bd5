import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PipelineSchema, pipelineProblems, renderPipeline, type PipelineModel } from '../../src/index.js';
import { badRequest, notFound } from '../errors.js';
import { assertPipelineAccess } from '../plugins/auth.js';
import { assertMayChangeProtected } from '../runs/protected-groups.js';
import { VersionedCache } from '../cache/versioned-cache.js';
import { IdParams, NoContent, Paged, Replies } from '../schemas/common.js';
import { assertJenkinsCanHold, deleteJenkinsJob, syncJenkinsJob } from '../jenkins/job-sync.js';
import { PipelineListQuery, PipelineRecordSchema, PipelineSummarySchema } from '../schemas/pipelines.js';

/**
 * The model's own validator checks pipeline bodies, so schema and rule problems come back in
 * one list; Fastify's validator only documents the shape here (attachValidation).
 */
export function checkedPipeline(body: unknown): PipelineModel {
  const stages = countStages(body);
  const problems = [
    ...(stages > MAX_STAGES
      ? [
          {
            path: 'stages',
            message: `has ${stages} stages (nested and parallel ones included); at most ${MAX_STAGES} are accepted: Jenkins compiles a Declarative pipeline into one JVM method of at most 64 KB and fails a larger one with "Method code too large"`,
          },
        ]
      : []),
    ...pipelineProblems(body),
    ...nulProblems(body),
  ];
  if (problems.length)
    throw badRequest(problems.map((p) => ({ path: `body.${p.path}`, message: p.message })));
  return body as PipelineModel;
}

/**
 * The most stages a pipeline may have. Jenkins turns the whole `pipeline {}` block into one
 * generated method, and the JVM caps a method at 64 KB of bytecode: past a few hundred stages
 * (fewer when they carry many directives) the build fails with "Method code too large" before
 * it starts. 250 stays below that for the stages this service renders.
 */
export const MAX_STAGES = 250;

/**
 * The body's texts stored in columns of their own (the definition is stored as JSON, where NUL is
 * escaped): PostgreSQL text cannot hold U+0000 and refuses the whole write, and SQLite's search
 * index reads past it, so both stores are kept to texts without it.
 */
function nulProblems(body: unknown): { path: string; message: string }[] {
  if (!body || typeof body !== 'object') return [];
  const { description, group, source } = body as { description?: unknown; group?: unknown; source?: unknown };
  const git = source && typeof source === 'object' ? (source as { git?: unknown }).git : undefined;
  return (
    [
      ['description', description],
      ['group', group],
      ['source.git', git],
    ] as const
  )
    .filter(([, value]) => typeof value === 'string' && value.includes('\u0000'))
    .map(([path]) => ({ path, message: 'holds U+0000 (NUL), which no stored text can hold' }));
}

/** Every stage of a pipeline body, nested and parallel ones included; the body is not checked yet. */
function countStages(body: unknown): number {
  let count = 0;
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const stage of list) {
      count += 1;
      if (stage && typeof stage === 'object') {
        walk((stage as { stages?: unknown }).stages);
        walk((stage as { parallel?: unknown }).parallel);
      }
    }
  };
  if (body && typeof body === 'object') walk((body as { stages?: unknown }).stages);
  return count;
}

/**
 * Longest life of a cached list page. Writes (also other replicas', through the change bus)
 * end it sooner; this only bounds what a bug in that accounting could cost.
 */
const LIST_CACHE_TTL_MS = 60_000;

export const pipelineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cache = new VersionedCache<Buffer>(
    app.repos.listChanges,
    app.config.PIPEWRIGHT_LIST_CACHE ? LIST_CACHE_TTL_MS : 0,
  );

  app.get(
    '/api/pipelines',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['pipelines'],
        summary: 'List pipelines',
        description: 'Searches, filters, sorts and pages pipelines; each row carries its last run.',
        querystring: PipelineListQuery,
        response: Replies({ 200: Paged(PipelineSummarySchema) }),
      },
    },
    async (request, reply) => {
      const query = { ...request.query, userId: request.user!.id };
      const body = await cache.get(JSON.stringify(query), () => app.repos.pipelines.listJson(query));
      // Sent as bytes: Fastify neither serializes nor encodes a Buffer again.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.post(
    '/api/pipelines',
    {
      config: { access: 'user' },
      attachValidation: true,
      schema: {
        tags: ['pipelines'],
        summary: 'Create a pipeline',
        description: 'Takes the pipeline model; a bad body gets every [path] problem at once.',
        body: PipelineSchema,
        response: Replies({ 201: PipelineRecordSchema }),
      },
    },
    async (request, reply) => {
      const model = checkedPipeline(request.body);
      await assertPipelineAccess(app, request.user!, 'pipeline:write', model.group ?? 'development');
      await assertMayChangeProtected(app, request.user!, [model.group ?? 'development']);
      assertJenkinsCanHold(app, model);
      const created = await app.repos.pipelines.create(model, request.user!.id);
      syncJenkinsJob(app, created.id, created.definition);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/pipelines/:id',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['pipelines'],
        summary: 'Get a pipeline',
        params: IdParams,
        response: Replies({ 200: PipelineRecordSchema }),
      },
    },
    async (request) => {
      const pipeline = await app.repos.pipelines.findById(request.params.id, request.user!.id);
      if (!pipeline) throw notFound('pipeline');
      return pipeline;
    },
  );

  app.put(
    '/api/pipelines/:id',
    {
      config: { access: 'pipeline:write', pipelineScoped: true },
      attachValidation: true,
      schema: {
        tags: ['pipelines'],
        summary: 'Replace a pipeline',
        params: IdParams,
        body: PipelineSchema,
        response: Replies({ 200: PipelineRecordSchema }),
      },
    },
    async (request) => {
      const existing = await app.repos.pipelines.findById(request.params.id);
      if (!existing) throw notFound('pipeline');
      const model = checkedPipeline(request.body);
      const group = model.group ?? 'development';
      if (group !== existing.group) await assertPipelineAccess(app, request.user!, 'pipeline:write', group);
      await assertMayChangeProtected(app, request.user!, [existing.group, group]);
      assertJenkinsCanHold(app, model);
      const updated = await app.repos.pipelines.update(existing.id, model);
      if (!updated) throw notFound('pipeline');
      syncJenkinsJob(app, updated.id, updated.definition, existing.definition);
      return updated;
    },
  );

  app.delete(
    '/api/pipelines/:id',
    {
      config: { access: 'pipeline:delete', pipelineScoped: true },
      schema: {
        tags: ['pipelines'],
        summary: 'Delete a pipeline',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const doomed = await app.repos.pipelines.findById(request.params.id);
      if (doomed) await assertMayChangeProtected(app, request.user!, [doomed.group]);
      // Its runs in flight stop first: no build goes on working for a pipeline that is gone.
      await app.runs.stopPipelineRuns(request.params.id, request.user!.username);
      if (!(await app.repos.pipelines.delete(request.params.id))) throw notFound('pipeline');
      if (doomed) deleteJenkinsJob(app, doomed.definition);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/pipelines/:id/jenkinsfile',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['pipelines'],
        summary: "Render a pipeline's Jenkinsfile",
        params: IdParams,
        response: Replies({
          200: {
            description: 'The Declarative Jenkinsfile',
            content: { 'text/plain': { schema: Type.String() } },
          },
        }),
      },
    },
    async (request, reply) => {
      const pipeline = await app.repos.pipelines.findById(request.params.id);
      if (!pipeline) throw notFound('pipeline');
      reply.type('text/plain; charset=utf-8');
      return renderPipeline(pipeline.definition);
    },
  );

  for (const [method, favorite] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/pipelines/:id/favorite',
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['pipelines'],
        summary: favorite ? 'Mark a pipeline a favorite' : 'Unmark a favorite pipeline',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!(await app.repos.pipelines.findById(id))) throw notFound('pipeline');
        await app.repos.pipelines.setFavorite(request.user!.id, id, favorite);
        return reply.code(204).send();
      },
    });
  }
};
