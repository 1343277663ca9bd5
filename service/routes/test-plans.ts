import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, notFound } from '../errors.js';
import { NoContent, Replies } from '../schemas/common.js';
import { CaseStatsSchema, StatsQuery } from '../schemas/test-cases.js';
import {
  NewTestPlanBody,
  PlanParams,
  TestPlanChangesBody,
  TestPlanRun,
  TestPlanRunRequest,
  TestPlanSchema,
} from '../schemas/test-plans.js';

const TAGS = ['test management'];
const isApiToken = (authorization: string | undefined) => /^Bearer\s+pwt_/i.test(authorization ?? '');

/** Test plans: ordered cases with overrides, run by hand or by runTestPlan. */
export const testPlanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { plans, planRuns, service } = app.testManagement;

  const assertCasesExist = async (cases: string[] | undefined) => {
    if (!cases) return;
    const missing = new Set(await plans.missingCases(cases));
    const problems = cases.flatMap((id, i) =>
      missing.has(id) ? [{ path: `body.cases[${i}]`, message: `no test case ${id}` }] : [],
    );
    if (problems.length) throw badRequest(problems);
  };
  const planOf = async (idOrName: string) => {
    const plan = await plans.find(idOrName);
    if (!plan) throw notFound('test plan');
    return plan;
  };

  app.get(
    '/api/test-plans',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: 'List test plans',
        response: Replies({ 200: Type.Array(TestPlanSchema) }),
      },
    },
    async () => plans.list(),
  );

  app.post(
    '/api/test-plans',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Create a test plan',
        body: NewTestPlanBody,
        response: Replies({ 201: TestPlanSchema }),
      },
    },
    async (request, reply) => {
      await assertCasesExist(request.body.cases);
      return reply.code(201).send(await plans.create(request.body));
    },
  );

  app.get(
    '/api/test-plans/:plan',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: 'Get a test plan by id or name',
        params: PlanParams,
        response: Replies({ 200: TestPlanSchema }),
      },
    },
    async (request) => planOf(request.params.plan),
  );

  app.patch(
    '/api/test-plans/:plan',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Change a test plan (cases replaces the whole ordered list)',
        params: PlanParams,
        body: TestPlanChangesBody,
        response: Replies({ 200: TestPlanSchema }),
      },
    },
    async (request) => {
      const plan = await planOf(request.params.plan);
      await assertCasesExist(request.body.cases);
      return (await plans.update(plan.id, request.body)) ?? notFoundPlan();
    },
  );

  app.delete(
    '/api/test-plans/:plan',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Delete a test plan (its runs stay in the history)',
        params: PlanParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const plan = await planOf(request.params.plan);
      await plans.delete(plan.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/test-plans/:plan/runs',
    {
      config: { access: 'run:trigger' },
      schema: {
        tags: TAGS,
        summary: 'Run a test plan',
        description:
          'Runs the plan on the cluster when one is configured, else on this machine (cases that need containers are reported not runnable). runTestPlan calls this and polls GET /api/test-plan-runs/:id. The body may be left out.',
        params: PlanParams,
        body: Type.Partial(TestPlanRunRequest, { additionalProperties: false }),
        response: Replies({ 201: TestPlanRun }),
      },
    },
    async (request, reply) => {
      const plan = await planOf(request.params.plan);
      const { environment = null, build = null, commit = null } = request.body;
      const run = await service.start(plan, request.user, {
        trigger: isApiToken(request.headers.authorization) ? 'api' : 'manual',
        environment,
        build,
        commit,
      });
      return reply.code(201).send(run);
    },
  );

  app.get(
    '/api/test-plans/:plan/stats',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: "Pass rate and flakiness of each of the plan's cases over their last N results",
        params: PlanParams,
        querystring: StatsQuery,
        response: Replies({ 200: Type.Array(CaseStatsSchema) }),
      },
    },
    async (request) => {
      const plan = await planOf(request.params.plan);
      return planRuns.caseStats(
        plan.cases.map((c) => c.id),
        request.query.last ?? 20,
      );
    },
  );
};

function notFoundPlan(): never {
  throw notFound('test plan');
}
