import { Type, type Static } from '@sinclair/typebox';

/**
 * The one way an executor tells the service what happened in a run: the local executor, the
 * Jenkins executor and the shared library's pipewrightNotify step (vars/pipewrightNotify.groovy)
 * all send these, and `POST /api/runs/:runId/events` takes a list of them.
 *
 * `id` makes delivery idempotent: an event whose id the run has seen already changes nothing,
 * so a sender retries freely. Senders derive it from what the event is about (for example
 * `stage:Build:finished`), never from a clock.
 */
const EventId = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Unique within the run; a redelivered id is ignored',
});
const StageName = Type.String({ minLength: 1, maxLength: 500 });

/** How a stage or a run ends, in the words Jenkins results map to. */
export const OUTCOMES = ['success', 'unstable', 'failed', 'aborted'] as const;
const Outcome = Type.Union(OUTCOMES.map((o) => Type.Literal(o)));

export const RunStartedEvent = Type.Object(
  { id: EventId, type: Type.Literal('run.started') },
  { additionalProperties: false },
);
export const StageStartedEvent = Type.Object(
  { id: EventId, type: Type.Literal('stage.started'), stage: StageName },
  { additionalProperties: false },
);
export const StageFinishedEvent = Type.Object(
  {
    id: EventId,
    type: Type.Literal('stage.finished'),
    stage: StageName,
    status: Type.Union([Outcome, Type.Literal('skipped')]),
  },
  { additionalProperties: false },
);
export const GateWaitingEvent = Type.Object(
  {
    id: EventId,
    type: Type.Literal('gate.waiting'),
    stage: StageName,
    message: Type.String({ maxLength: 10_000 }),
    submitters: Type.Object(
      {
        users: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
        groups: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const GateTimedOutEvent = Type.Object(
  { id: EventId, type: Type.Literal('gate.timed-out'), stage: StageName },
  { additionalProperties: false },
);
export const LogEvent = Type.Object(
  {
    id: EventId,
    type: Type.Literal('log'),
    stage: Type.Union([StageName, Type.Null()]),
    text: Type.String({ maxLength: 1_000_000 }),
  },
  { additionalProperties: false },
);
export const NoteEvent = Type.Object(
  { id: EventId, type: Type.Literal('note'), text: Type.String({ maxLength: 10_000 }) },
  { additionalProperties: false },
);
export const RunFinishedEvent = Type.Object(
  {
    id: EventId,
    type: Type.Literal('run.finished'),
    status: Outcome,
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const RunEvent = Type.Union(
  [
    RunStartedEvent,
    StageStartedEvent,
    StageFinishedEvent,
    GateWaitingEvent,
    GateTimedOutEvent,
    LogEvent,
    NoteEvent,
    RunFinishedEvent,
  ],
  { description: 'One thing that happened in a run, reported by its executor' },
);
export type RunEventType = Static<typeof RunEvent>;
export type Outcome = (typeof OUTCOMES)[number];

/** The body of `POST /api/runs/:runId/events`. */
export const RunEventBatch = Type.Array(RunEvent, { minItems: 1, maxItems: 1000 });

/** Header that carries a run's own credential (the build gets it as PIPEWRIGHT_RUN_TOKEN). */
export const RUN_TOKEN_PREFIX = 'pwr_';
