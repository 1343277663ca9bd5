import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest } from '../errors.js';
import { Page } from './schemas.js';

/** Dotted lower-camel words, as `siteName` or `mail.fromAddress`. */
const SETTING_KEY = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/;
const SETTING_KEY_MAX = 100;

/** Every key that is not a setting name, each named: JSON Schema cannot say which key was bad. */
function keyProblems(values: Record<string, unknown>) {
  return Object.keys(values)
    .filter((key) => key.length > SETTING_KEY_MAX || !SETTING_KEY.test(key))
    .map((key) => ({
      path: `body[${JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}...` : key)}]`,
      message:
        key.length > SETTING_KEY_MAX
          ? `is ${key.length} characters; a setting name has at most ${SETTING_KEY_MAX}`
          : 'is not a setting name: dotted words of letters and digits, each starting with a lower-case letter',
    }));
}

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
        body: Type.Record(Type.String(), SettingValue, { minProperties: 1, maxProperties: 100 }),
      },
    },
    async (request) => {
      const problems = keyProblems(request.body);
      if (problems.length > 0) throw badRequest(problems);
      return app.repos.settings.set(request.body);
    },
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
