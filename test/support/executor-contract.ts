import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineModel } from '../../src/index.js';
import type { RunEventType } from '../../service/contracts/run-events.js';
import type { Executor } from '../../service/executor/executor.js';
import type { Run } from '../../service/repositories/runs.js';
import { reduceRun, type RunInput, type RunState } from '../../service/runs/reduce-run.js';
import { stageTree } from '../../service/runs/stage-tree.js';
import { isFinished } from '../../service/runs/statuses.js';

/** What a contract run needs from the executor under test. */
export interface ExecutorSubject {
  executor: Executor;
  /** A second executor as a restarted service would create it (for crash recovery). */
  restarted: () => Executor;
  /** Length of a timeout "minute" the subject was built with. */
  minuteMs: number;
  /**
   * What reap counts for the crashed run: the local executor ends its two processes, the
   * Jenkins executor stops its one build. @default 2
   */
  reapedPerRun?: number;
}

/**
 * A fake store: the run service's lifecycle reducer over memory. It records what the executor
 * reports exactly as the real store would judge it.
 */
class FakeRunStore {
  state: RunState;
  log = '';
  reported: RunEventType[] = [];
  refused: string[] = [];
  private waiters: (() => void)[] = [];

  constructor(pipeline: PipelineModel) {
    this.state = {
      run: { status: 'queued', currentStage: null, startedAt: null },
      stages: stageTree(pipeline).map((s) => ({ ...s, status: 'pending' })),
      gates: [],
    };
  }

  apply(inputs: RunInput[]): void {
    const changes = reduceRun(this.state, inputs, new Date().toISOString());
    this.refused.push(...changes.refused.map((r) => r.reason));
    this.state = {
      run: { ...this.state.run, ...changes.run },
      stages: [
        ...this.state.stages.map((s) => ({ ...s, status: changes.stages.get(s.name)?.status ?? s.status })),
        ...[...changes.stages.values()]
          .filter((s) => s.added)
          .map((s) => ({ name: s.name, parent: null, status: s.status })),
      ],
      gates: [
        ...this.state.gates.map((g) => ({ ...g, status: changes.gates.get(g.stage)?.status ?? g.status })),
        ...[...changes.gates.values()]
          .filter((g) => g.opened)
          .map((g) => ({ stage: g.stage, status: g.status, submitters: g.opened!.submitters })),
      ],
    };
    for (const r of changes.records) if (r.kind === 'log') this.log += r.data;
    for (const w of this.waiters.splice(0)) w();
  }

  report = async (events: RunEventType[]) => {
    this.reported.push(...events);
    this.apply(events);
  };

  stage(name: string) {
    return this.state.stages.find((s) => s.name === name)?.status;
  }

  async until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; run is ${this.state.run.status}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
}

function newRun(): Run {
  return {
    id: randomUUID(),
    pipelineId: 'p',
    number: 1,
    status: 'queued',
    trigger: 'manual',
    operator: null,
    operatorId: null,
    remark: '',
    parameters: {},
    currentStage: null,
    rerunOf: null,
    cause: null,
    executor: 'test',
    pipelineRevision: 1,
    reason: null,
    queuedAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    durationMs: null,
  };
}

