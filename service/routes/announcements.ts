import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors.js';
import { AnnouncementSchema, NewAnnouncementBody } from '../schemas/announcements.js';
import { IdParams, NoContent, Replies } from '../schemas/common.js';

/** How many announcements the workbench shows. */
const LATEST = 20;

/** Announcements shown on everyone's workbench. */
export const announcementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/announcements',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['workbench'],
        summary: 'List the latest announcements',
        response: Replies({
          200: Type.Array(AnnouncementSchema, { description: `Newest first, at most ${LATEST}` }),
        }),
      },
    },
    async () => app.repos.announcements.latest(LATEST),
  );

  app.post(
    '/api/announcements',
    {
      config: { access: 'announcement:write' },
      schema: {
        tags: ['workbench'],
        summary: 'Post an announcement',
        body: NewAnnouncementBody,
        response: Replies({ 201: AnnouncementSchema }),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await app.repos.announcements.create({ ...request.body, authorId: request.user!.id })),
  );

  app.delete(
    '/api/announcements/:id',
    {
      config: { access: 'announcement:write' },
      schema: {
        tags: ['workbench'],
        summary: 'Delete an announcement',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      if (!(await app.repos.announcements.delete(request.params.id))) throw notFound('announcement');
      return reply.code(204).send();
    },
  );
};
