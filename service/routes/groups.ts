import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, notFound } from '../errors.js';
import { IdParams, NoContent, Replies } from '../schemas/common.js';
import { GroupChangesBody, NewGroupBody, UserGroupSchema } from '../schemas/groups.js';

/** User groups: members, and a role per pipeline group that every member receives. */
export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/groups',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['config centre'],
        summary: 'List user groups',
        response: Replies({ 200: Type.Array(UserGroupSchema) }),
      },
    },
    async () => app.repos.groups.list(),
  );

  app.post(
    '/api/groups',
    {
      config: { access: 'group:write' },
      schema: {
        tags: ['config centre'],
        summary: 'Create a user group',
        body: NewGroupBody,
        response: Replies({ 201: UserGroupSchema }),
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
        summary: 'Change a user group',
        description: 'Members are named by username; members and grants given replace the old ones.',
        params: IdParams,
        body: GroupChangesBody,
        response: Replies({ 200: UserGroupSchema }),
      },
    },
    async (request) => {
      const { members, grants, description } = request.body;
      const unknown = [];
      for (const [i, grant] of (grants ?? []).entries())
        if (!(await app.roleBook.find(grant.role)))
          unknown.push({ path: `body.grants[${i}].role`, message: `no role ${JSON.stringify(grant.role)}` });
      let memberIds: string[] | undefined;
      if (members) {
        memberIds = [];
        for (const [i, username] of members.entries()) {
          const user = await app.repos.users.findByUsername(username);
          if (user) memberIds.push(user.id);
          else unknown.push({ path: `body.members[${i}]`, message: `no user ${JSON.stringify(username)}` });
        }
      }
      if (unknown.length) throw badRequest(unknown);
      const group = await app.repos.groups.update(request.params.id, {
        ...(description !== undefined ? { description } : {}),
        ...(memberIds ? { memberIds } : {}),
        ...(grants ? { grants: grants.map((g) => ({ pipelineGroup: g.pipelineGroup, role: g.role })) } : {}),
      });
      if (!group) throw notFound('group');
      return group;
    },
  );

  app.delete(
    '/api/groups/:id',
    {
      config: { access: 'group:write' },
      schema: {
        tags: ['config centre'],
        summary: 'Delete a user group',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      if (!(await app.repos.groups.delete(request.params.id))) throw notFound('group');
      return reply.code(204).send();
    },
  );
};
