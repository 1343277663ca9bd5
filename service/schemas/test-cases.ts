import { Type, type Static } from '@sinclair/typebox';
import { Instant, Page, StringEnum } from './common.js';

export const TEST_CASE_LEVELS = ['P0', 'P1', 'P2', 'P3'] as const;
export const TEST_CASE_STATES = ['draft', 'ready', 'deprecated'] as const;

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' });
const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const EnvVars = Type.Record(
  Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 200 }),
  Text(10_000),
  {
    maxProperties: 100,
    description: 'Environment variables of the case',
  },
);

export const TestCaseGroupSchema = Type.Object({
  id: Type.String(),
  service: Type.String({ description: 'The service whose library this group belongs to' }),
  name: Type.String(),
  description: Type.String(),
  cases: Type.Integer({ minimum: 0, description: 'Number of cases in the group' }),
  createdAt: Instant(),
});
export type TestCaseGroup = Static<typeof TestCaseGroupSchema>;

export const NewTestCaseGroupBody = Type.Object(
  { service: Name, name: Name, description: Type.Optional(Text(10_000)) },
  { additionalProperties: false },
);
export const TestCaseGroupChangesBody = Type.Partial(NewTestCaseGroupBody, {
  additionalProperties: false,
  minProperties: 1,
});

export const ComposeSourceSchema = Type.Object(
  {
    files: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          content: Type.String({ maxLength: 200_000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20, description: 'The compose file first, then the env files it names' },
    ),
    testService: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: '@default the one service no other depends on',
      }),
    ),
    variables: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), Text(10_000), { maxProperties: 100 }),
    ),
  },
  {
    additionalProperties: false,
    description: "A docker-compose file whose services become the containers of the case's pod",
  },
);

export const TestCaseRunSchema = Type.Object(
  {
    image: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Container image' })),
    command: Type.Optional(
      Type.Array(Type.String({ maxLength: 10_000 }), {
        minItems: 1,
        maxItems: 100,
        description: 'Exec form',
      }),
    ),
    script: Type.Optional(Type.String({ minLength: 1, maxLength: 100_000, description: 'A /bin/sh script' })),
    env: Type.Optional(EnvVars),
    timeoutSeconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 86_400, default: 600, description: '@default 600' }),
    ),
    retries: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10, description: 'Extra attempts; @default 0' }),
    ),
    resources: Type.Optional(
      Type.Object(
        {
          cpu: Type.Optional(Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?m?$', description: 'e.g. 500m' })),
          memory: Type.Optional(
            Type.String({ pattern: '^[0-9]+(Ki|Mi|Gi|Ti|K|M|G|T)?$', description: 'e.g. 512Mi' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    compose: Type.Optional(ComposeSourceSchema),
  },
  {
    additionalProperties: false,
    description:
      'How the case runs: a command or script (in `image`, or on the machine when there is none), or a compose file whose test service runs the script',
  },
);
export type TestCaseRun = Static<typeof TestCaseRunSchema>;

const TestCaseFields = {
  groupId: Type.String({ minLength: 1 }),
  name: Name,
  level: StringEnum(TEST_CASE_LEVELS, { description: 'Priority, P0 highest' }),
  status: StringEnum(TEST_CASE_STATES),
  type: Type.String({
    minLength: 1,
    maxLength: 50,
    pattern: '^[a-z0-9-]+$',
    description: 'unit, api, e2e, performance, ...; @default api',
  }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50, pattern: '^[^,]+$' }), {
    maxItems: 50,
    uniqueItems: true,
  }),
  preconditions: Text(20_000),
  steps: Text(100_000, 'Steps or description'),
  run: TestCaseRunSchema,
};

export const TestCaseSchema = Type.Object({
  id: Type.String(),
  groupId: Type.String(),
  service: Type.String(),
  group: Type.String(),
  name: Type.String(),
  level: StringEnum(TEST_CASE_LEVELS),
  status: StringEnum(TEST_CASE_STATES),
  type: Type.String(),
  tags: Type.Array(Type.String()),
  preconditions: Type.String(),
  steps: Type.String(),
  run: TestCaseRunSchema,
  createdAt: Instant(),
  updatedAt: Instant(),
});
export type TestCase = Static<typeof TestCaseSchema>;

export const NewTestCaseBody = Type.Object(
  {
    groupId: TestCaseFields.groupId,
    name: TestCaseFields.name,
    level: Type.Optional(StringEnum(TEST_CASE_LEVELS, { description: 'Priority, P0 highest; @default P2' })),
    status: Type.Optional(StringEnum(TEST_CASE_STATES, { description: '@default draft' })),
    type: Type.Optional(TestCaseFields.type),
    tags: Type.Optional(TestCaseFields.tags),
    preconditions: Type.Optional(TestCaseFields.preconditions),
    steps: Type.Optional(TestCaseFields.steps),
    run: TestCaseFields.run,
  },
  { additionalProperties: false },
);
export type NewTestCase = Static<typeof NewTestCaseBody>;
export const TestCaseChangesBody = Type.Partial(Type.Object(TestCaseFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type TestCaseChanges = Static<typeof TestCaseChangesBody>;

const CommaList = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description }));

export const TestCaseListQuery = Type.Object(
  {
    ...Page,
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Keyword in name, steps, preconditions or tags',
      }),
    ),
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    groupId: Type.Optional(Type.String({ minLength: 1 })),
    tag: CommaList('Cases with every one of these tags (comma-separated)'),
    level: CommaList('Cases of any of these levels (comma-separated, e.g. P0,P1)'),
    status: Type.Optional(StringEnum(TEST_CASE_STATES)),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  },
  { additionalProperties: false },
);
export type TestCaseListQuery = Static<typeof TestCaseListQuery>;

export const CaseStatsSchema = Type.Object({
  caseId: Type.String(),
  runs: Type.Integer({ minimum: 0, description: 'Passed or failed results counted (the last N)' }),
  passed: Type.Integer({ minimum: 0 }),
  passRate: Type.Union([Type.Number(), Type.Null()], { description: 'passed / runs; null without results' }),
  flips: Type.Integer({ minimum: 0, description: 'Times the status changed between consecutive results' }),
  flakiness: Type.Union([Type.Number(), Type.Null()], {
    description: 'flips / (runs - 1); null below two results',
  }),
});
export type CaseStats = Static<typeof CaseStatsSchema>;

export const StatsQuery = Type.Object(
  {
    last: Type.Optional(
      Type.Integer({ minimum: 2, maximum: 1000, default: 20, description: 'How many latest results count' }),
    ),
  },
  { additionalProperties: false },
);
