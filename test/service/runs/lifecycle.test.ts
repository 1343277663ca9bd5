import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GATE_TRANSITIONS,
  LIFECYCLE_EVENTS,
  RUN_TRANSITIONS,
  STAGE_TRANSITIONS,
  transition,
} from '../../../service/runs/lifecycle.js';
import { reduceRun, type RunInput, type RunState } from '../../../service/runs/reduce-run.js';
import { GATE_STATUSES, isFinished, RUN_STATUSES, STAGE_STATUSES } from '../../../service/runs/statuses.js';

// The expected transitions, written out independently of the table in lifecycle.ts.
const EXPECTED = {
  run: {
    'queued start': 'running',
    'queued abort': 'aborted',
    'queued fail': 'failed',
    'queued interrupt': 'interrupted',
    'running pause': 'waiting',
    'waiting resume': 'running',
    'running succeed': 'success',
    'running mark-unstable': 'unstable',
    'running fail': 'failed',
    'running abort': 'aborted',
    'running interrupt': 'interrupted',
    'waiting succeed': 'success',
    'waiting mark-unstable': 'unstable',
    'waiting fail': 'failed',
    'waiting abort': 'aborted',
    'waiting interrupt': 'interrupted',
  },
  stage: {
    'pending start': 'running',
    'pending pause': 'waiting',
    'pending skip': 'skipped',
    'pending succeed': 'success',
    'pending mark-unstable': 'unstable',
    'pending fail': 'failed',
    'pending abort': 'aborted',
    'pending interrupt': 'interrupted',
    'running pause': 'waiting',
    'running succeed': 'success',
    'running mark-unstable': 'unstable',
    'running fail': 'failed',
    'running abort': 'aborted',
    'running interrupt': 'interrupted',
    'waiting resume': 'running',
    'waiting succeed': 'success',
    'waiting mark-unstable': 'unstable',
    'waiting fail': 'failed',
    'waiting abort': 'aborted',
    'waiting interrupt': 'interrupted',
  },
  gate: {
    'pending approve': 'approved',
    'pending abort': 'aborted',
    'pending time-out': 'timed-out',
    'pending interrupt': 'interrupted',
  },
} as const;

const STATUSES_OF = { run: RUN_STATUSES, stage: STAGE_STATUSES, gate: GATE_STATUSES } as const;

