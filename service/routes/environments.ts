import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors.js';
import { IdParams } from './schemas.js';

/** A Kubernetes namespace name (RFC 1123 label). */
const Namespace = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' });
const Fields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
  online: Type.Boolean({ description: 'Offline environments accept no deploys' }),
  namespace: Namespace,
  kubeconfigCredentialId: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
    description: 'Jenkins credential holding the kubeconfig',
  }),
};

/** Deployment environments: one Kubernetes namespace each. */
export const environmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/environments',
    { config: { access: 'environment:read' }, schema: { tags: ['config centre'] } },
    async () => app.repos.environments.list(),
  );

  app.post(
    '/api/environments',
    {
      config: { access: 'environment:write' },
      schema: {
        tags: ['config centre'],
        body: Type.Object(
          {
            name: Fields.name,
            online: Type.Optional(Fields.online),
            namespace: Type.Optional(Fields.namespace),
            kubeconfigCredentialId: Type.Optional(Fields.kubeconfigCredentialId),
          },
          { additionalProperties: false },
        ),
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
        params: IdParams,
        body: Type.Partial(Type.Object(Fields), { additionalProperties: false, minProperties: 1 }),
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
    { config: { access: 'environment:write' }, schema: { tags: ['config centre'], params: IdParams } },
    async (request, reply) => {
      if (!(await app.repos.environments.delete(request.params.id))) throw notFound('environment');
      return reply.code(204).send();
    },
  );
};
