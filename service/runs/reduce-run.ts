import { moveRunStatus } from './move-run.js';
import type { RunEventType } from '../contracts/run-events.js';
import { closingEvents, FINISH_EVENT, transition, type LifecycleEvent } from './lifecycle.js';
import { isFinished, type GateStatus, type RunStatus, type StageStatus } from './statuses.js';

/** What the run service knows of a run when it applies something to it. */
export interface RunState {
  run: { status: RunStatus; currentStage: string | null; startedAt: string | null };
  stages: { name: string; parent: string | null; status: StageStatus }[];
  gates: { stage: string; status: GateStatus; submitters: { users: string[]; groups: string[] } }[];
}

/** What only the service itself decides; executors never send these. */
export type ServiceCommand =
  | { type: 'gate.decided'; stage: string; approve: boolean; by: string; comment?: string }
  | { type: 'run.cancel'; by: string }
  | { type: 'run.timed-out'; minutes: number }
  | { type: 'run.interrupted'; reason: string };

export type RunInput = RunEventType | ServiceCommand;

export interface StageChange {
  name: string;
  parent?: string | null;
  /** Set for a stage the tree did not have (a Jenkinsfile from SCM may run others). */
  added?: boolean;
  status: StageStatus;
  startedAt?: string;
  finishedAt?: string;
}

export interface GateChange {
  stage: string;
  status: GateStatus;
  /** Set when the gate opens. */
  opened?: { message: string; submitters: { users: string[]; groups: string[] } };
  decidedBy?: string | null;
  comment?: string | null;
}

export interface EventRecord {
  /** The sender's id; null for what the service records itself. */
  id: string | null;
  kind: 'log' | 'stage' | 'gate' | 'run' | 'note';
  stage: string | null;
  data: string;
}

export interface RunChanges {
  run: {
    status?: RunStatus;
    currentStage?: string;
    startedAt?: string;
    finishedAt?: string;
    reason?: string;
  };
  stages: Map<string, StageChange>;
  gates: Map<string, GateChange>;
  records: EventRecord[];
  refused: { input: RunInput; reason: string }[];
  /** Set when this batch finished the run. */
  finished?: RunStatus;
}

const OUTCOME_EVENT: Record<string, LifecycleEvent> = FINISH_EVENT;

/**
 * Applies events and commands to a run, in order, through the lifecycle table. Pure: it returns
 * the changes and what it refused, and the store writes them in one transaction.
 */