describe('the run lifecycle table', () => {
  for (const entity of ['run', 'stage', 'gate'] as const) {
    it(`allows exactly the expected ${entity} transitions and refuses every other (state, event) pair with a reason`, () => {
      const expected: Record<string, string> = EXPECTED[entity];
      let pairs = 0;
      for (const from of STATUSES_OF[entity]) {
        for (const event of LIFECYCLE_EVENTS) {
          pairs++;
          const result = transition(entity, from as never, event);
          const want = expected[`${from} ${event}`];
          if (want) expect(result, `${from} ${event}`).toEqual({ ok: true, to: want });
          else {
            expect(result.ok, `${from} ${event}`).toBe(false);
            if (!result.ok) expect(result.reason).toContain(from);
          }
        }
      }
      expect(pairs).toBe(STATUSES_OF[entity].length * LIFECYCLE_EVENTS.length);
    });
  }

  it('lists each transition once, and none leaves a finished status', () => {
    for (const table of [RUN_TRANSITIONS, STAGE_TRANSITIONS, GATE_TRANSITIONS]) {
      const keys = table.map(([from, event]) => `${from} ${event}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const [from] of table) expect(isFinished(from)).toBe(false);
    }
  });
});

describe('applying events to a run', () => {
  const fresh = (): RunState => ({
    run: { status: 'queued', currentStage: null, startedAt: null },
    stages: [
      { name: 'Checkout', parent: null, status: 'pending' },
      { name: 'Build', parent: null, status: 'pending' },
      { name: 'Approve', parent: null, status: 'pending' },
      { name: 'Deploy', parent: null, status: 'pending' },
    ],
    gates: [],
  });
  const apply = (state: RunState, inputs: RunInput[]) => {
    const changes = reduceRun(state, inputs, '2026-11-25T00:00:00.000Z');
    const next: RunState = {
      run: { ...state.run, ...changes.run },
      stages: state.stages.map((s) => ({ ...s, status: changes.stages.get(s.name)?.status ?? s.status })),
      gates: [
        ...state.gates.map((g) => ({ ...g, status: changes.gates.get(g.stage)?.status ?? g.status })),
        ...[...changes.gates.values()]
          .filter((g) => g.opened)
          .map((g) => ({ stage: g.stage, status: g.status, submitters: g.opened!.submitters })),
      ],
    };
    for (const added of [...changes.stages.values()].filter((s) => s.added))
      next.stages.push({ name: added.name, parent: null, status: added.status });
    return { next, changes };
  };

  it('GIVEN a failed checkout WHEN the run finishes THEN no stage stays pending', () => {
    const { next } = apply(fresh(), [
      { id: '1', type: 'stage.started', stage: 'Checkout' },
      { id: '2', type: 'stage.finished', stage: 'Checkout', status: 'failed' },
      { id: '3', type: 'run.finished', status: 'failed' },
    ]);
    expect(next.run.status).toBe('failed');
    expect(next.stages.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
  });

  it('GIVEN a waiting gate WHEN the service interrupts the run THEN the stage and the gate are interrupted too, and the gate can no longer be approved', () => {
    const waiting = apply(fresh(), [
      {
        id: 'g',
        type: 'gate.waiting',
        stage: 'Approve',
        message: 'Ship?',
        submitters: { users: [], groups: [] },
      },
    ]).next;
    expect(waiting.run.status).toBe('waiting');
    const { next } = apply(waiting, [{ type: 'run.interrupted', reason: 'restart' }]);
    expect(next.run.status).toBe('interrupted');
    expect(next.stages.find((s) => s.name === 'Approve')!.status).toBe('interrupted');
    expect(next.gates[0]!.status).toBe('interrupted');
    const late = apply(next, [{ type: 'gate.decided', stage: 'Approve', approve: true, by: 'bob' }]);
    expect(late.changes.refused).toHaveLength(1);
  });

  it('keeps the last stage once the run has finished', () => {
    const { next } = apply(fresh(), [
      { id: '1', type: 'stage.started', stage: 'Build' },
      { id: '2', type: 'stage.finished', stage: 'Build', status: 'success' },
      { id: '3', type: 'run.finished', status: 'success' },
    ]);
    expect(next.run.currentStage).toBe('Build');
  });

  it('refuses everything an executor sends after the run ended', () => {
    const done = apply(fresh(), [
      { id: '1', type: 'run.started' },
      { id: '2', type: 'run.finished', status: 'aborted' },
    ]).next;
    const after = apply(done, [{ id: '3', type: 'log', stage: null, text: 'late' }]);
    expect(after.changes.records).toEqual([]);
    expect(after.changes.refused[0]!.reason).toMatch(/has finished/);
  });

  const stageName = fc.constantFrom('Checkout', 'Build', 'Approve', 'Deploy', 'Other');
  const input: fc.Arbitrary<RunInput> = fc.oneof(
    fc.record({ id: fc.string(), type: fc.constant('run.started' as const) }),
    fc.record({ id: fc.string(), type: fc.constant('stage.started' as const), stage: stageName }),
    fc.record({
      id: fc.string(),
      type: fc.constant('stage.finished' as const),
      stage: stageName,
      status: fc.constantFrom('success', 'unstable', 'failed', 'aborted', 'skipped'),
    }),
    fc.record({
      id: fc.string(),
      type: fc.constant('gate.waiting' as const),
      stage: stageName,
      message: fc.constant('ok?'),
      submitters: fc.constant({ users: [] as string[], groups: [] as string[] }),
    }),
    fc.record({ id: fc.string(), type: fc.constant('gate.timed-out' as const), stage: stageName }),
    fc.record({
      type: fc.constant('gate.decided' as const),
      stage: stageName,
      approve: fc.boolean(),
      by: fc.constant('bob'),
    }),
    fc.record({
      id: fc.string(),
      type: fc.constant('run.finished' as const),
      status: fc.constantFrom('success', 'unstable', 'failed', 'aborted'),
    }),
    fc.record({ type: fc.constant('run.cancel' as const), by: fc.constant('bob') }),
    fc.record({ type: fc.constant('run.timed-out' as const), minutes: fc.constant(1) }),
    fc.record({ type: fc.constant('run.interrupted' as const), reason: fc.constant('restart') }),
  );

  it('never leaves a pending, running or waiting stage or gate in a finished run, whatever arrives in whatever order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(input, { maxLength: 6 }), { maxLength: 5 }), (batches) => {
        let state = fresh();
        for (const batch of batches) state = apply(state, batch).next;
        if (!isFinished(state.run.status)) return;
        for (const s of state.stages) expect(isFinished(s.status), `stage ${s.name} ${s.status}`).toBe(true);
        for (const g of state.gates) expect(isFinished(g.status), `gate ${g.stage} ${g.status}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
