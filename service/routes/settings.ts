import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Page } from './schemas.js';

const SettingValue = Type.Union([
  Type.String({ maxLength: 10_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);

/** System settings (admin only) and the login log (who signed in, from where, and whether it worked). */
export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/settings',
    { config: { access: 'settings:write' }, schema: { tags: ['config centre'] } },
    async () => app.repos.settings.all(),
  );

  app.put(
    '/api/settings',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['config centre'],
        body: Type.Record(Type.String({ pattern: '^[a-z][a-zA-Z0-9.]*$', maxLength: 100 }), SettingValue, {
          minProperties: 1,
          maxProperties: 100,
        }),
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
        querystring: Type.Object(
          { ...Page, username: Type.Optional(Type.String()), success: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => app.repos.loginLog.list(request.query),
  );
};
