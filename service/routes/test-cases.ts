import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, conflict, notFound } from '../errors.js';
import { IdParams, NoContent, Paged, Replies } from '../schemas/common.js';
import {
  CaseStatsSchema,
  NewTestCaseBody,
  NewTestCaseGroupBody,
  StatsQuery,
  TestCaseChangesBody,
  TestCaseGroupChangesBody,
  TestCaseGroupSchema,
  TestCaseListQuery,
  TestCaseSchema,
} from '../schemas/test-cases.js';
import { CaseResultListQuery, CaseResultSchema } from '../schemas/test-plans.js';
import { assertTestCaseRun } from '../test-plans/validate-test-case.js';

const TAGS = ['test management'];

/** The test library: case groups per service and their cases, with each case's history and stats. */
export const testCaseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { library, plans, planRuns } = app.testManagement;

  app.get(
    '/api/test-case-groups',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: 'List test case groups',
        querystring: Type.Object(
          { service: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: Replies({ 200: Type.Array(TestCaseGroupSchema) }),
      },
    },
    async (request) => library.listGroups({ service: request.query.service }),
  );

  app.post(
    '/api/test-case-groups',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: "Create a test case group in a service's library",
        body: NewTestCaseGroupBody,
        response: Replies({ 201: TestCaseGroupSchema }),
      },
    },
    async (request, reply) => reply.code(201).send(await library.createGroup(request.body)),
  );

  app.patch(
    '/api/test-case-groups/:id',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Rename or move a test case group',
        params: IdParams,
        body: TestCaseGroupChangesBody,
        response: Replies({ 200: TestCaseGroupSchema }),
      },
    },
    async (request) => {
      const group = await library.updateGroup(request.params.id, request.body);
      if (!group) throw notFound('test case group');
      return group;
    },
  );

  app.delete(
    '/api/test-case-groups/:id',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Delete a test case group and its cases (refused while a plan uses one of them)',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const using = await library.plansUsingGroup(request.params.id);
      if (using.length) throw conflict(`test plans ${using.join(', ')} use cases of this group`);
      if (!(await library.deleteGroup(request.params.id))) throw notFound('test case group');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/test-cases',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: 'Search test cases',
        description:
          'Filters combine: keyword (name, steps, preconditions, tags), service, group, tags (all of them), levels (any of them), status and type.',
        querystring: TestCaseListQuery,
        response: Replies({ 200: Paged(TestCaseSchema) }),
      },
    },
    async (request) => library.listCases(request.query),
  );

  app.post(
    '/api/test-cases',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Create a test case',
        description:
          'A compose case is converted as the operator will convert it; every problem is reported at once.',
        body: NewTestCaseBody,
        response: Replies({ 201: TestCaseSchema }),
      },
    },
    async (request, reply) => {
      assertTestCaseRun(request.body.run);
      const created = await library.createCase(request.body);
      if (!created)
        throw badRequest([{ path: 'body.groupId', message: `no test case group ${request.body.groupId}` }]);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/test-cases/:id',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: 'Get a test case',
        params: IdParams,
        response: Replies({ 200: TestCaseSchema }),
      },
    },
    async (request) => {
      const found = await library.findCase(request.params.id);
      if (!found) throw notFound('test case');
      return found;
    },
  );

  app.patch(
    '/api/test-cases/:id',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Change a test case',
        params: IdParams,
        body: TestCaseChangesBody,
        response: Replies({ 200: TestCaseSchema }),
      },
    },
    async (request) => {
      assertTestCaseRun(request.body.run);
      if (request.body.groupId && !(await library.findGroup(request.body.groupId)))
        throw badRequest([{ path: 'body.groupId', message: `no test case group ${request.body.groupId}` }]);
      const updated = await library.updateCase(request.params.id, request.body);
      if (!updated) throw notFound('test case');
      return updated;
    },
  );

  app.delete(
    '/api/test-cases/:id',
    {
      config: { access: 'test:write' },
      schema: {
        tags: TAGS,
        summary: 'Delete a test case (refused while a plan uses it; its results stay in the history)',
        params: IdParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const using = await library.plansUsingCase(request.params.id);
      if (using.length) throw conflict(`test plans ${using.join(', ')} use this case`);
      if (!(await library.deleteCase(request.params.id))) throw notFound('test case');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/test-cases/:id/results',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: "A test case's results across plan runs, newest first",
        params: IdParams,
        querystring: CaseResultListQuery,
        response: Replies({ 200: Paged(CaseResultSchema) }),
      },
    },
    async (request) => {
      const { plan, ...rest } = request.query;
      let planId: string | undefined;
      if (plan) {
        planId = (await plans.find(plan))?.id;
        if (!planId) return { items: [], total: 0 };
      }
      return planRuns.caseHistory(request.params.id, { ...rest, planId });
    },
  );

  app.get(
    '/api/test-cases/:id/stats',
    {
      config: { access: 'pipeline:read' },
      schema: {
        tags: TAGS,
        summary: "A test case's pass rate and flakiness over its last N results",
        params: IdParams,
        querystring: StatsQuery,
        response: Replies({ 200: CaseStatsSchema }),
      },
    },
    async (request) => (await planRuns.caseStats([request.params.id], request.query.last ?? 20))[0]!,
  );
};
