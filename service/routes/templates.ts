import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findTemplate, TemplateOptionsSchema, type PipelineModel } from '../../src/index.js';
import { badRequest, notFound } from '../errors.js';
import { assertPipelineAccess } from '../plugins/auth.js';
import { IdParams, NoContent, Replies } from '../schemas/common.js';
import { PipelineRecordSchema } from '../schemas/pipelines.js';
import { SaveTemplateBody, TemplateNameParams, TemplateSchema } from '../schemas/templates.js';
import { assertJenkinsCanHold, syncJenkinsJob } from '../jenkins/job-sync.js';
import { checkedPipeline } from './pipelines.js';

/** Built-in templates and pipelines saved as templates; new pipelines from either. */
export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/templates',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: ['templates'],
        summary: 'List templates',
        description: 'Built-in templates first, then saved ones; each lists the options it takes.',
        response: Replies({ 200: Type.Array(TemplateSchema) }),
      },
    },
    async () => app.repos.templates.list(),
  );

  app.post(
    '/api/pipelines/:id/template',
    {
      config: { access: 'template:write', pipelineScoped: true },
      schema: {
        tags: ['templates'],
        summary: 'Save a pipeline as a template',
        params: IdParams,
        body: SaveTemplateBody,
        response: Replies({ 201: TemplateSchema }),
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
      schema: {
        tags: ['templates'],
        summary: 'Create a pipeline from a template',
        description:
          'Takes the options the template lists (GET /api/templates); a saved template takes only name and group, and any other option is refused.',
        params: TemplateNameParams,
        body: TemplateOptionsSchema,
        response: Replies({ 201: PipelineRecordSchema }),
      },
    },
    async (request, reply) => {
      const stored = await app.repos.templates.findByName(request.params.name);
      if (!stored) throw notFound('template');
      const options = request.body;
      const refused = Object.keys(options).filter((key) => !stored.options.includes(key));
      if (refused.length)
        throw badRequest(
          refused.map((key) => ({
            path: `body.${key}`,
            message: `template ${stored.name} does not take this option; it takes ${stored.options.join(', ')}`,
          })),
        );
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
      assertJenkinsCanHold(app, checked);
      const created = await app.repos.pipelines.create(checked, request.user!.id);
      syncJenkinsJob(app, created.id, created.definition);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/templates/:name',
    {
      config: { access: 'template:write' },
      schema: {
        tags: ['templates'],
        summary: 'Delete a saved template',
        params: TemplateNameParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      if (!(await app.repos.templates.delete(request.params.name))) throw notFound('saved template');
      return reply.code(204).send();
    },
  );
};
