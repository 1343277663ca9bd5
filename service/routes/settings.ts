import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Page, Paged, Replies } from '../schemas/common.js';
import { SettingsBody, SettingsSchema } from '../schemas/settings.js';
import { LoginAttemptSchema } from '../schemas/users.js';

/** System settings (admin only) and the login log (who signed in, from where, and whether it worked). */
export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/settings',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['config centre'],
        summary: 'Read the settings',
        response: Replies({ 200: SettingsSchema }),
      },
    },
    async () => app.repos.settings.all(),
  );

  app.put(
    '/api/settings',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['config centre'],
        summary: 'Change settings',
        description: 'Sets the keys given and leaves the others; answers with every setting.',
        body: SettingsBody,
        response: Replies({ 200: SettingsSchema }),
      },
    },
    async (request) => app.repos.settings.set(request.body),
  );

  app.get(
    '/api/login-log',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['config centre'],
        summary: 'Read the login log',
        description: 'Sign-in attempts, newest first.',
        querystring: Type.Object(
          {
            ...Page,
            username: Type.Optional(Type.String({ description: 'The name that was typed' })),
            success: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: Replies({ 200: Paged(LoginAttemptSchema) }),
      },
    },
    async (request) => app.repos.loginLog.list(request.query),
  );
};
