import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conflict, notFound } from '../errors.js';
import { IdParams, Paged, Replies } from '../schemas/common.js';
import { CaseResultSchema, PlanRunListQuery, TestPlanRun } from '../schemas/test-plans.js';
import { isFinished } from '../runs/statuses.js';
import { junitReport } from '../test-plans/junit-report.js';

const TAGS = ['test management'];

/** Plan runs: their history, case results, JUnit report and cancel. */
export const testPlanRunRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { plans, planRuns, service } = app.testManagement;
  const runOf = async (id: string) => {
    const run = await planRuns.find(id);
    if (!run) throw notFound('test plan run');
    return run;
  };

  app.get(
    '/api/test-plan-runs',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: 'Plan run history, newest first',
        description:
          'Filtered by plan (id or name), a case the runs ran, status and the time they were queued.',
        querystring: PlanRunListQuery,
        response: Replies({ 200: Paged(TestPlanRun) }),
      },
    },
    async (request) => {
      const { plan, ...rest } = request.query;
      let planId: string | undefined;
      if (plan) {
        // A deleted plan's runs are still history: its id still filters them.
        planId = (await plans.find(plan))?.id ?? plan;
      }
      return planRuns.list({ ...rest, planId });
    },
  );

  app.get(
    '/api/test-plan-runs/:id',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: 'Get a plan run (what runTestPlan polls)',
        params: IdParams,
        response: Replies({ 200: TestPlanRun }),
      },
    },
    async (request) => runOf(request.params.id),
  );

  app.get(
    '/api/test-plan-runs/:id/results',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: "A plan run's case results, in plan order",
        params: IdParams,
        response: Replies({ 200: Type.Array(CaseResultSchema) }),
      },
    },
    async (request) => {
      await runOf(request.params.id);
      return planRuns.results(request.params.id);
    },
  );

  app.get(
    '/api/test-plan-runs/:id/junit.xml',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: "A finished plan run's results as JUnit XML",
        params: IdParams,
        response: Replies({
          200: { description: 'JUnit XML', content: { 'application/xml': { schema: Type.String() } } },
        }),
      },
    },
    async (request, reply) => {
      const run = await runOf(request.params.id);
      if (!isFinished(run.runStatus)) throw conflict(`test plan run ${run.id} is still ${run.runStatus}`);
      const xml = junitReport(run, await planRuns.results(run.id));
      return reply.type('application/xml; charset=utf-8').send(xml);
    },
  );

  app.post(
    '/api/test-plan-runs/:id/cancel',
    {
      config: { access: 'run:cancel' },
      schema: {
        tags: TAGS,
        summary: 'Cancel a plan run',
        description: 'Its running cases are stopped and aborted, the cases not started are skipped.',
        params: IdParams,
        response: Replies({ 200: TestPlanRun }),
      },
    },
    async (request) => {
      await service.cancel(request.params.id, request.user!.username);
      return runOf(request.params.id);
    },
  );
};
