import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, notFound } from '../errors.js';
import { IdParams, RoleSchema } from './schemas.js';

const Grants = Type.Array(
  Type.Object(
    {
      pipelineGroup: Type.String({
        minLength: 1,
        maxLength: 200,
        description: "A pipeline group, or '*' for all",
      }),
      role: RoleSchema,
    },
    { additionalProperties: false },
  ),
  { maxItems: 1000 },
);

/** User groups: members, and a role per pipeline group that every member receives. */
export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/groups',
    { config: { access: 'pipeline:read' }, schema: { tags: ['config centre'] } },
    async () => app.repos.groups.list(),
  );

  app.post(
    '/api/groups',
    {
      config: { access: 'group:write' },
      schema: {
        tags: ['config centre'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            description: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await app.repos.groups.create(request.body.name, request.body.description)),
  );

  app.patch(
    '/api/groups/:id',
    {
      config: { access: 'group:write' },
      schema: {
        tags: ['config centre'],
        params: IdParams,
        body: Type.Object(
          {
            description: Type.Optional(Type.String({ maxLength: 1000 })),
            members: Type.Optional(
              Type.Array(Type.String({ maxLength: 100 }), { uniqueItems: true, maxItems: 10_000 }),
            ),
            grants: Type.Optional(Grants),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
      },
    },
    async (request) => {
      const { members, grants, description } = request.body;
      const unknown = [];
      for (const [i, grant] of (grants ?? []).entries())
        if (!(await app.roleBook.find(grant.role)))
          unknown.push({ path: `body.grants[${i}].role`, message: `no role ${JSON.stringify(grant.role)}` });
      if (members) {
        for (const [i, id] of members.entries())
          if (!(await app.repos.users.findById(id)))
            unknown.push({ path: `body.members[${i}]`, message: `no user ${JSON.stringify(id)}` });
      }
      if (unknown.length) throw badRequest(unknown);
      const group = await app.repos.groups.update(request.params.id, {
        ...(description !== undefined ? { description } : {}),
        ...(members ? { members } : {}),
        ...(grants ? { grants: grants.map((g) => ({ pipelineGroup: g.pipelineGroup, role: g.role })) } : {}),
      });
      if (!group) throw notFound('group');
      return group;
    },
  );

  app.delete(
    '/api/groups/:id',
    { config: { access: 'group:write' }, schema: { tags: ['config centre'], params: IdParams } },
    async (request, reply) => {
      if (!(await app.repos.groups.delete(request.params.id))) throw notFound('group');
      return reply.code(204).send();
    },
  );
};
