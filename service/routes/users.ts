import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { notFound } from '../errors.js';
import { IdParams, Replies } from '../schemas/common.js';
import { RoleSchema, UserSchema, Username } from '../schemas/users.js';

const Password = Type.String({ minLength: 8, maxLength: 1000 });

/** User accounts: admins create them, set roles, disable them and reset passwords. */
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
      const user = await app.repos.users.create({
        ...rest,
        role: role as Role,
        passwordHash: await hashPassword(password),
      });
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
      const { password, role, ...rest } = request.body;
      const user = await app.repos.users.update(request.params.id, {
        ...rest,
        ...(role ? { role: role as Role } : {}),
        ...(password ? { passwordHash: await hashPassword(password) } : {}),
      });
      if (!user) throw notFound('user');
      return user;
    },
  );
};
