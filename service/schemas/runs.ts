import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { EVENT_KINDS } from '../repositories/run-details.js';
import { GATE_STATUSES, RUN_STATUSES, STAGE_STATUSES, TRIGGER_TYPES } from '../runs/statuses.js';
import { Instant, Order, Page, StringEnum } from './common.js';

export const RunStatusSchema = StringEnum(RUN_STATUSES);
export const TriggerSchema = StringEnum(TRIGGER_TYPES);

const ParameterValues = Type.Record(
  Type.String({ maxLength: 200 }),
  Type.Union([Type.String({ maxLength: 100_000 }), Type.Boolean()]),
  { maxProperties: 100 },
);

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** What a git push that started a run said: where, which ref, which commit, by whom. */
export const RunCauseSchema = Type.Object(
  {
    kind: Type.Literal('push'),
    source: StringEnum(['github', 'gitlab'], { description: 'The git host that sent the webhook' }),
    delivery: Nullable(Type.String({ description: "The host's delivery id (de-duplicated)" })),
    repository: Type.String({ description: 'Repository URL as the host sent it' }),
    ref: Type.String({ description: 'Full ref pushed, e.g. refs/heads/main or refs/tags/v1.2.0' }),
    branch: Nullable(Type.String({ description: 'Branch pushed; null for a tag' })),
    tag: Nullable(Type.String({ description: 'Tag pushed; null for a branch' })),
    commit: Type.String({ description: 'Commit id the ref points at after the push' }),
    author: Nullable(Type.String({ description: "Head commit's author (name <email>)" })),
    message: Nullable(Type.String({ description: "Head commit's message" })),
    pusher: Nullable(Type.String({ description: 'Who pushed (the host account)' })),
  },
  { additionalProperties: false },
);
export type RunCause = Static<typeof RunCauseSchema>;

export const RunSchema = Type.Object({
  id: Type.String(),
  pipelineId: Type.String(),
  number: Type.Integer({ minimum: 1 }),
  status: RunStatusSchema,
  trigger: TriggerSchema,
  operator: Type.Union([Type.String(), Type.Null()], {
    description: 'Username of who started the run; null for pushes and timers',
  }),
  operatorId: Type.Union([Type.String(), Type.Null()]),
  remark: Type.String(),
  parameters: ParameterValues,
  currentStage: Type.Union([Type.String(), Type.Null()]),
  rerunOf: Type.Union([Type.String(), Type.Null()], { description: 'Id of the run this one repeats' }),
  executor: Type.String({ description: '`local` or `jenkins`: who does the work' }),
  pipelineRevision: Type.Integer({ description: "The pipeline definition's revision this run executes" }),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'Why it ended so, when the service knows more than the status (timeout, restart, ...)',
  }),
  cause: Type.Union([RunCauseSchema, Type.Null()], {
    description: 'The push that started the run (trigger `push`); null otherwise',
  }),
  queuedAt: Instant(),
  startedAt: Type.Union([Instant(), Type.Null()]),
  finishedAt: Type.Union([Instant(), Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type Run = Static<typeof RunSchema>;

const RunStageSchema = Type.Object({
  name: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
  status: StringEnum(STAGE_STATUSES),
  startedAt: Type.Union([Instant(), Type.Null()]),
  finishedAt: Type.Union([Instant(), Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type RunStage = Static<typeof RunStageSchema>;

export const GateSchema = Type.Object({
  runId: Type.String(),
  stage: Type.String(),
  message: Type.String(),
  submitters: Type.Object({
    users: Type.Array(Type.String(), { description: 'Usernames who may decide' }),
    groups: Type.Array(Type.String(), { description: 'User groups whose members may decide' }),
  }),
  status: StringEnum(GATE_STATUSES),
  decidedBy: Type.Union([Type.String(), Type.Null()], { description: 'Username of who decided' }),
  decidedAt: Type.Union([Instant(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant(),
});
export type Gate = Static<typeof GateSchema>;

export const RunDetailSchema = Type.Composite([
  RunSchema,
  Type.Object({ stages: Type.Array(RunStageSchema), gates: Type.Array(GateSchema) }),
]);

export const RunEventInputSchema = Type.Object(
  {
    kind: StringEnum(EVENT_KINDS),
    stage: Type.Optional(Type.String({ maxLength: 200 })),
    data: Type.String({ maxLength: 1_000_000 }),
  },
  { additionalProperties: false },
);

export const RunEventSchema = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  at: Instant(),
  kind: StringEnum(EVENT_KINDS),
  stage: Type.Union([Type.String(), Type.Null()]),
  data: Type.String(),
});
export type RunEvent = Static<typeof RunEventSchema>;

export const NewRunBody = Type.Object(
  {
    parameters: Type.Optional(ParameterValues),
    remark: Type.Optional(Type.String({ maxLength: 2000 })),
    trigger: Type.Optional(TriggerSchema),
  },
  { additionalProperties: false, description: 'Everything is optional; the body may be left out' },
);

export const RerunBody = Type.Object(
  {
    parameters: Type.Optional(ParameterValues),
    remark: Type.Optional(Type.String({ maxLength: 2000, description: '@default "rerun of #<number>"' })),
  },
  { additionalProperties: false, description: 'Optional; the body may be left out' },
);

export const EventsReceiptSchema = Type.Object({
  accepted: Type.Integer({ description: 'Events that changed the run' }),
  duplicates: Type.Integer({ description: 'Events whose id the run had seen: they changed nothing' }),
  refused: Type.Array(Type.Object({ id: Type.Union([Type.String(), Type.Null()]), reason: Type.String() }), {
    description: 'Events the run lifecycle did not allow, with why',
  }),
  status: RunStatusSchema,
});

export const RunListQuery = Type.Object(
  {
    ...Page,
    status: Type.Optional(RunStatusSchema),
    trigger: Type.Optional(TriggerSchema),
    operator: Type.Optional(Type.String({ minLength: 1, description: 'Username of who started the run' })),
    from: Type.Optional(Instant('Runs queued at or after this instant, any time zone')),
    to: Type.Optional(Instant('Runs queued before this instant, any time zone')),
    order: Type.Optional(Order),
  },
  { additionalProperties: false },
);
export type RunListQuery = Static<typeof RunListQuery>;

export const ArtifactSchema = Type.Object({
  path: Type.String({ description: 'Relative to the run artifact folder' }),
  size: Type.Integer({ minimum: 0, description: 'Bytes' }),
});
