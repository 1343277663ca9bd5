import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PipelineModel, Problem } from '../../src/index.js';
import { roleAllows } from '../auth/roles.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { roleOn } from '../plugins/auth.js';
import { FINISHED_STATUSES, type Run, type TriggerType } from '../repositories/runs.js';
import type { User } from '../repositories/users.js';
import { IdParams, Paged, Replies, RunIdParams } from '../schemas/common.js';
import {
  GateSchema,
  NewRunBody,
  RerunBody,
  RunDetailSchema,
  RunEventInputSchema,
  RunEventSchema,
  RunListQuery,
  RunSchema,
} from '../schemas/runs.js';

/** Checks run parameters against the pipeline's declared ones and fills in defaults. */
export function runParameters(
  pipeline: PipelineModel,
  given: Record<string, string | boolean>,
): Record<string, string | boolean> {
  const declared = new Map((pipeline.parameters ?? []).map((p) => [p.name, p]));
  const problems: Problem[] = [];
  const values: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(given)) {
    const p = declared.get(name);
    if (!p)
      problems.push({
        path: `body.parameters.${name}`,
        message: `pipeline ${pipeline.name} has no parameter ${JSON.stringify(name)}`,
      });
    else if (p.type === 'boolean' && typeof value !== 'boolean')
      problems.push({ path: `body.parameters.${name}`, message: 'must be true or false' });
    else if (p.type !== 'boolean' && typeof value !== 'string')
      problems.push({ path: `body.parameters.${name}`, message: 'must be a string' });
    else if (p.type === 'choice' && !(p.choices ?? []).includes(value as string)) {
      problems.push({
        path: `body.parameters.${name}`,
        message: `must be one of ${(p.choices ?? []).map((c) => JSON.stringify(c)).join(', ')}`,
      });
    } else values[name] = value;
  }
  if (problems.length) throw badRequest(problems);
  for (const p of declared.values()) {
    if (values[p.name] === undefined && p.type !== 'password')
      values[p.name] =
        p.default ?? (p.type === 'choice' ? (p.choices?.[0] ?? '') : p.type === 'boolean' ? false : '');
  }
  return values;
}

const isApiToken = (authorization: string | undefined) => /^Bearer\s+pwt_/i.test(authorization ?? '');

