import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PipelineModel, Problem } from '../../src/index.js';
import { RunEventBatch } from '../contracts/run-events.js';
import { badRequest, notFound, unauthorized } from '../errors.js';
import { userMay } from '../plugins/auth.js';
import { type Run, type TriggerType } from '../repositories/runs.js';
import type { User } from '../repositories/users.js';
import { IdParams, Paged, Replies, RunIdParams } from '../schemas/common.js';
import {
  GateSchema,
  NewRunBody,
  RerunBody,
  RunDetailSchema,
  EventsReceiptSchema,
  RunEventSchema,
  RunListQuery,
  RunSchema,
} from '../schemas/runs.js';
import { dictionary, ownEntry, parameterDefault } from '../../src/index.js';

/** Bytes of log text one read of GET /logs returns at most (characters, for a tail). */
export const LOG_PAGE_BYTES = 1024 * 1024;
/** Bytes of log text a download holds per page. */
const DOWNLOAD_PAGE_BYTES = 256 * 1024;
export const DROPPED_HEADER = 'x-pipewright-log-dropped-bytes';
export const TAIL_CUT_HEADER = 'x-pipewright-log-tail-cut';

/** What a stored run shows instead of a password parameter's value. */
export const MASKED = '****';

/**
 * Checks run parameters against the pipeline's declared ones and fills in defaults. Password
 * values come back apart, in `secrets`: they go to the build and nowhere else; the stored run
 * shows `****` for them.
 */
export function runParameters(
  pipeline: PipelineModel,
  given: Record<string, string | boolean>,
): { values: Record<string, string | boolean>; secrets: Record<string, string> } {
  const declared = new Map((pipeline.parameters ?? []).map((p) => [p.name, p]));
  const problems: Problem[] = [];
  const values = dictionary<string | boolean>();
  const secrets = dictionary<string>();
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
    } else if (p.type === 'password') {
      secrets[name] = value as string;
      values[name] = MASKED;
    } else values[name] = value;
  }
  if (problems.length) throw badRequest(problems);
  for (const p of declared.values()) {
    const value = parameterDefault(p); // none for a password
    if (!Object.hasOwn(values, p.name) && value !== undefined) values[p.name] = value;
  }
  return { values, secrets };
}

const isApiToken = (authorization: string | undefined) => /^Bearer\s+pwt_/i.test(authorization ?? '');

