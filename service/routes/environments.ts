import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors.js';
import { IdParams, NoContent, Replies } from '../schemas/common.js';
import { EnvironmentChangesBody, EnvironmentSchema, NewEnvironmentBody } from '../schemas/environments.js';

/** Deployment environments: one Kubernetes namespace each. */
export const environmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/environments',
    {
      config: { access: 'environment:read' },
      schema: {
        tags: ['config centre'],
        summary: 'List environments',
        response: Replies({ 200: Type.Array(EnvironmentSchema) }),
      },
    },
    async () => app.repos.environments.list(),
  );

  app.post(
    '/api/environments',
    {
      config: { access: 'environment:write' },
      schema: {
        tags: ['config centre'],
        summary: 'Create an environment',
        body: NewEnvironmentBody,
        response: Replies({ 201: EnvironmentSchema }),
      },
    },
    async (request, reply) => reply.code(201).send(await app.repos.environments.create(request.body)),
  );

  app.patch(
    '/api/environments/:id',
    {
      config: { access: 'environment:write' },
      schema: {
        tags: ['config centre'],
        summary: 'Change an environment',
        params: IdParams,
        body: EnvironmentChangesBody,
        response: Replies({ 200: EnvironmentSchema }),
      },
    },
    async (request) => {
      const env = await app.repos.environments.update(request.params.id, request.body);
      if (!env) throw notFound('environment');
      return env;
    },
  );

  app.delete(
    '/api/environments/:id',
    {
      config: { access: 'environment:write' },
      schema: {
        tags: ['config centre'],
        summary: 'Delete an environment',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      if (!(await app.repos.environments.delete(request.params.id))) throw notFound('environment');
      return reply.code(204).send();
    },
  );
};
