import { Type, type Static } from '@sinclair/typebox';

/**
 * The contract between the shared library's runTestPlan step (vars/runTestPlan.groovy) and the
 * service's test-plan API:
 *   POST /api/test-plans/:plan/runs          body TestPlanRunRequest -> 201 TestPlanRun
 *   GET  /api/test-plan-runs/:id             -> 200 TestPlanRun
 *   GET  /api/test-plan-runs/:id/junit.xml   -> 200 JUnit XML, once the run has finished
 * The routes come with the test-plan issue; the step's tests answer with these shapes today.
 */
export const TestPlanRunRequest = Type.Object(
  {
    environment: Type.Union([Type.String(), Type.Null()], {
      description: "Environment to run against; null means the plan's default",
    }),
    build: Type.Union([Type.String(), Type.Null()], { description: 'URL of the Jenkins build asking' }),
    commit: Type.Union([Type.String(), Type.Null()], { description: 'Commit under test' }),
  },
  { additionalProperties: false },
);

export const TestPlanRun = Type.Object(
  {
    id: Type.String(),
    plan: Type.String(),
    status: Type.Union([
      Type.Literal('queued'),
      Type.Literal('running'),
      Type.Literal('passed'),
      Type.Literal('failed'),
      Type.Literal('error'),
    ]),
    total: Type.Integer({ minimum: 0 }),
    passed: Type.Integer({ minimum: 0 }),
    failed: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export type TestPlanRunRequestType = Static<typeof TestPlanRunRequest>;
export type TestPlanRunType = Static<typeof TestPlanRun>;
