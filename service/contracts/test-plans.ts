import { Type, type Static } from '@sinclair/typebox';
import { RUN_STATUSES, type RunStatus } from '../runs/statuses.js';

/**
 * The contract between the shared library's runTestPlan step (vars/runTestPlan.groovy) and the
 * service's test-plan API:
 *   POST /api/test-plans/:plan/runs          body TestPlanRunRequest -> 201 TestPlanRun
 *   GET  /api/test-plan-runs/:id             -> 200 TestPlanRun
 *   GET  /api/test-plan-runs/:id/junit.xml   -> 200 JUnit XML, once the run has finished
 * The step reads id, status, total and passed; the other fields are for people and the console.
 */
export const TestPlanRunRequest = Type.Object(
  {
    environment: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
      description: "Environment to run against; null means the plan's default",
    }),
    build: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], {
      description: 'URL of the Jenkins build asking',
    }),
    commit: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'Commit under test' }),
  },
  { additionalProperties: false },
);

/** The verdict runTestPlan waits for; a plan run's lifecycle status is `runStatus`. */
export const PLAN_VERDICTS = ['queued', 'running', 'passed', 'failed', 'error'] as const;
export type PlanVerdict = (typeof PLAN_VERDICTS)[number];

/**
 * A plan run's lifecycle status as the step sees it: a run that ended with results passed or
 * failed; one that ended without them (cancelled, timed out, interrupted) is an error. Unstable
 * (a case that could not run here) is not passed.
 */
export const VERDICT_OF: Record<RunStatus, PlanVerdict> = {
  queued: 'queued',
  running: 'running',
  waiting: 'running',
  success: 'passed',
  unstable: 'failed',
  failed: 'failed',
  aborted: 'error',
  interrupted: 'error',
};

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description ? { description } : {});

export const TestPlanRun = Type.Object(
  {
    id: Type.String(),
    plan: Type.String({ description: 'Plan name' }),
    planId: Type.String(),
    status: Type.Union(PLAN_VERDICTS.map((v) => Type.Literal(v))),
    runStatus: Type.Union(
      RUN_STATUSES.map((s) => Type.Literal(s)),
      {
        description: 'Lifecycle status, shared with pipeline runs',
      },
    ),
    runner: Type.Union([Type.Literal('local'), Type.Literal('cluster')]),
    total: Type.Integer({ minimum: 0 }),
    passed: Type.Integer({ minimum: 0 }),
    failed: Type.Integer({ minimum: 0 }),
    notRunnable: Type.Integer({ minimum: 0, description: 'Cases that need containers where there are none' }),
    environment: Nullable(Type.String()),
    build: Nullable(Type.String()),
    commit: Nullable(Type.String()),
    trigger: Type.String({ description: '`manual` (a person) or `api` (a tool, e.g. runTestPlan)' }),
    operator: Nullable(Type.String(), 'Username of who started it'),
    reason: Nullable(Type.String(), 'Why it ended so, when the service knows more than the status'),
    // RFC 3339 text; no `format`, so the shared library's tests can check answers without a format registry.
    queuedAt: Type.String({ description: 'RFC 3339' }),
    startedAt: Nullable(Type.String(), 'RFC 3339'),
    finishedAt: Nullable(Type.String(), 'RFC 3339'),
  },
  { additionalProperties: false },
);

export type TestPlanRunRequestType = Static<typeof TestPlanRunRequest>;
export type TestPlanRunType = Static<typeof TestPlanRun>;
