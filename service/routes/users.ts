import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { removeInitialAdminPassword } from '../auth/initial-admin-password.js';
import { hashPassword } from '../auth/passwords.js';
import { initialAdminPasswordFile } from '../config.js';
import { badRequest, conflict, notFound, ServiceError } from '../errors.js';
import { syncUserRole } from '../jenkins/role-sync.js';
import { ADMIN_USERNAME } from '../plugins/database.js';
import { LastAdminError, type User } from '../repositories/users.js';
import { IdParams, NoContent, Replies } from '../schemas/common.js';
import { RoleSchema, UserSchema, Username } from '../schemas/users.js';

export const Password = Type.String({ minLength: 8, maxLength: 1000 });

const lastAdmin = (error: LastAdminError) => new ServiceError(409, error.code, error.message);

/** 400 unless the role is built-in or a custom role that exists. */
export async function assertRoleExists(app: FastifyInstance, role: string, path: string): Promise<void> {
  if (!(await app.roleBook.find(role)))
    throw badRequest([{ path, message: `no role ${JSON.stringify(role)}; GET /api/roles lists them` }]);
}

/** After a password change: the generated first password no longer opens anything. */
export function passwordChanged(app: FastifyInstance, user: User): void {
  if (user.username === ADMIN_USERNAME) removeInitialAdminPassword(initialAdminPasswordFile(app.config));
}

/** User accounts: admins create them, set roles, disable, delete them and reset passwords. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/users',
    {
      config: { access: 'user:admin' },
      schema: {
        tags: ['config centre'],
        summary: 'List users',
        response: Replies({ 200: Type.Array(UserSchema) }),
      },
    },
    async () => app.repos.users.list(),
  );

  app.post(
    '/api/users',
    {
      config: { access: 'user:admin' },
      schema: {
        tags: ['config centre'],
        summary: 'Create a user',
        response: Replies({ 201: UserSchema }),
        body: Type.Object(
          {
            username: Username,
            displayName: Type.Optional(Type.String({ maxLength: 200 })),
            email: Type.Optional(Type.String({ maxLength: 320 })),
            role: RoleSchema,
            password: Password,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { password, role, ...rest } = request.body;
      await assertRoleExists(app, role, 'body.role');
      if (await app.repos.users.findByUsername(rest.username))
        throw conflict(`a user named ${JSON.stringify(rest.username)} exists (usernames ignore case)`);
      const user = await app.repos.users.create({
        ...rest,
        role,
        passwordHash: await hashPassword(password),
      });
      await syncUserRole(app, user.username, null, role);
      return reply.code(201).send(user);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'user:admin' },
      schema: {
        tags: ['config centre'],
        summary: 'Change a user',
        description: 'Role, display name, email, password; disabling ends their sessions and tokens.',
        response: Replies({ 200: UserSchema }),
        params: IdParams,
        body: Type.Object(
          {
            role: Type.Optional(RoleSchema),
            disabled: Type.Optional(Type.Boolean()),
            displayName: Type.Optional(Type.String({ maxLength: 200 })),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
            password: Type.Optional(Password),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
      },
    },
    async (request) => {
      const { password, ...rest } = request.body;
      if (rest.role !== undefined) await assertRoleExists(app, rest.role, 'body.role');
      const before = await app.repos.users.findById(request.params.id);
      if (!before) throw notFound('user');
      let user: User | null;
      try {
        user = await app.repos.users.update(
          request.params.id,
          { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) },
          await app.roleBook.adminRoles(),
        );
      } catch (error) {
        if (error instanceof LastAdminError) throw lastAdmin(error);
        throw error;
      }
      if (!user) throw notFound('user');
      if (password) passwordChanged(app, user);
      if (rest.role !== undefined && rest.role !== before.role)
        await syncUserRole(app, user.username, before.role, rest.role);
      return user;
    },
  );

  app.delete(
    '/api/users/:id',
    {
      config: { access: 'user:admin' },
      schema: {
        tags: ['config centre'],
        summary: 'Delete a user',
        description: 'The last active admin cannot be deleted.',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const user = await app.repos.users.findById(request.params.id);
      if (!user) throw notFound('user');
      const owned = await app.repos.users.ownedPipelines(user.id);
      if (owned > 0)
        throw conflict(
          `${user.username} owns ${owned} pipeline(s); disable the account instead, or move them first`,
        );
      try {
        await app.repos.users.delete(user.id, await app.roleBook.adminRoles());
      } catch (error) {
        if (error instanceof LastAdminError) throw lastAdmin(error);
        throw error;
      }
      await syncUserRole(app, user.username, user.role, null);
      return reply.code(204).send();
    },
  );
};
