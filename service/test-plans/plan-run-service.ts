import { KeyedQueue } from '../runs/keyed-queue.js';
import { conflict, notFound } from '../errors.js';
import type { TestLibraryRepository } from '../repositories/test-library.js';
import type { AppliedPlanBatch, PlanRun, TestPlanRunRepository } from '../repositories/test-plan-runs.js';
import type { TestPlan } from '../repositories/test-plans.js';
import type { User } from '../repositories/users.js';
import { CANCEL_GRACE_MS } from '../runs/run-service.js';
import { isFinished } from '../runs/statuses.js';
import type { PlanRunInput } from './reduce-plan-run.js';
import type { TestRunner } from './test-runner.js';

export interface PlanRunStart {
  trigger: 'manual' | 'api';
  environment: string | null;
  build: string | null;
  commit: string | null;
}

export type PlanRunChangeListener = (applied: AppliedPlanBatch) => void | Promise<void>;

export interface TestPlanRunServiceOptions {
  library: TestLibraryRepository;
  planRuns: TestPlanRunRepository;
  /** Who runs the cases: the cluster runner when a cluster is configured, else the local one. */
  runner: TestRunner;
  /** This service process; plan runs it does carry it (see recover). */
  instanceId?: string;
  /** Whether another service process still lives. @default none does */
  instanceAlive?: (instanceId: string) => Promise<boolean>;
  /** Length of a plan-timeout minute; tests shorten it. @default 60000 */
  minuteMs?: number;
  onError: (error: unknown) => void;
}

/**
 * The one owner of a plan run's lifecycle, as RunService is of a pipeline run's: it starts plan
 * runs, applies what runners report, cancels, times out and interrupts, always through the
 * plan-run reducer (run lifecycle table) and one store transaction per batch.
 */
export class TestPlanRunService {
  private readonly queue = new KeyedQueue();
  private readonly watchdogs = new Map<string, NodeJS.Timeout[]>();
  private readonly listeners = new Set<PlanRunChangeListener>();
  private readonly minuteMs: number;
  private closed = false;

  constructor(private readonly o: TestPlanRunServiceOptions) {
    this.minuteMs = o.minuteMs ?? 60_000;
  }

  get runnerName(): TestRunner['name'] {
    return this.o.runner.name;
  }

  /** Called after each stored batch that changed a plan run; returns `off`. */
  onChange(listener: PlanRunChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a run of the plan's current cases and hands it to the runner. */
  async start(plan: TestPlan, operator: User | null, input: PlanRunStart): Promise<PlanRun> {
    if (plan.cases.length === 0) throw conflict(`test plan ${plan.name} has no cases to run`);
    const cases = await this.o.library.findCases(plan.cases.map((c) => c.id));
    const run = await this.o.planRuns.create({
      plan,
      cases,
      trigger: input.trigger,
      operatorId: operator?.id ?? null,
      runner: this.o.runner.name,
      environment: input.environment ?? plan.environment,
      build: input.build,
      commit: input.commit,
      ownerInstance: this.o.instanceId ?? null,
    });
    if (plan.timeoutMinutes) {
      const minutes = plan.timeoutMinutes;
      this.addWatchdog(
        run.id,
        setTimeout(
          () => void this.stopWork(run.id, { type: 'plan.timed-out', minutes }),
          minutes * this.minuteMs,
        ),
      );
    }
    this.o.runner.start(
      {
        runId: run.id,
        plan: {
          name: plan.name,
          env: plan.env,
          parallelism: plan.parallelism,
          stopOnFirstFailure: plan.stopOnFirstFailure,
        },
        cases: cases.map((c, position) => ({ position, id: c.id, name: c.name, run: c.run })),
        environment: run.environment,
      },
      async (events) => {
        await this.apply(run.id, events);
      },
    );
    return run;
  }

  /** Stops a plan run: the runner ends its work, then the run and its open cases are aborted. */
  async cancel(runId: string, by: string): Promise<void> {
    const run = await this.o.planRuns.find(runId);
    if (!run) throw notFound('test plan run');
    if (isFinished(run.runStatus))
      throw conflict(`test plan run ${runId} has already finished (${run.runStatus})`);
    await this.stopWork(runId, { type: 'plan.cancel', by });
  }

  /**
   * Start-up, and now and then on one replica: plan runs whose process is gone become
   * interrupted, and their processes end. Plan runs of live processes are left alone.
   */
  async recover(): Promise<{ interrupted: number; processes: number }> {
    let interrupted = 0;
    for (const { id, ownerInstance } of await this.o.planRuns.unfinished()) {
      if (ownerInstance !== null) {
        if (ownerInstance === this.o.instanceId) continue;
        if (this.o.instanceAlive && (await this.o.instanceAlive(ownerInstance))) continue;
      }
      await this.apply(id, [
        { type: 'plan.interrupted', reason: 'the service stopped while the plan run was in progress' },
      ]);
      interrupted++;
    }
    // A cluster out of reach must not keep the service from starting: the next start reaps again.
    // Only work of plan runs this store holds as finished ends: a plan run it does not know
    // belongs to another service on this machine (or namespace), one still open to a replica.
    const finishedHere = async (runId: string) => {
      const run = await this.o.planRuns.find(runId);
      return run !== null && isFinished(run.runStatus);
    };
    const processes = await this.o.runner.reap(finishedHere).catch((error: unknown) => {
      this.o.onError(error);
      return 0;
    });
    return { interrupted, processes };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timers of this.watchdogs.values()) timers.forEach(clearTimeout);
    this.watchdogs.clear();
    await this.o.runner.close();
    await this.queue.settled();
  }

  /** The runner stops (within the grace period), then the service records how the run ended. */
  private async stopWork(runId: string, command: PlanRunInput): Promise<void> {
    if (this.o.runner.cancel(runId)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.o.runner.wait(runId),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, CANCEL_GRACE_MS))),
      ]);
      clearTimeout(timer);
    }
    await this.apply(runId, [command]).catch(this.o.onError);
  }

  private addWatchdog(runId: string, timer: NodeJS.Timeout): void {
    timer.unref();
    this.watchdogs.set(runId, [...(this.watchdogs.get(runId) ?? []), timer]);
  }

  private apply(runId: string, inputs: PlanRunInput[]): Promise<AppliedPlanBatch | null> {
    // Once closing, what runners still say is dropped: the next start interrupts the run.
    if (this.closed) return Promise.resolve(null);
    return this.queue.run(runId, async () => {
      const applied = await this.o.planRuns.apply(runId, inputs);
      if (applied?.changes.finished) this.finished(runId);
      if (applied) this.notify(applied);
      return applied;
    });
  }

  private notify(applied: AppliedPlanBatch): void {
    if (!applied.changes.run.status && applied.changes.cases.size === 0) return;
    for (const listener of this.listeners) {
      try {
        const pending = listener(applied);
        if (pending) pending.catch(this.o.onError);
      } catch (error) {
        this.o.onError(error);
      }
    }
  }

  private finished(runId: string): void {
    for (const timer of this.watchdogs.get(runId) ?? []) clearTimeout(timer);
    this.watchdogs.delete(runId);
    // Ended by the service (interruption, an error): stop whatever still works on it.
    if (this.o.runner.active().includes(runId)) this.o.runner.cancel(runId);
  }
}