export function reduceRun(state: RunState, inputs: RunInput[], at: string): RunChanges {
  const run = { ...state.run };
  const stages = new Map(state.stages.map((s) => [s.name, { ...s }]));
  const gates = new Map(state.gates.map((g) => [g.stage, { ...g }]));
  const changes: RunChanges = { run: {}, stages: new Map(), gates: new Map(), records: [], refused: [] };

  const moveRun = (event: LifecycleEvent): string | null => {
    const refused = moveRunStatus(run, changes, event, at);
    if (refused === null && isFinished(run.status)) closeOpen(run.status);
    return refused;
  };
  const setCurrent = (stage: string) => {
    run.currentStage = stage;
    changes.run.currentStage = stage;
  };
  const ensureStage = (name: string) => {
    let stage = stages.get(name);
    if (!stage) {
      stage = { name, parent: null, status: 'pending' };
      stages.set(name, stage);
      changes.stages.set(name, { name, parent: null, added: true, status: 'pending' });
    }
    return stage;
  };
  const moveStage = (name: string, event: LifecycleEvent): string | null => {
    const stage = ensureStage(name);
    const t = transition('stage', stage.status, event);
    if (!t.ok) return `stage ${JSON.stringify(name)}: ${t.reason}`;
    const change = changes.stages.get(name) ?? { name, status: t.to };
    change.status = t.to;
    if ((t.to === 'running' || t.to === 'waiting') && stage.status === 'pending') change.startedAt = at;
    if (isFinished(t.to)) {
      if (stage.status === 'pending' && t.to !== 'skipped') change.startedAt ??= at;
      if (t.to !== 'skipped') change.finishedAt = at;
    }
    stage.status = t.to;
    changes.stages.set(name, change);
    return null;
  };
  const moveGate = (name: string, event: LifecycleEvent, extra: Partial<GateChange> = {}): string | null => {
    const gate = gates.get(name);
    if (!gate) return `stage ${JSON.stringify(name)} has no gate`;
    const t = transition('gate', gate.status, event);
    if (!t.ok) return `gate of stage ${JSON.stringify(name)}: ${t.reason}`;
    gate.status = t.to;
    changes.gates.set(name, { ...changes.gates.get(name), ...extra, stage: name, status: t.to });
    return null;
  };
  const resumeIfNoGateWaits = () => {
    if (run.status === 'waiting' && ![...gates.values()].some((g) => g.status === 'pending'))
      moveRun('resume');
  };
  function closeOpen(runStatus: RunStatus) {
    const closing = closingEvents(runStatus);
    for (const stage of stages.values()) {
      if (isFinished(stage.status)) continue;
      moveStage(stage.name, stage.status === 'pending' ? closing.pendingStage : closing.activeStage);
    }
    for (const gate of gates.values()) if (!isFinished(gate.status)) moveGate(gate.stage, closing.gate);
  }
  const finishWith = (input: RunInput, event: LifecycleEvent, reason: string) => {
    const refused = moveRun(event);
    if (refused) {
      changes.refused.push({ input, reason: refused });
      return;
    }
    changes.run.reason = reason;
    changes.records.push(record(input, 'note', null, reason));
  };
  const startRunIfQueued = () => (run.status === 'queued' ? moveRun('start') : null);

  for (const input of inputs) {
    const ok = (reason: string | null) => {
      if (reason) changes.refused.push({ input, reason });
      return reason === null;
    };
    if (isFinished(run.status) && input.type !== 'gate.decided') {
      ok(`the run has finished (${run.status}); nothing more is recorded`);
      continue;
    }
    switch (input.type) {
      case 'run.started':
        if (ok(moveRun('start'))) changes.records.push(record(input, 'run', null, 'started'));
        break;
      case 'stage.started': {
        startRunIfQueued();
        const stage = stages.get(input.stage);
        // A stage resumed after its gate is running already: starting it again is no news.
        if (stage?.status === 'running') break;
        if (ok(stage?.status === 'waiting' ? null : moveStage(input.stage, 'start'))) {
          setCurrent(input.stage);
          changes.records.push(record(input, 'stage', input.stage, 'running'));
        }
        break;
      }
      case 'stage.finished':
        startRunIfQueued();
        if (ok(moveStage(input.stage, OUTCOME_EVENT[input.status]!)))
          changes.records.push(record(input, 'stage', input.stage, input.status));
        break;
      case 'gate.waiting': {
        startRunIfQueued();
        if (gates.has(input.stage)) {
          ok(`stage ${JSON.stringify(input.stage)} has a gate already`);
          break;
        }
        const reason = moveStage(input.stage, 'pause');
        if (!ok(reason)) break;
        gates.set(input.stage, { stage: input.stage, status: 'pending', submitters: input.submitters });
        changes.gates.set(input.stage, {
          stage: input.stage,
          status: 'pending',
          opened: { message: input.message, submitters: input.submitters },
        });
        if (run.status === 'running') moveRun('pause');
        setCurrent(input.stage);
        changes.records.push(record(input, 'gate', input.stage, JSON.stringify({ waiting: input.message })));
        break;
      }
      case 'gate.timed-out':
        if (ok(moveGate(input.stage, 'time-out', { decidedBy: null }))) {
          changes.records.push(record(input, 'gate', input.stage, JSON.stringify({ decision: 'timed-out' })));
          resumeIfNoGateWaits();
        }
        break;
      case 'gate.decided': {
        if (isFinished(run.status)) {
          ok(`the run has finished (${run.status}); its gates can no longer be decided`);
          break;
        }
        const decided = moveGate(input.stage, input.approve ? 'approve' : 'abort', {
          decidedBy: input.by,
          comment: input.comment ?? null,
        });
        if (!ok(decided)) break;
        if (input.approve) moveStage(input.stage, 'resume');
        changes.records.push(
          record(
            input,
            'gate',
            input.stage,
            JSON.stringify({
              decision: input.approve ? 'approved' : 'aborted',
              by: input.by,
              comment: input.comment,
            }),
          ),
        );
        resumeIfNoGateWaits();
        break;
      }
      case 'log':
        changes.records.push(record(input, 'log', input.stage, input.text));
        break;
      case 'note':
        changes.records.push(record(input, 'note', null, input.text));
        break;
      case 'run.finished':
        if (ok(moveRun(OUTCOME_EVENT[input.status]!))) {
          if (input.reason) changes.run.reason = input.reason;
          changes.records.push(record(input, 'run', null, input.status));
        }
        break;
      case 'run.cancel':
        finishWith(input, 'abort', `cancelled by ${input.by}`);
        break;
      case 'run.timed-out':
        finishWith(input, 'abort', `timed out after ${input.minutes} minute(s)`);
        break;
      case 'run.interrupted':
        finishWith(input, 'interrupt', input.reason);
        break;
    }
  }
  return changes;
}

function record(input: RunInput, kind: EventRecord['kind'], stage: string | null, data: string): EventRecord {
  return { id: 'id' in input ? input.id : null, kind, stage, data };
}
