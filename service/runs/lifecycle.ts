import type { Entity, GateStatus, RunStatus, StageStatus } from './statuses.js';

/** What can happen to a run, a stage or a gate. Finishing events name the status they lead to. */
export const LIFECYCLE_EVENTS = [
  'start',
  'pause',
  'resume',
  'succeed',
  'mark-unstable',
  'fail',
  'abort',
  'skip',
  'approve',
  'time-out',
  'interrupt',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

type Table<S extends string> = readonly (readonly [from: S, event: LifecycleEvent, to: S])[];

/** The ways a run or a stage ends, from each of `froms`. */
function finishing<F extends RunStatus | StageStatus>(froms: readonly F[]) {
  return froms.flatMap(
    (from) =>
      [
        [from, 'succeed', 'success'],
        [from, 'mark-unstable', 'unstable'],
        [from, 'fail', 'failed'],
        [from, 'abort', 'aborted'],
        [from, 'interrupt', 'interrupted'],
      ] as const,
  );
}

/**
 * Every allowed transition, listed once. Anything not here is refused. A stage may finish
 * straight from `pending` because Jenkins can report a stage only once it is over.
 */
export const RUN_TRANSITIONS: Table<RunStatus> = [
  ['queued', 'start', 'running'],
  ['queued', 'abort', 'aborted'],
  ['queued', 'fail', 'failed'],
  ['queued', 'interrupt', 'interrupted'],
  ['running', 'pause', 'waiting'],
  ['waiting', 'resume', 'running'],
  ...finishing(['running', 'waiting'] as const),
];

export const STAGE_TRANSITIONS: Table<StageStatus> = [
  ['pending', 'start', 'running'],
  ['pending', 'pause', 'waiting'],
  ['pending', 'skip', 'skipped'],
  ['running', 'pause', 'waiting'],
  ['waiting', 'resume', 'running'],
  ...finishing(['pending', 'running', 'waiting'] as const),
];

export const GATE_TRANSITIONS: Table<GateStatus> = [
  ['pending', 'approve', 'approved'],
  ['pending', 'abort', 'aborted'],
  ['pending', 'time-out', 'timed-out'],
  ['pending', 'interrupt', 'interrupted'],
];

const TABLES = { run: RUN_TRANSITIONS, stage: STAGE_TRANSITIONS, gate: GATE_TRANSITIONS } as const;

export type Transition<S> = { ok: true; to: S } | { ok: false; reason: string };

/** The status `event` moves `from` to, or why it may not. */
export function transition<E extends Entity>(
  entity: E,
  from: E extends 'run' ? RunStatus : E extends 'stage' ? StageStatus : GateStatus,
  event: LifecycleEvent,
): Transition<typeof from> {
  const table = TABLES[entity] as Table<string>;
  const row = table.find(([f, e]) => f === from && e === event);
  if (row) return { ok: true, to: row[2] as typeof from };
  const allowed = table.filter(([f]) => f === from).map(([, e]) => e);
  return {
    ok: false,
    reason:
      allowed.length === 0
        ? `${entity} is ${from}: it has finished and cannot ${event}`
        : `${entity} is ${from}: it can ${allowed.join(', ')}, not ${event}`,
  };
}

/** The event that finishes an entity with a given status. */
export const FINISH_EVENT = {
  success: 'succeed',
  unstable: 'mark-unstable',
  failed: 'fail',
  aborted: 'abort',
  skipped: 'skip',
  interrupted: 'interrupt',
  approved: 'approve',
  'timed-out': 'time-out',
} as const satisfies Record<string, LifecycleEvent>;

/**
 * How the stages and gates still open close when their run finishes with `runStatus`: a stage
 * that never started did not run (skipped), one in progress shares the run's fate, and a gate
 * still pending can no longer be decided.
 */
export function closingEvents(runStatus: RunStatus): {
  pendingStage: LifecycleEvent;
  activeStage: LifecycleEvent;
  gate: LifecycleEvent;
} {
  const activeStage: LifecycleEvent =
    runStatus === 'interrupted' ? 'interrupt' : runStatus === 'failed' ? 'fail' : 'abort';
  return {
    pendingStage: 'skip',
    activeStage,
    gate: runStatus === 'interrupted' ? 'interrupt' : 'abort',
  };
}
