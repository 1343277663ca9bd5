import { Type } from '@sinclair/typebox';
import { Instant } from './common.js';

const ApprovalTodo = Type.Object({
  kind: Type.Literal('approval'),
  runId: Type.String(),
  runNumber: Type.Union([Type.Integer(), Type.Null()]),
  pipelineId: Type.Union([Type.String(), Type.Null()]),
  pipelineName: Type.Union([Type.String(), Type.Null()]),
  stage: Type.String(),
  message: Type.String(),
  since: Instant(),
});

const FailedRunTodo = Type.Object({
  kind: Type.Literal('failed-run'),
  pipelineId: Type.String(),
  pipelineName: Type.String(),
  runId: Type.String(),
  runNumber: Type.Integer(),
  since: Type.Union([Instant(), Type.Null()]),
});

export const TodosSchema = Type.Object({
  items: Type.Array(Type.Union([ApprovalTodo, FailedRunTodo]), {
    description: 'Gates I may decide, then favorite pipelines whose last run failed',
  }),
});
