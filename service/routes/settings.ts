import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest } from '../errors.js';
import { Page, Paged, Replies } from '../schemas/common.js';
import {
  isWriteOnlySetting,
  SettingsSchema,
  SettingValue,
  WRITE_ONLY_MAX_LENGTH,
  WRITE_ONLY_MIN_LENGTH,
} from '../schemas/settings.js';
import { LoginAttemptSchema } from '../schemas/users.js';

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

/**
 * Write-only values checked before the body validator runs, so no answer (the validator's quote
 * of a bad value included) ever carries a secret.
 */
function writeOnlyProblems(body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([key]) => isWriteOnlySetting(key))
    .filter(
      ([, value]) =>
        value !== null &&
        (typeof value !== 'string' ||
          value.length < WRITE_ONLY_MIN_LENGTH ||
          value.length > WRITE_ONLY_MAX_LENGTH),
    )
    .map(([key]) => ({
      path: `body[${JSON.stringify(key)}]`,
      message: `must be a secret of ${WRITE_ONLY_MIN_LENGTH} to ${WRITE_ONLY_MAX_LENGTH} characters, or null to remove it (the value is not shown)`,
    }));
}

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
        description:
          'Sets the keys given and leaves the others; answers with every setting. Keys are dotted lower-camel words (`siteName`, `mail.fromAddress`). The webhook secrets `webhooks.githubSecret` and `webhooks.gitlabToken` are write-only: every answer shows `true` (set) or `false` in their place.',
        // Keys are checked in the handler, so each bad one is named.
        body: Type.Record(Type.String(), SettingValue, { minProperties: 1, maxProperties: 100 }),
        response: Replies({ 200: SettingsSchema }),
      },
      preValidation: async (request) => {
        const problems = writeOnlyProblems(request.body);
        if (problems.length > 0) throw badRequest(problems);
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
