import { Type } from '@sinclair/typebox';
import { Replies } from '../schemas/common.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PERMISSION_CATALOGUE, PERMISSIONS, type Permission } from '../auth/permissions.js';
import { isBuiltInRole } from '../auth/roles.js';
import { conflict, notFound, ServiceError } from '../errors.js';
import { removeRole, syncRole } from '../jenkins/role-sync.js';

const PermissionName = Type.Union(PERMISSIONS.map((p) => Type.Literal(p)));
const PermissionList = Type.Array(PermissionName, {
  minItems: 1,
  maxItems: PERMISSIONS.length,
  uniqueItems: true,
});
const RoleNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }) });

const PermissionOut = Type.Object({
  name: Type.String(),
  description: Type.String(),
  lowestRole: Type.String(),
  jenkins: Type.Array(Type.String()),
});
const RoleOut = Type.Object({
  name: Type.String(),
  description: Type.String(),
  builtIn: Type.Boolean(),
  permissions: Type.Array(Type.String()),
});
const JenkinsSyncOut = Type.Object({ state: Type.String(), message: Type.Optional(Type.String()) });
const RoleChangeOut = Type.Object({ ...RoleOut.properties, jenkins: JenkinsSyncOut });

/**
 * Roles: the five built-in ones and custom roles composed from the permission catalogue. Anyone
 * signed in may read them (the console shows what a role allows); only admins change them.
 */
export const roleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/permissions',
    {
      config: { access: 'user' },
      schema: {
        tags: ['config centre'],
        summary: 'List the permission catalogue',
        response: Replies({ 200: Type.Array(PermissionOut) }),
      },
    },
    async () =>
      PERMISSIONS.map((name) => ({
        name,
        description: PERMISSION_CATALOGUE[name].description,
        lowestRole: PERMISSION_CATALOGUE[name].lowestRole,
        jenkins: [...PERMISSION_CATALOGUE[name].jenkins],
      })),
  );

  app.get(
    '/api/roles',
    {
      config: { access: 'user' },
      schema: {
        tags: ['config centre'],
        summary: 'List roles with their permissions',
        response: Replies({ 200: Type.Array(RoleOut) }),
      },
    },
    async () => app.roleBook.all(),
  );

  app.post(
    '/api/roles',
    {
      config: { access: 'user:admin' },
      schema: {
        tags: ['config centre'],
        summary: 'Add a custom role',
        body: Type.Object(
          {
            name: Type.String({ pattern: '^[a-z][a-z0-9-]{0,49}$' }),
            description: Type.Optional(Type.String({ maxLength: 500 })),
            permissions: PermissionList,
          },
          { additionalProperties: false },
        ),
        response: Replies({ 201: RoleChangeOut }),
      },
    },
    async (request, reply) => {
      const { name, description = '', permissions } = request.body;
      if (await app.roleBook.find(name))
        throw conflict(`role ${JSON.stringify(name)} exists${isBuiltInRole(name) ? ' (built in)' : ''}`);
      const role = await app.repos.roles.create(name, description, permissions as Permission[]);
      return reply.code(201).send({ ...role, jenkins: await syncRole(app, role) });
    },
  );

  app.put(
    '/api/roles/:name',
    {
      config: { access: 'user:admin' },
      schema: {
        tags: ['config centre'],
        summary: 'Change a custom role',
        params: RoleNameParams,
        body: Type.Object(
          {
            description: Type.Optional(Type.String({ maxLength: 500 })),
            permissions: Type.Optional(PermissionList),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: Replies({ 200: RoleChangeOut }),
      },
    },
    async (request) => {
      const { name } = request.params;
      if (isBuiltInRole(name))
        throw conflict(`built-in role ${name} is fixed; compose a custom role instead`);
      const existing = await app.repos.roles.find(name);
      if (!existing) throw notFound('role');
      const permissions = request.body.permissions as Permission[] | undefined;
      if (permissions && existing.permissions.includes('user:admin') && !permissions.includes('user:admin')) {
        // Taking user:admin from the role must leave someone who can manage users.
        const others = (await app.roleBook.adminRoles()).filter((r) => r !== name);
        if ((await app.repos.users.countActiveWithRole(others)) === 0)
          throw new ServiceError(
            409,
            'LAST_ADMIN',
            `only holders of ${name} may manage users; keeping user:admin in it until another admin exists`,
          );
      }
      const role = await app.repos.roles.update(name, { description: request.body.description, permissions });
      if (!role) throw notFound('role');
      return { ...role, jenkins: await syncRole(app, role) };
    },
  );

  app.delete(
    '/api/roles/:name',
    {
      config: { access: 'user:admin' },
      schema: {
        tags: ['config centre'],
        summary: 'Delete a custom role',
        description: 'Refused while a user or a group grant still holds it.',
        params: RoleNameParams,
        response: Replies({ 200: Type.Object({ name: Type.String(), jenkins: JenkinsSyncOut }) }),
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      if (isBuiltInRole(name)) throw conflict(`built-in role ${name} cannot be deleted`);
      if (!(await app.repos.roles.find(name))) throw notFound('role');
      const holders = await app.repos.roles.holders(name);
      if (holders.users.length + holders.groups.length > 0)
        throw conflict(
          `role ${name} is still held by ${[
            ...holders.users.map((u) => `user ${u}`),
            ...holders.groups.map((g) => `group ${g}`),
          ].join(', ')}`,
        );
      await app.repos.roles.delete(name);
      const jenkins = await removeRole(app, name);
      return reply.code(200).send({ name, jenkins });
    },
  );
};
