import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors.js';
import { IdParams } from './schemas.js';

/** Announcements shown on everyone's workbench. */
export const announcementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/announcements',
    { config: { access: 'pipeline:read' }, schema: { tags: ['workbench'] } },
    async () => app.repos.announcements.latest(20),
  );

  app.post(
    '/api/announcements',
    {
      config: { access: 'announcement:write' },
      schema: {
        tags: ['workbench'],
        body: Type.Object(
          { title: Type.String({ minLength: 1, maxLength: 200 }), body: Type.String({ maxLength: 10_000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await app.repos.announcements.create({ ...request.body, authorId: request.user!.id })),
  );

  app.delete(
    '/api/announcements/:id',
    { config: { access: 'announcement:write' }, schema: { tags: ['workbench'], params: IdParams } },
    async (request, reply) => {
      if (!(await app.repos.announcements.delete(request.params.id))) throw notFound('announcement');
      return reply.code(204).send();
    },
  );
};