export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Whether the user may trigger the run's pipeline (own role, custom role or group grant). */
  async function mayTriggerRun(runId: string, user: User) {
    const run = await app.repos.runs.findById(runId);
    const pipeline = run ? await app.repos.pipelines.findById(run.pipelineId) : null;
    return userMay(app, user, 'run:trigger', pipeline?.group);
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
    const { values, secrets } = runParameters(pipeline.definition, input.parameters ?? {});
    return app.runs.trigger(pipeline, user, { ...input, parameters: values, secrets });
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
        response: Replies({ 201: RunSchema, 202: RunSchema }),
      },
    },
    async (request, reply) => {
      // The service decides how a run was started; a caller's claim is ignored.
      const trigger = isApiToken(request.headers.authorization) ? 'api' : 'manual';
      const { parameters, remark } = request.body;
      const run = await startRun(request.params.id, request.user!, { parameters, remark, trigger });
      // 202: Jenkins could not be reached; the run stays queued and is started when it can be.
      return reply.code((await app.runs.accepted(run)) ? 201 : 202).send(run);
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
      await app.runs.cancel(request.params.runId, request.user!.username);
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
        description:
          "Starts the pipeline again with the run's parameters; the body may be left out. Password parameters are never kept: give them again in `parameters`.",
        params: RunIdParams,
        body: RerunBody,
        response: Replies({ 201: RunSchema }),
      },
    },
    async (request, reply) => {
      const previous = await app.repos.runs.findById(request.params.runId);
      if (!previous) throw notFound('run');
      const pipeline = await app.repos.pipelines.findById(previous.pipelineId);
      if (!pipeline) throw notFound('pipeline');
      const given = request.body?.parameters ?? {};
      const passwords = (pipeline.definition.parameters ?? []).filter((p) => p.type === 'password');
      const missing = passwords.filter((p) => ownEntry(given, p.name) === undefined);
      if (missing.length)
        throw badRequest(
          missing.map((p) => ({
            path: `body.parameters.${p.name}`,
            message: 'is a password parameter: its value is not kept, so give it again to rerun',
          })),
        );
      const kept = Object.fromEntries(
        Object.entries(previous.parameters).filter(([name]) => !passwords.some((p) => p.name === name)),
      );
      const run = await startRun(previous.pipelineId, request.user!, {
        trigger: 'manual',
        parameters: { ...kept, ...given },
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
      const user = request.user!;
      const [userGroups, mayTrigger] = await Promise.all([
        app.repos.groups.groupNamesOf(user.id),
        mayTriggerRun(runId, user),
      ]);
      const decided = await app.runs.decideGate(runId, stage, user, { userGroups, mayTrigger }, request.body);
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
        description: `One page of log events, at most ${LOG_PAGE_BYTES} bytes (at least one event): ask again with \`after\` set to the last \`seq\`. \`tail=N\` gives the last N lines of text instead (the first event may start inside its text), at most ${LOG_PAGE_BYTES} characters of them (header ${TAIL_CUT_HEADER}: true when cut). Header ${DROPPED_HEADER} counts log bytes dropped past PIPEWRIGHT_LOG_LIMIT_BYTES.`,
        params: RunIdParams,
        response: Replies({ 200: Type.Array(RunEventSchema) }),
        querystring: Type.Object(
          {
            stage: Type.Optional(Type.String()),
            tail: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 10_000, description: 'The last N lines of text' }),
            ),
            after: Type.Optional(
              Type.Integer({ minimum: 0, description: 'Only events after this sequence number' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { runId } = request.params;
      const dropped = await app.repos.runDetails.logDroppedBytes(runId);
      if (dropped === null) throw notFound('run');
      reply.header(DROPPED_HEADER, String(dropped));
      const { stage, tail, after } = request.query;
      if (tail === undefined)
        return app.repos.runDetails.logPage(runId, {
          stage,
          afterSeq: after,
          maxBytes: LOG_PAGE_BYTES,
          maxEvents: 10_000,
        });
      const lines = await app.repos.runDetails.logTail(runId, {
        lines: tail,
        stage,
        afterSeq: after,
        maxChars: LOG_PAGE_BYTES,
      });
      reply.header(TAIL_CUT_HEADER, String(lines.cut));
      return lines.events;
    },
  );

  app.get(
    '/api/runs/:runId/logs/download',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: "Download a run's log",
        description: `The whole log as text, streamed page by page as the client reads it. Header ${DROPPED_HEADER} counts log bytes dropped past PIPEWRIGHT_LOG_LIMIT_BYTES.`,
        params: RunIdParams,
        response: Replies({
          200: { description: 'The whole log as text', content: { 'text/plain': { schema: Type.String() } } },
        }),
      },
    },
    async (request, reply) => {
      const run = await app.repos.runs.findById(request.params.runId);
      if (!run) throw notFound('run');
      const dropped = await app.repos.runDetails.logDroppedBytes(run.id);
      const pages = app.repos.runDetails.logPages(run.id, {
        maxBytes: DOWNLOAD_PAGE_BYTES,
        maxEvents: 1000,
      });
      async function* text() {
        for await (const page of pages) yield Buffer.from(page.map((e) => e.data).join(''));
      }
      // A pull stream: the next page is read from the store only when the client has taken
      // the previous one, so a slow reader holds the service to a page or two of memory.
      const body = Readable.from(text(), { objectMode: false, highWaterMark: DOWNLOAD_PAGE_BYTES });
      return reply
        .header('content-disposition', `attachment; filename="run-${run.number}.log"`)
        .header(DROPPED_HEADER, String(dropped ?? 0))
        .type('text/plain; charset=utf-8')
        .send(body as never);
    },
  );

  app.post(
    '/api/runs/:runId/events',
    {
      // Not a user's call: the run's own executor sends its credential (PIPEWRIGHT_RUN_TOKEN).
      config: { access: 'public' },
      onRequest: async (request) => {
        const { runId } = request.params as { runId: string };
        const header = request.headers.authorization;
        if (!header) throw unauthorized();
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null;
        await app.runs.authenticateExecutor(runId, token);
      },
      schema: {
        tags: ['runs'],
        summary: 'Append run events',
        description:
          "Reports what happened in a run (the RunEvent contract in service/contracts/run-events.ts). Only the run's own executor may call it, with the run's credential; events whose id the run has seen change nothing. A 201 means they are stored.",
        params: RunIdParams,
        body: RunEventBatch,
        response: Replies({ 201: EventsReceiptSchema }),
      },
    },
    async (request, reply) => {
      const applied = await app.runs.report(request.params.runId, request.body);
      return reply.code(201).send({
        accepted: request.body.length - applied.duplicates - applied.changes.refused.length,
        duplicates: applied.duplicates,
        refused: applied.changes.refused.map((r) => ({
          id: 'id' in r.input ? r.input.id : null,
          reason: r.reason,
        })),
        status: applied.run.status,
      });
    },
  );
};
