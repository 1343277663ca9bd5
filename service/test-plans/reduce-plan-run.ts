import { moveRunStatus } from '../runs/move-run.js';
import { closingEvents, type LifecycleEvent } from '../runs/lifecycle.js';
import { isFinished, type RunStatus } from '../runs/statuses.js';
import { caseTransitionRefused, isCaseFinished, type CaseOutcome, type CaseStatus } from './case-statuses.js';

/** What a runner reports about a plan run; it never decides the run's status. */
export type PlanRunEvent =
  | { type: 'plan.started' }
  | { type: 'case.started'; position: number }
  | {
      type: 'case.finished';
      position: number;
      status: CaseOutcome;
      attempts: number;
      message?: string;
      output?: string;
    }
  /** Every case has a result: the service decides the verdict from them. */
  | { type: 'plan.completed' };

/** What only the plan-run service decides. */
export type PlanRunCommand =
  | { type: 'plan.cancel'; by: string }
  | { type: 'plan.timed-out'; minutes: number }
  | { type: 'plan.interrupted'; reason: string }
  /** The runner could not do the work at all (a cluster that refused the resources). */
  | { type: 'plan.error'; reason: string };

export type PlanRunInput = PlanRunEvent | PlanRunCommand;

export interface PlanRunState {
  run: { status: RunStatus; startedAt: string | null };
  cases: { position: number; status: CaseStatus }[];
}

export interface CaseChange {
  status: CaseStatus;
  attempts?: number;
  message?: string | null;
  output?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface PlanRunChanges {
  run: { status?: RunStatus; startedAt?: string; finishedAt?: string; reason?: string };
  cases: Map<number, CaseChange>;
  refused: { input: PlanRunInput; reason: string }[];
  /** Set when this batch finished the run. */
  finished?: RunStatus;
  /** Results counted over the state after the batch. */
  counts: { passed: number; failed: number; notRunnable: number };
}

/** How an open case closes when its run ends early, from the run lifecycle's closing events. */
const CLOSING_STATUS: Partial<Record<LifecycleEvent, CaseStatus>> = {
  skip: 'skipped',
  fail: 'failed',
  abort: 'aborted',
  interrupt: 'interrupted',
};

/** The verdict of a plan whose cases all have results: any failure fails it, a case not run makes it unstable. */
export function verdictEvent(statuses: CaseStatus[]): LifecycleEvent {
  if (statuses.some((s) => s === 'failed' || s === 'aborted' || s === 'interrupted')) return 'fail';
  if (statuses.some((s) => s !== 'passed')) return 'mark-unstable';
  return 'succeed';
}

/**
 * Applies runner events and service commands to a plan run, in order: the run moves through the
 * run lifecycle table (runs/lifecycle.ts), each case through the case table. Pure; the store
 * writes the changes in one transaction.
 */
export function reducePlanRun(state: PlanRunState, inputs: PlanRunInput[], at: string): PlanRunChanges {
  const run = { ...state.run };
  const cases = new Map(state.cases.map((c) => [c.position, c.status]));
  const changes: PlanRunChanges = {
    run: {},
    cases: new Map(),
    refused: [],
    counts: { passed: 0, failed: 0, notRunnable: 0 },
  };

  const moveCase = (position: number, to: CaseStatus, extra: Partial<CaseChange> = {}): string | null => {
    const from = cases.get(position);
    if (from === undefined) return `the plan run has no case at position ${position}`;
    const refused = caseTransitionRefused(from, to);
    if (refused) return `case ${position}: ${refused}`;
    cases.set(position, to);
    const change: CaseChange = { ...changes.cases.get(position), ...extra, status: to };
    if (to === 'running') change.startedAt = at;
    if (isCaseFinished(to)) {
      change.finishedAt = at;
      if (from === 'pending' && to !== 'skipped' && to !== 'not-runnable') change.startedAt ??= at;
    }
    changes.cases.set(position, change);
    return null;
  };
  const moveRun = (event: LifecycleEvent): string | null => {
    const refused = moveRunStatus(run, changes, event, at);
    if (refused !== null) return refused;
    if (isFinished(run.status)) {
      const closing = closingEvents(run.status);
      for (const [position, status] of cases) {
        if (isCaseFinished(status)) continue;
        const event = status === 'pending' ? closing.pendingStage : closing.activeStage;
        moveCase(position, CLOSING_STATUS[event] ?? 'aborted');
      }
    }
    return null;
  };
  const startIfQueued = () => (run.status === 'queued' ? moveRun('start') : null);

  for (const input of inputs) {
    const ok = (reason: string | null) => {
      if (reason) changes.refused.push({ input, reason });
      return reason === null;
    };
    if (isFinished(run.status)) {
      ok(`the plan run has finished (${run.status}); nothing more is recorded`);
      continue;
    }
    switch (input.type) {
      case 'plan.started':
        ok(moveRun('start'));
        break;
      case 'case.started':
        startIfQueued();
        ok(moveCase(input.position, 'running'));
        break;
      case 'case.finished':
        startIfQueued();
        ok(
          moveCase(input.position, input.status, {
            attempts: input.attempts,
            message: input.message ?? null,
            output: input.output ?? '',
          }),
        );
        break;
      case 'plan.completed': {
        startIfQueued();
        const open = [...cases].filter(([, s]) => !isCaseFinished(s)).map(([p]) => p);
        if (open.length) {
          ok(`cases at positions ${open.join(', ')} have no result yet`);
          break;
        }
        ok(moveRun(verdictEvent([...cases.values()])));
        break;
      }
      case 'plan.cancel':
        if (ok(moveRun('abort'))) changes.run.reason = `cancelled by ${input.by}`;
        break;
      case 'plan.timed-out':
        if (ok(moveRun('abort'))) changes.run.reason = `timed out after ${input.minutes} minute(s)`;
        break;
      case 'plan.interrupted':
        if (ok(moveRun('interrupt'))) changes.run.reason = input.reason;
        break;
      case 'plan.error':
        if (ok(moveRun('fail'))) changes.run.reason = input.reason;
        break;
    }
  }
  for (const status of cases.values()) {
    if (status === 'passed') changes.counts.passed++;
    else if (status === 'failed') changes.counts.failed++;
    else if (status === 'not-runnable') changes.counts.notRunnable++;
  }
  return changes;
}
