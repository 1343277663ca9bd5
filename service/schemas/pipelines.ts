import { Type, type Static } from '@sinclair/typebox';
import { PipelineSchema } from '../../src/index.js';
import { RUN_STATUSES } from '../repositories/runs.js';
import { Instant, ORDERS, Page, StringEnum } from './common.js';
import { RunStatusSchema, TriggerSchema } from './runs.js';

const LastRunSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer({ minimum: 1 }),
  status: RunStatusSchema,
  stage: Type.Union([Type.String(), Type.Null()], { description: 'Current or last stage' }),
  trigger: TriggerSchema,
  startedAt: Type.Union([Instant(), Type.Null()]),
});
export type LastRun = Static<typeof LastRunSchema>;

export const PipelineSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  group: Type.String(),
  description: Type.String(),
  owner: Type.Union([Type.String(), Type.Null()], {
    description: 'Username of who created it; null once that user is gone',
  }),
  ownerId: Type.String(),
  repositoryUrl: Type.Union([Type.String(), Type.Null()]),
  triggers: Type.Array(TriggerSchema),
  favorite: Type.Boolean({ description: 'Whether the caller marked it a favorite' }),
  lastRun: Type.Union([LastRunSchema, Type.Null()]),
  createdAt: Instant(),
  updatedAt: Instant(),
});
export type PipelineSummary = Static<typeof PipelineSummarySchema>;

export const PipelineRecordSchema = Type.Composite([
  PipelineSummarySchema,
  Type.Object({ definition: PipelineSchema }),
]);

const PIPELINE_SORTS = ['name', 'updatedAt', 'lastRunAt'] as const;

export const PipelineListQuery = Type.Object(
  {
    ...Page,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Keyword in the name or description' })),
    group: Type.Optional(Type.String({ description: 'Pipeline group' })),
    status: Type.Optional(StringEnum(RUN_STATUSES, { description: 'Status of the last run' })),
    trigger: Type.Optional(TriggerSchema),
    favorite: Type.Optional(
      Type.Boolean({ description: "Only the caller's favorites (or only the others)" }),
    ),
    sort: Type.Optional(StringEnum(PIPELINE_SORTS, { description: '@default name' })),
    order: Type.Optional(StringEnum(ORDERS, { description: '@default asc for name, desc otherwise' })),
  },
  { additionalProperties: false },
);
