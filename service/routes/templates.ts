import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findTemplate, TemplateOptionsSchema, type PipelineModel } from '../../src/index.js';
import { notFound } from '../errors.js';
import { assertPipelineAccess } from '../plugins/auth.js';
import { checkedPipeline } from './pipelines.js';
import { IdParams } from './schemas.js';

const NameParams = Type.Object({ name: Type.String({ minLength: 1 }) });

/** Built-in templates and pipelines saved as templates; new pipelines from either. */
export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/templates',
    { config: { access: 'pipeline:read' }, schema: { tags: ['templates'] } },
    async () => app.repos.templates.list(),
  );

  app.post(
    '/api/pipelines/:id/template',
    {
      config: { access: 'template:write', pipelineScoped: true },
      schema: {
        tags: ['templates'],
        params: IdParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' }),
            title: Type.String({ minLength: 1, maxLength: 200 }),
            description: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const pipeline = await app.repos.pipelines.findById(request.params.id);
      if (!pipeline) throw notFound('pipeline');
      const template = await app.repos.templates.createFromPipeline({
        ...request.body,
        description: request.body.description ?? '',
        definition: pipeline.definition,
        createdBy: request.user!.id,
      });
      return reply.code(201).send(template);
    },
  );

  app.post(
    '/api/templates/:name/pipelines',
    {
      config: { access: 'user' },
      schema: { tags: ['templates'], params: NameParams, body: TemplateOptionsSchema },
    },
    async (request, reply) => {
      const stored = await app.repos.templates.findByName(request.params.name);
      if (!stored) throw notFound('template');
      const options = request.body;
      let model: PipelineModel;
      if (stored.builtIn) model = findTemplate(stored.name)!.create(options);
      else
        model = {
          ...stored.definition!,
          name: options.name,
          ...(options.group ? { group: options.group } : {}),
        };
      const checked = checkedPipeline(model);
      await assertPipelineAccess(app, request.user!, 'pipeline:write', checked.group ?? 'development');
      return reply.code(201).send(await app.repos.pipelines.create(checked, request.user!.id));
    },
  );

  app.delete(
    '/api/templates/:name',
    { config: { access: 'template:write' }, schema: { tags: ['templates'], params: NameParams } },
    async (request, reply) => {
      if (!(await app.repos.templates.delete(request.params.name))) throw notFound('saved template');
      return reply.code(204).send();
    },
  );
};