/** Pids of processes whose environment carries this run's cookie, as `ps` shows them. */
export function processesOfRun(runId: string): number[] {
  const out = execFileSync('ps', ['-e', '-ww', '-o', 'pid=,args=', 'e'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(`PIPEWRIGHT_RUN_COOKIE=${runId}`))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

export function start(subject: Executor, pipeline: PipelineModel) {
  const run = newRun();
  const store = new FakeRunStore(pipeline);
  subject.start({ run, pipeline, secrets: {}, serviceEnv: { PIPEWRIGHT_RUN_ID: run.id } }, store.report);
  return { run, store };
}

export const finished = (store: FakeRunStore) => () => isFinished(store.state.run.status);

/**
 * What every executor must do, whatever does the work: the local executor runs it today; the
 * Jenkins and test-plan executors run the same suite against their fakes.
 */
export function executorContract(name: string, make: () => ExecutorSubject): void {
  describe(`executor contract: ${name}`, () => {
    it('runs stages in order and reports success with the log', async () => {
      const { executor } = make();
      const { store } = start(executor, {
        name: 'ok',
        stages: [
          { name: 'Build', steps: [{ sh: 'echo building' }] },
          { name: 'Test', steps: [{ sh: 'echo testing' }] },
        ],
      });
      await store.until('the run to finish', finished(store));
      expect(store.state.run.status).toBe('success');
      expect(store.state.stages.map((s) => [s.name, s.status])).toEqual([
        ['Build', 'success'],
        ['Test', 'success'],
      ]);
      expect(store.log).toContain('building');
      expect(store.refused).toEqual([]);
    });

    it('fails the run on a failing step and leaves no stage pending', async () => {
      const { executor } = make();
      const { store } = start(executor, {
        name: 'fails',
        stages: [
          { name: 'Build', steps: [{ sh: 'exit 3' }] },
          { name: 'Test', steps: [{ sh: 'echo never' }] },
        ],
      });
      await store.until('the run to finish', finished(store));
      expect(store.state.run.status).toBe('failed');
      expect(store.stage('Build')).toBe('failed');
      expect(store.stage('Test')).toBe('skipped');
      expect(store.log).not.toContain('never');
    });

    it('runs parallel branches at the same time', async () => {
      const { executor } = make();
      const dir = mkdtempSync(join(tmpdir(), 'pw-parallel-'));
      // Each branch waits for the other's file: only branches that overlap can both succeed.
      const meet = (mine: string, theirs: string) =>
        `touch ${dir}/${mine}; for i in $(seq 200); do [ -f ${dir}/${theirs} ] && exit 0; sleep 0.05; done; exit 1`;
      const { store } = start(executor, {
        name: 'parallel',
        stages: [
          {
            name: 'Both',
            parallel: [
              { name: 'A', steps: [{ sh: meet('a', 'b') }] },
              { name: 'B', steps: [{ sh: meet('b', 'a') }] },
            ],
          },
        ],
      });
      await store.until('the run to finish', finished(store));
      expect(store.state.run.status).toBe('success');
      expect([store.stage('Both'), store.stage('A'), store.stage('B')]).toEqual([
        'success',
        'success',
        'success',
      ]);
    });

    for (const approve of [true, false]) {
      it(`waits at a gate and ${approve ? 'goes on when it is approved' : 'stops when it is aborted'}`, async () => {
        const { executor } = make();
        const { run, store } = start(executor, {
          name: 'gated',
          stages: [
            { name: 'Build', steps: [{ sh: 'echo built' }] },
            { name: 'Approve', gate: { message: 'Ship it?' }, steps: [{ sh: 'echo shipping' }] },
            { name: 'After', steps: [{ sh: 'echo after' }] },
          ],
        });
        await store.until('the gate', () => store.state.run.status === 'waiting');
        expect(store.stage('Approve')).toBe('waiting');
        expect(store.state.gates).toEqual([
          { stage: 'Approve', status: 'pending', submitters: { users: [], groups: [] } },
        ]);
        store.apply([{ type: 'gate.decided', stage: 'Approve', approve, by: 'alice' }]);
        executor.gateDecided(run.id, 'Approve', approve);
        await store.until('the run to finish', finished(store));
        expect(store.state.run.status).toBe(approve ? 'success' : 'aborted');
        expect(store.stage('Approve')).toBe(approve ? 'success' : 'aborted');
        expect(store.stage('After')).toBe(approve ? 'success' : 'skipped');
      });
    }

    it('stops a cancelled run, detached children included, within 5 s', async () => {
      const { executor } = make();
      const { run, store } = start(executor, {
        name: 'cancelled',
        stages: [{ name: 'Long', steps: [{ sh: 'setsid sleep 60 & sleep 60' }] }],
      });
      await store.until('the step to start', () => processesOfRun(run.id).length >= 2);
      const cancelledAt = Date.now();
      expect(executor.cancel(run.id)).toBe(true);
      await store.until('the run to finish', finished(store), 5_000);
      await store.until(
        'its processes to end',
        () => processesOfRun(run.id).length === 0,
        5_000 - (Date.now() - cancelledAt),
      );
      expect(store.state.run.status).toBe('aborted');
      expect(store.stage('Long')).toBe('aborted');
    });

    it('aborts a stage at its timeout and still runs post steps', async () => {
      const { executor, minuteMs } = make();
      const { store } = start(executor, {
        name: 'timeout',
        stages: [
          {
            name: 'Slow',
            timeoutMinutes: 1,
            steps: [{ sh: `sleep ${Math.ceil((minuteMs * 50) / 1000)}` }],
            post: { always: [{ sh: 'echo cleaned up' }] },
          },
        ],
      });
      await store.until('the run to finish', finished(store), minuteMs * 40);
      expect(store.state.run.status).toBe('aborted');
      expect(store.stage('Slow')).toBe('aborted');
      expect(store.log).toContain('cleaned up');
    });

    it('after a crash, a restarted service ends the processes of the interrupted run', async () => {
      const subject = make();
      const { run, store } = start(subject.executor, {
        name: 'crash',
        stages: [{ name: 'Long', steps: [{ sh: 'setsid sleep 60 & sleep 60' }] }],
      });
      await store.until('the step to start', () => processesOfRun(run.id).length >= 2);
      // The first executor is gone without a word; the one the restarted service makes reaps.
      const ended = await subject.restarted().reap(new Set([run.id]));
      expect(ended).toBeGreaterThanOrEqual(subject.reapedPerRun ?? 2);
      expect(processesOfRun(run.id)).toEqual([]);
      await subject.executor.close();
    });
  });
}
