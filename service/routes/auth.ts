import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { verifyPassword } from '../auth/passwords.js';
import { notFound, ServiceError } from '../errors.js';
import { IdParams, NoContent, Replies } from '../schemas/common.js';
import { ApiTokenSchema, CreatedApiTokenSchema, LoginResponse, MeSchema } from '../schemas/users.js';

const invalidLogin = () => new ServiceError(401, 'INVALID_LOGIN', 'wrong username or password');

/** Login with a password (recorded in the login log), logout, and personal API tokens. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        description: 'Returns a session token (12 hours). Every attempt is written to the login log.',
        response: Replies({ 200: LoginResponse }),
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const found = await app.repos.users.findCredentials(username);
      const ok =
        found !== null && !found.user.disabled && (await verifyPassword(password, found.passwordHash));
      await app.repos.loginLog.record({
        username,
        userId: found?.user.id ?? null,
        ip: request.ip,
        userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500),
        success: ok,
      });
      if (!ok) throw invalidLogin();
      const session = await app.repos.tokens.createSession(found.user.id);
      return { token: session.token, expiresAt: session.expiresAt, user: found.user };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'user' },
      schema: { tags: ['auth'], summary: 'Sign out', response: Replies({ 204: NoContent }) },
    },
    async (request, reply) => {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (token) await app.repos.tokens.deleteSession(token);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: 'user' },
      schema: { tags: ['auth'], summary: 'Who am I', response: Replies({ 200: MeSchema }) },
    },
    async (request) => {
      const groups = await app.repos.groups.groupNamesOf(request.user!.id);
      return { ...request.user!, groups };
    },
  );

  app.get(
    '/api/me/tokens',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'List my API tokens',
        response: Replies({ 200: Type.Array(ApiTokenSchema) }),
      },
    },
    async (request) => app.repos.tokens.listApiTokens(request.user!.id),
  );

  app.post(
    '/api/me/tokens',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token',
        description: 'A personal token for scripts and other tools; shown once.',
        response: Replies({ 201: CreatedApiTokenSchema }),
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const created = await app.repos.tokens.createApiToken(request.user!.id, request.body.name);
      // The token itself is shown this once; only its hash is stored.
      return reply.code(201).send({ ...created.apiToken, token: created.token });
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      if (!(await app.repos.tokens.revokeApiToken(request.user!.id, request.params.id)))
        throw notFound('token');
      return reply.code(204).send();
    },
  );
};
