import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PipelineSchema, pipelineProblems, renderPipeline, type PipelineModel } from '../../src/index.js';
import { badRequest, notFound } from '../errors.js';
import { assertPipelineAccess } from '../plugins/auth.js';
import { VersionedCache } from '../cache/versioned-cache.js';
import { IdParams, Page } from './schemas.js';

/**
 * The model's own validator checks pipeline bodies, so schema and rule problems come back in
 * one list; Fastify's validator only documents the shape here (attachValidation).
 */
export function checkedPipeline(body: unknown): PipelineModel {
  const problems = pipelineProblems(body);
  if (problems.length)
    throw badRequest(problems.map((p) => ({ path: `body.${p.path}`, message: p.message })));
  return body as PipelineModel;
}

const ListQuery = Type.Object(
  {
    ...Page,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Keyword in the name or description' })),
    group: Type.Optional(Type.String()),
    status: Type.Optional(Type.String({ description: 'Status of the last run' })),
    trigger: Type.Optional(Type.Union(['manual', 'push', 'cron', 'api'].map((t) => Type.Literal(t)))),
    favorite: Type.Optional(Type.Boolean()),
    sort: Type.Optional(
      Type.Union([Type.Literal('name'), Type.Literal('updatedAt'), Type.Literal('lastRunAt')]),
    ),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  },
  { additionalProperties: false },
);

/** How long a cached list page may be served when another instance might have written. */
const LIST_CACHE_TTL_MS = { sqlite: 60_000, postgres: 1_000 };

export const pipelineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cache = new VersionedCache<string>(
    app.repos.listChanges,
    app.config.PIPEWRIGHT_LIST_CACHE ? LIST_CACHE_TTL_MS[app.databaseKind] : 0,
  );

  app.get(
    '/api/pipelines',
    { config: { access: 'pipeline:read' }, schema: { tags: ['pipelines'], querystring: ListQuery } },
    async (request, reply) => {
      const query = { ...request.query, userId: request.user!.id };
      const body = await cache.get(JSON.stringify(query), async () =>
        JSON.stringify(await app.repos.pipelines.list(query)),
      );
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.post(
    '/api/pipelines',
    {
      config: { access: 'user' },
      attachValidation: true,
      schema: { tags: ['pipelines'], body: PipelineSchema },
    },
    async (request, reply) => {
      const model = checkedPipeline(request.body);
      await assertPipelineAccess(app, request.user!, 'pipeline:write', model.group ?? 'development');
      return reply.code(201).send(await app.repos.pipelines.create(model, request.user!.id));
    },
  );

  app.get(
    '/api/pipelines/:id',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: { tags: ['pipelines'], params: IdParams },
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
      schema: { tags: ['pipelines'], params: IdParams, body: PipelineSchema },
    },
    async (request) => {
      const existing = await app.repos.pipelines.findById(request.params.id);
      if (!existing) throw notFound('pipeline');
      const model = checkedPipeline(request.body);
      const group = model.group ?? 'development';
      if (group !== existing.group) await assertPipelineAccess(app, request.user!, 'pipeline:write', group);
      return app.repos.pipelines.update(existing.id, model);
    },
  );

  app.delete(
    '/api/pipelines/:id',
    {
      config: { access: 'pipeline:delete', pipelineScoped: true },
      schema: { tags: ['pipelines'], params: IdParams },
    },
    async (request, reply) => {
      // Its runs in flight stop first: no build goes on working for a pipeline that is gone.
      await app.runs.stopPipelineRuns(request.params.id, request.user!.username);
      if (!(await app.repos.pipelines.delete(request.params.id))) throw notFound('pipeline');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/pipelines/:id/jenkinsfile',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: { tags: ['pipelines'], params: IdParams },
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
      schema: { tags: ['pipelines'], params: IdParams },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!(await app.repos.pipelines.findById(id))) throw notFound('pipeline');
        await app.repos.pipelines.setFavorite(request.user!.id, id, favorite);
        return reply.code(204).send();
      },
    });
  }
};
