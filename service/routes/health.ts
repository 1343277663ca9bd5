import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Replies } from '../schemas/common.js';

/** Liveness (the process answers) and readiness (the store answers). */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        response: Replies({ 200: Type.Object({ status: Type.Literal('ok') }) }),
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness',
        description: 'Ready when the database answers; 503 otherwise.',
        response: Replies({ 200: Type.Object({ status: Type.Literal('ready') }) }),
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(app.db);
        return { status: 'ready' as const };
      } catch {
        return reply.code(503).send({ code: 'NOT_READY', message: 'the database does not answer' });
      }
    },
  );
};
