import { Type, type Static } from '@sinclair/typebox';
import { CASE_STATUS_NAMES } from '../test-plans/case-statuses.js';
import { RunStatusSchema } from './runs.js';
import { Instant, Order, Page, StringEnum } from './common.js';

export { TestPlanRun, TestPlanRunRequest } from '../contracts/test-plans.js';

export const PlanParams = Type.Object({
  plan: Type.String({ minLength: 1, maxLength: 200, description: 'Plan id or name' }),
});

const PlanName = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' });
const EnvVars = (description?: string) =>
  Type.Record(
    Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 200 }),
    Type.String({ maxLength: 10_000 }),
    {
      maxProperties: 100,
      ...(description ? { description } : {}),
    },
  );

const TestPlanFields = {
  name: PlanName,
  description: Type.String({ maxLength: 10_000 }),
  environment: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
    description: 'Environment runs use when the caller names none',
  }),
  cases: Type.Array(Type.String({ minLength: 1 }), {
    maxItems: 1000,
    uniqueItems: true,
    description: 'Case ids in the order they run',
  }),
  env: EnvVars("Variables for every case, over the case's own"),
  parallelism: Type.Integer({ minimum: 1, maximum: 32, description: 'Cases running at once; @default 1' }),
  stopOnFirstFailure: Type.Boolean({ description: 'Start no further case after a failure; @default false' }),
  timeoutMinutes: Type.Union([Type.Integer({ minimum: 1, maximum: 10_080 }), Type.Null()], {
    description: 'The whole run is aborted past this; null: no limit',
  }),
};

export const TestPlanSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  environment: Type.Union([Type.String(), Type.Null()]),
  cases: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), service: Type.String(), level: Type.String() }),
  ),
  env: EnvVars(),
  parallelism: Type.Integer(),
  stopOnFirstFailure: Type.Boolean(),
  timeoutMinutes: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Instant(),
  updatedAt: Instant(),
});
export type TestPlan = Static<typeof TestPlanSchema>;

export const NewTestPlanBody = Type.Object(
  {
    name: TestPlanFields.name,
    description: Type.Optional(TestPlanFields.description),
    environment: Type.Optional(TestPlanFields.environment),
    cases: TestPlanFields.cases,
    env: Type.Optional(TestPlanFields.env),
    parallelism: Type.Optional(TestPlanFields.parallelism),
    stopOnFirstFailure: Type.Optional(TestPlanFields.stopOnFirstFailure),
    timeoutMinutes: Type.Optional(TestPlanFields.timeoutMinutes),
  },
  { additionalProperties: false },
);
export type NewTestPlan = Static<typeof NewTestPlanBody>;
export const TestPlanChangesBody = Type.Partial(Type.Object(TestPlanFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type TestPlanChanges = Static<typeof TestPlanChangesBody>;

export const CaseResultSchema = Type.Object({
  runId: Type.String(),
  position: Type.Integer({ minimum: 0 }),
  caseId: Type.String(),
  caseName: Type.String(),
  status: StringEnum(CASE_STATUS_NAMES),
  attempts: Type.Integer({ minimum: 0 }),
  message: Type.Union([Type.String(), Type.Null()]),
  output: Type.String({ description: "The tail of the case's output" }),
  startedAt: Type.Union([Instant(), Type.Null()]),
  finishedAt: Type.Union([Instant(), Type.Null()]),
});
export type CaseResult = Static<typeof CaseResultSchema>;

export const PlanRunListQuery = Type.Object(
  {
    ...Page,
    plan: Type.Optional(Type.String({ minLength: 1, description: 'Plan id or name' })),
    caseId: Type.Optional(Type.String({ minLength: 1, description: 'Runs that ran this case' })),
    status: Type.Optional(RunStatusSchema),
    from: Type.Optional(Instant('Runs queued at or after this instant')),
    to: Type.Optional(Instant('Runs queued before this instant')),
    order: Type.Optional(Order),
  },
  { additionalProperties: false },
);
export type PlanRunListQuery = Static<typeof PlanRunListQuery>;

export const CaseResultListQuery = Type.Object(
  {
    ...Page,
    plan: Type.Optional(Type.String({ minLength: 1, description: 'Plan id or name' })),
    status: Type.Optional(StringEnum(CASE_STATUS_NAMES)),
    from: Type.Optional(Instant('Results finished at or after this instant')),
    to: Type.Optional(Instant('Results finished before this instant')),
  },
  { additionalProperties: false },
);
export type CaseResultListQuery = Static<typeof CaseResultListQuery>;
