import { transition, type LifecycleEvent } from './lifecycle.js';
import { isFinished, type RunStatus } from './statuses.js';

/** What moving a run's status records, shared by pipeline runs and plan runs. */
export interface RunMoveChanges {
  run: { status?: RunStatus; startedAt?: string; finishedAt?: string };
  /** Set when this batch finished the run. */
  finished?: RunStatus;
}

/**
 * Moves a run by a lifecycle event through the one transition table: its status, its start the
 * first time it runs, its end. Returns why the move is refused, or null; the caller closes what
 * the run leaves open once `isFinished(run.status)`.
 */
export function moveRunStatus(
  run: { status: RunStatus; startedAt: string | null },
  changes: RunMoveChanges,
  event: LifecycleEvent,
  at: string,
): string | null {
  const t = transition('run', run.status, event);
  if (!t.ok) return t.reason;
  run.status = t.to;
  changes.run.status = t.to;
  if (t.to === 'running' && !run.startedAt) {
    run.startedAt = at;
    changes.run.startedAt = at;
  }
  if (isFinished(t.to)) {
    changes.run.finishedAt = at;
    changes.finished = t.to;
  }
  return null;
}
