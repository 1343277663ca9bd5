import type { Outcome, RunEventType } from '../contracts/run-events.js';
import type { RunDescription, WfapiStatus } from './jenkins-shapes.js';
import { WFAPI_FINISHED } from './jenkins-shapes.js';

const STAGE_OUTCOMES: Partial<Record<WfapiStatus, Outcome | 'skipped'>> = {
  SUCCESS: 'success',
  FAILED: 'failed',
  UNSTABLE: 'unstable',
  ABORTED: 'aborted',
  NOT_EXECUTED: 'skipped',
};

/**
 * The RunEvents a wfapi description means, with the ids pipewrightNotify and the local executor
 * use (`stage:<name>:started`, ...), so an event Jenkins' build already posted, or one reported
 * before a restart, changes nothing when it comes again. Pure; run.finished is left to the
 * caller, which sends it once the log is read to its end.
 */
export function describeEvents(d: RunDescription): RunEventType[] {
  const events: RunEventType[] = [{ id: 'run:started', type: 'run.started' }];
  for (const stage of d.stages ?? []) {
    // A stage Declarative skipped (when, earlier failure) never started.
    if (stage.status !== 'NOT_EXECUTED')
      events.push({ id: `stage:${stage.name}:started`, type: 'stage.started', stage: stage.name });
    const outcome = STAGE_OUTCOMES[stage.status];
    if (outcome)
      events.push({
        id: `stage:${stage.name}:finished`,
        type: 'stage.finished',
        stage: stage.name,
        status: outcome,
      });
  }
  return events;
}

/** How the run ended, once wfapi says it has; null while it goes on. */
export function runOutcome(d: RunDescription): Outcome | null {
  if (!WFAPI_FINISHED.has(d.status)) return null;
  const outcome = STAGE_OUTCOMES[d.status];
  return outcome === 'skipped' || outcome === undefined ? 'aborted' : outcome;
}

/** The stage waiting at an input, if the run is paused at one. */
export function pausedStage(d: RunDescription): string | null {
  if (d.status !== 'PAUSED_PENDING_INPUT') return null;
  return d.stages.find((s) => s.status === 'PAUSED_PENDING_INPUT')?.name ?? null;
}
