import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { notFound, ServiceError } from '../errors.js';
import { bearer } from '../plugins/auth.js';
import { noStore } from '../plugins/security-headers.js';
import { IdParams, NoContent, Replies } from '../schemas/common.js';
import { ApiTokenSchema, CreatedApiTokenSchema, LoginResponse, MeSchema } from '../schemas/users.js';
import { Password, passwordChanged } from './users.js';

const invalidLogin = () => new ServiceError(401, 'INVALID_LOGIN', 'wrong username or password');
const lockedOut = () =>
  new ServiceError(429, 'LOGIN_LOCKED', 'too many sign-in attempts; wait a minute before trying again');

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
    async (request, reply) => {
      const { username, password } = request.body;
      const attempt = {
        username,
        ip: request.ip,
        userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500),
      };
      if (await app.loginLimit(request, username)) {
        await app.repos.loginLog.record({ ...attempt, userId: null, success: false, locked: true });
        throw lockedOut();
      }
      const found = await app.repos.users.findCredentials(username);
      // One password derivation whether or not the user exists or is disabled: the answer's
      // timing must not tell which usernames are real.
      const matches = await verifyPassword(password, found?.passwordHash ?? null);
      const ok = found !== null && !found.user.disabled && matches;
      await app.repos.loginLog.record({ ...attempt, userId: found?.user.id ?? null, success: ok });
      if (!ok) throw invalidLogin();
      const session = await app.repos.tokens.createSession(found.user.id);
      return noStore(reply).send({ token: session.token, expiresAt: session.expiresAt, user: found.user });
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'user' },
      schema: { tags: ['auth'], summary: 'Sign out', response: Replies({ 204: NoContent }) },
    },
    async (request, reply) => {
      const token = bearer(request);
      if (token) await app.repos.tokens.deleteSession(token);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/me/password',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Change my password',
        description: 'Ends every session and token of the account and answers with a new session.',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 1000 }), newPassword: Password },
          { additionalProperties: false },
        ),
        response: Replies({
          200: Type.Object({
            token: Type.String({ description: 'The new session; send as Authorization: Bearer <token>' }),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
        }),
      },
    },
    async (request, reply) => {
      const user = request.user!;
      // Guessing the current password here is guessing a login: same limits.
      if (await app.loginLimit(request, user.username)) throw lockedOut();
      const found = await app.repos.users.findCredentials(user.username);
      if (!found || !(await verifyPassword(request.body.currentPassword, found.passwordHash)))
        throw new ServiceError(403, 'WRONG_PASSWORD', 'the current password is wrong');
      await app.repos.users.update(user.id, { passwordHash: await hashPassword(request.body.newPassword) });
      passwordChanged(app, user);
      // Every session and token of the account ended with the change; this one replaces the caller's.
      const session = await app.repos.tokens.createSession(user.id);
      return noStore(reply).send({ token: session.token, expiresAt: session.expiresAt });
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
      return noStore(reply)
        .code(201)
        .send({ ...created.apiToken, token: created.token });
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