export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function roleOfRun(runId: string, user: User) {
    const run = await app.repos.runs.findById(runId);
    const pipeline = run ? await app.repos.pipelines.findById(run.pipelineId) : null;
    return pipeline ? roleOn(app, user, pipeline.group) : user.role;
  }

  async function startRun(
    pipelineId: string,
    user: User,
    input: {
      trigger: TriggerType;
      remark?: string;
      parameters?: Record<string, string | boolean>;
      rerunOf?: string;
    },
  ): Promise<Run> {
    const pipeline = await app.repos.pipelines.findById(pipelineId);
    if (!pipeline) throw notFound('pipeline');
    const parameters = runParameters(pipeline.definition, input.parameters ?? {});
    const run = await app.repos.runs.create(pipeline.id, { ...input, parameters, operatorId: user.id });
    if (!run) throw notFound('pipeline');
    app.executor.start(run, pipeline.definition);
    return run;
  }

  app.post(
    '/api/pipelines/:id/runs',
    {
      config: { access: 'run:trigger', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: 'Start a run',
        description:
          'Starts a run; the caller is its operator. Other tools call this with a personal API token (trigger "api"). The body may be left out.',
        params: IdParams,
        body: NewRunBody,
        response: Replies({ 201: RunSchema }),
      },
    },
    async (request, reply) => {
      const trigger = request.body.trigger ?? (isApiToken(request.headers.authorization) ? 'api' : 'manual');
      const run = await startRun(request.params.id, request.user!, { ...request.body, trigger });
      return reply.code(201).send(run);
    },
  );

  app.get(
    '/api/pipelines/:id/runs',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: "List a pipeline's runs",
        description:
          'Run history, newest first, filtered by status, trigger, operator (username) and the time the run was queued.',
        params: IdParams,
        querystring: RunListQuery,
        response: Replies({ 200: Paged(RunSchema) }),
      },
    },
    async (request) => {
      if (!(await app.repos.pipelines.findById(request.params.id))) throw notFound('pipeline');
      return app.repos.runs.list(request.params.id, request.query);
    },
  );

  app.get(
    '/api/runs/:runId',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: 'Get a run',
        description: 'The run with its stage tree (status, start, duration) and its gates.',
        params: RunIdParams,
        response: Replies({ 200: RunDetailSchema }),
      },
    },
    async (request) => {
      const run = await app.repos.runs.findById(request.params.runId);
      if (!run) throw notFound('run');
      const [stages, gates] = await Promise.all([
        app.repos.runDetails.stages(run.id),
        app.repos.runDetails.gates(run.id),
      ]);
      return { ...run, stages, gates };
    },
  );

  app.post(
    '/api/runs/:runId/cancel',
    {
      config: { access: 'run:cancel', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: 'Cancel a run',
        params: RunIdParams,
        response: Replies({ 200: Type.Object({ cancelled: Type.Boolean() }) }),
      },
    },
    async (request) => {
      const run = await app.repos.runs.findById(request.params.runId);
      if (!run) throw notFound('run');
      if (FINISHED_STATUSES.includes(run.status))
        throw conflict(`run #${run.number} has already finished (${run.status})`);
      if (!app.executor.cancel(run.id))
        await app.repos.runs.update(run.id, { status: 'aborted', finishedAt: new Date().toISOString() });
      await app.repos.runDetails.append(run.id, [
        { kind: 'note', data: `cancelled by ${request.user!.username}` },
      ]);
      return { cancelled: true };
    },
  );

  app.post(
    '/api/runs/:runId/rerun',
    {
      config: { access: 'run:trigger', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: 'Rerun a run',
        description: 'Starts the pipeline again with the same parameters. The body may be left out.',
        params: RunIdParams,
        body: RerunBody,
        response: Replies({ 201: RunSchema }),
      },
    },
    async (request, reply) => {
      const previous = await app.repos.runs.findById(request.params.runId);
      if (!previous) throw notFound('run');
      const run = await startRun(previous.pipelineId, request.user!, {
        trigger: 'manual',
        parameters: previous.parameters,
        remark: request.body?.remark ?? `rerun of #${previous.number}`,
        rerunOf: previous.id,
      });
      return reply.code(201).send(run);
    },
  );

  app.post(
    '/api/runs/:runId/gates/:stage',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: 'Decide a gate',
        description:
          "Approves or aborts a gate. Only the gate's submitters (users or members of its groups) may decide; a gate without submitters takes anyone who may trigger the pipeline.",
        params: Type.Object({ runId: Type.String(), stage: Type.String() }),
        body: Type.Object(
          { approve: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: Replies({ 200: GateSchema }),
      },
    },
    async (request) => {
      const { runId, stage } = request.params;
      const gate = await app.repos.runDetails.gate(runId, stage);
      if (!gate) throw notFound('gate');
      const user = request.user!;
      const groups = await app.repos.groups.groupNamesOf(user.id);
      const named = gate.submitters.users.length + gate.submitters.groups.length > 0;
      const allowed = named
        ? gate.submitters.users.includes(user.username) ||
          gate.submitters.groups.some((g) => groups.includes(g))
        : roleAllows(await roleOfRun(runId, user), 'run:trigger');
      if (!allowed)
        throw forbidden(
          `only ${[...gate.submitters.users, ...gate.submitters.groups].join(', ') || 'users who may trigger runs'} may decide this gate`,
        );
      const decided = await app.repos.runDetails.decideGate(runId, stage, {
        status: request.body.approve ? 'approved' : 'aborted',
        by: user.username,
        comment: request.body.comment,
      });
      if (!decided) throw conflict(`gate of stage ${JSON.stringify(stage)} is already ${gate.status}`);
      await app.repos.runDetails.append(runId, [
        {
          kind: 'gate',
          stage,
          data: JSON.stringify({ decision: decided.status, by: user.username, comment: decided.comment }),
        },
      ]);
      app.executor.gateDecided(runId, stage, request.body.approve);
      return decided;
    },
  );

  app.get(
    '/api/runs/:runId/logs',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: "Read a run's log",
        params: RunIdParams,
        response: Replies({ 200: Type.Array(RunEventSchema) }),
        querystring: Type.Object(
          {
            stage: Type.Optional(Type.String()),
            tail: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
            after: Type.Optional(
              Type.Integer({ minimum: 0, description: 'Only events after this sequence number' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      if (!(await app.repos.runs.findById(request.params.runId))) throw notFound('run');
      const { stage, tail, after } = request.query;
      return app.repos.runDetails.events(request.params.runId, {
        kind: 'log',
        stage,
        afterSeq: after,
        limit: tail ?? 10_000,
        tail: tail !== undefined,
      });
    },
  );

  app.get(
    '/api/runs/:runId/logs/download',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: "Download a run's log",
        params: RunIdParams,
        response: Replies({
          200: { description: 'The whole log as text', content: { 'text/plain': { schema: Type.String() } } },
        }),
      },
    },
    async (request, reply) => {
      const run = await app.repos.runs.findById(request.params.runId);
      if (!run) throw notFound('run');
      let text = '';
      let after = 0;
      for (;;) {
        const page = await app.repos.runDetails.events(run.id, { kind: 'log', afterSeq: after, limit: 5000 });
        if (page.length === 0) break;
        text += page.map((e) => e.data).join('');
        after = page[page.length - 1]!.seq;
      }
      reply
        .header('content-disposition', `attachment; filename="run-${run.number}.log"`)
        .type('text/plain; charset=utf-8');
      return text;
    },
  );

  app.post(
    '/api/runs/:runId/events',
    {
      config: { access: 'run:trigger', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: 'Append run events',
        description:
          'Appends run events (what pipewrightNotify sends from Jenkins). A 201 means they are committed.',
        params: RunIdParams,
        body: Type.Array(RunEventInputSchema, { minItems: 1, maxItems: 1000 }),
        response: Replies({
          201: Type.Object({ seqs: Type.Array(Type.Integer(), { description: 'Sequence numbers given' }) }),
        }),
      },
    },
    async (request, reply) => {
      const seqs = await app.repos.runDetails.append(request.params.runId, request.body);
      if (!seqs) throw notFound('run');
      return reply.code(201).send({ seqs });
    },
  );
};
