import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';

/** Liveness (the process answers) and readiness (the store answers). */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['health'] } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { tags: ['health'] } },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(app.db);
        return { status: 'ready' };
      } catch {
        return reply.code(503).send({ code: 'NOT_READY', message: 'the database does not answer' });
      }
    },
  );
};
