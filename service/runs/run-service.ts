import { createHash, randomBytes } from 'node:crypto';
import type { RunEventType } from '../contracts/run-events.js';
import { RUN_TOKEN_PREFIX } from '../contracts/run-events.js';
import { conflict, forbidden, notFound, ServiceError } from '../errors.js';
import type { Executor } from '../executor/executor.js';
import { processesWithCookies } from '../executor/process-cookies.js';
import type { PipelineRecord } from '../repositories/pipelines.js';
import type { Repositories } from '../repositories/index.js';
import type { AppliedBatch, RunStateRepository } from '../repositories/run-state.js';
import type { Run } from '../repositories/runs.js';
import type { User } from '../repositories/users.js';
import { applyDeployPolicy } from './deploy-policy.js';
import { maySubmit, submittersText } from './gate-access.js';
import type { RunInput } from './reduce-run.js';
import { stageTree } from './stage-tree.js';
import { isFinished, type TriggerType } from './statuses.js';

/** How long a cancelled run's executor has to stop before the service ends the run itself. */
export const CANCEL_GRACE_MS = 10_000;

export interface TriggerInput {
  trigger: TriggerType;
  remark?: string;
  parameters: Record<string, string | boolean>;
  /** Password parameters: handed to the build, never stored. */
  secrets?: Record<string, string>;
  rerunOf?: string;
}

/** Told of each stored change of a run; see RunService.onChange. */
export type RunChangeListener = (applied: AppliedBatch) => void | Promise<void>;

export interface RunServiceOptions {
  repos: Repositories;
  runState: RunStateRepository;
  executor: Executor;
  /** The service's address as builds reach it (PIPEWRIGHT_URL in their environment). */
  serviceUrl: () => string;
  /** Length of a timeout "minute"; tests shorten it. @default 60000 */
  minuteMs?: number;
  /** Hears failures of background work; `runId` names the run it was about (for the log). */
  onError: (error: unknown, runId?: string) => void;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The one owner of a run's lifecycle: it starts runs, applies what executors report, decides
 * gates, cancels, times out and interrupts, always through the lifecycle table
 * (lifecycle.ts) and the store's single transaction per batch. Routes and executors call it;
 * nothing else writes a run's, a stage's or a gate's status.
 */
export class RunService {
  /** Per-run queues: batches of one run apply in the order they arrived. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly watchdogs = new Map<string, NodeJS.Timeout[]>();
  private readonly minuteMs: number;
  private readonly listeners = new Set<RunChangeListener>();

  constructor(private readonly o: RunServiceOptions) {
    this.minuteMs = o.minuteMs ?? 60_000;
  }

  /**
   * Calls `listener` after every stored batch that changed a run (status, stages, gates), in
   * the order of that run's batches. For what follows runs (release versions, test plans,
   * metrics); a listener that throws is reported, never undoes the batch. Returns `off`.
   */
  onChange(listener: RunChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get executor(): Executor {
    return this.o.executor;
  }

  /** Creates a run of the pipeline's current revision and hands it to the executor. */
  async trigger(pipeline: PipelineRecord, operator: User | null, input: TriggerInput): Promise<Run> {
    const policy = applyDeployPolicy(
      pipeline.definition,
      pipeline.group,
      await this.o.repos.environments.list(),
      input.parameters,
    );
    if (policy.problems.length)
      throw new ServiceError(
        403,
        'DEPLOY_NOT_ALLOWED',
        policy.problems.map((p) => `[${p.path}] ${p.message}`).join('\n'),
        policy.problems,
      );
    const model = policy.model;
    const token = RUN_TOKEN_PREFIX + randomBytes(24).toString('base64url');
    const run = await this.o.repos.runs.create(pipeline.id, {
      trigger: input.trigger,
      operatorId: operator?.id ?? null,
      remark: input.remark,
      parameters: input.parameters,
      rerunOf: input.rerunOf ?? null,
      executor: this.o.executor.name,
      pipelineRevision: pipeline.revision,
      tokenHash: hashToken(token),
      stages: stageTree(model),
    });
    if (!run) throw notFound('pipeline');
    this.armTimeout(run, model.options?.timeoutMinutes);
    this.o.executor.start(
      {
        run,
        pipeline: model,
        secrets: input.secrets ?? {},
        serviceEnv: {
          PIPEWRIGHT_URL: this.o.serviceUrl(),
          PIPEWRIGHT_RUN_ID: run.id,
          PIPEWRIGHT_RUN_TOKEN: token,
        },
      },
      async (events) => {
        await this.report(run.id, events);
      },
    );
    return run;
  }

  /** Applies what the run's executor reports; redelivered events change nothing. */
  async report(runId: string, events: RunEventType[]): Promise<AppliedBatch> {
    const applied = await this.apply(runId, events);
    if (!applied) throw notFound('run');
    return applied;
  }

  /**
   * The run a credential belongs to, while it runs; 403 for anything else (a user's token,
   * another run's credential, a finished run).
   */
  async authenticateExecutor(runId: string, token: string | null): Promise<Run> {
    if (!token?.startsWith(RUN_TOKEN_PREFIX))
      throw forbidden("run events come from the run's own executor: send its PIPEWRIGHT_RUN_TOKEN");
    const run = await this.o.repos.runs.findByTokenHash(runId, hashToken(token));
    if (!run || isFinished(run.status))
      throw forbidden('this credential is not valid for this run (another run, or the run has ended)');
    return run;
  }

  /** Approves or aborts a gate on behalf of `user`, who must be one of its submitters. */
  async decideGate(
    runId: string,
    stage: string,
    user: User,
    access: { userGroups: string[]; mayTrigger: boolean },
    decision: { approve: boolean; comment?: string },
  ) {
    const gate = await this.o.repos.runDetails.gate(runId, stage);
    if (!gate) throw notFound('gate');
    if (!maySubmit(gate.submitters, user, access.userGroups, access.mayTrigger))
      throw forbidden(`only ${submittersText(gate.submitters)} may decide this gate`);
    const applied = await this.apply(runId, [
      {
        type: 'gate.decided',
        stage,
        approve: decision.approve,
        by: user.username,
        comment: decision.comment,
      },
    ]);
    const refused = applied?.changes.refused[0];
    if (refused) throw conflict(refused.reason);
    this.o.executor.gateDecided(runId, stage, decision.approve);
    return (await this.o.repos.runDetails.gate(runId, stage))!;
  }

  /** Stops a run: its executor ends the work (post steps included) or, failing that, the service does. */
  async cancel(runId: string, by: string): Promise<void> {
    const run = await this.o.repos.runs.findById(runId);
    if (!run) throw notFound('run');
    if (isFinished(run.status)) throw conflict(`run #${run.number} has already finished (${run.status})`);
    await this.apply(runId, [{ id: `cancel:${by}:${Date.now()}`, type: 'note', text: `cancelled by ${by}` }]);
    this.stopWork(runId, { type: 'run.cancel', by });
  }

  /** Cancels a pipeline's runs in flight and waits for their work to stop (before deleting it). */
  async stopPipelineRuns(pipelineId: string, by: string): Promise<void> {
    const active = await this.o.repos.runs.list(pipelineId, {
      status: undefined,
      limit: 1000,
      offset: 0,
    });
    const running = active.items.filter((r) => !isFinished(r.status));
    for (const run of running) this.stopWork(run.id, { type: 'run.cancel', by });
    await Promise.all(running.map((r) => this.o.executor.wait(r.id)));
    for (const run of running) await this.apply(run.id, [{ type: 'run.cancel', by }]);
  }

  /**
   * Start-up: runs, stages and gates a previous process left open become interrupted together,
   * and the processes of builds that are no longer running are ended.
   */
  async recover(): Promise<{ interrupted: number; processes: number }> {
    const ids = await this.o.repos.runs.unfinishedIds();
    for (const id of ids)
      await this.apply(id, [
        { type: 'run.interrupted', reason: 'the service stopped while the run was in progress' },
      ]);
    return { interrupted: ids.length, processes: await this.reapOrphans() };
  }

  /** Ends processes carrying the cookie of a run of this store that is no longer running. */
  async reapOrphans(): Promise<number> {
    const cookies = new Set(processesWithCookies().values());
    const ended = new Set<string>();
    for (const runId of cookies) {
      if (this.o.executor.active().includes(runId)) continue;
      const run = await this.o.repos.runs.findById(runId);
      // Runs of another store (another service on this machine) are not ours to end.
      if (run && isFinished(run.status)) ended.add(runId);
    }
    return ended.size ? this.o.executor.reap(ended) : 0;
  }

  async close(): Promise<void> {
    for (const timers of this.watchdogs.values()) timers.forEach(clearTimeout);
    this.watchdogs.clear();
    await this.o.executor.close();
    await Promise.allSettled([...this.queues.values()]);
  }

  private stopWork(runId: string, fallback: RunInput): void {
    const stopping = this.o.executor.cancel(runId);
    const onError = (error: unknown) => this.o.onError(error, runId);
    if (!stopping) {
      void this.apply(runId, [fallback]).catch(onError);
      return;
    }
    this.addWatchdog(
      runId,
      setTimeout(() => void this.apply(runId, [fallback]).catch(onError), CANCEL_GRACE_MS),
    );
  }

  /** The executor enforces a pipeline's timeout; this makes sure the run ends even if it does not. */
  private armTimeout(run: Run, minutes: number | undefined): void {
    if (!minutes) return;
    const at = minutes * this.minuteMs + CANCEL_GRACE_MS;
    this.addWatchdog(
      run.id,
      setTimeout(() => this.stopWork(run.id, { type: 'run.timed-out', minutes }), at),
    );
  }

  private addWatchdog(runId: string, timer: NodeJS.Timeout): void {
    timer.unref();
    this.watchdogs.set(runId, [...(this.watchdogs.get(runId) ?? []), timer]);
  }

  private apply(runId: string, inputs: RunInput[]): Promise<AppliedBatch | null> {
    const previous = this.queues.get(runId) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const applied = await this.o.runState.apply(runId, inputs);
        if (applied?.changes.finished) this.finished(runId);
        if (applied) this.notify(applied);
        return applied;
      });
    this.queues.set(runId, next);
    void next
      .catch(() => {})
      .finally(() => {
        if (this.queues.get(runId) === next) this.queues.delete(runId);
      });
    return next;
  }

  private notify(applied: AppliedBatch): void {
    const { changes } = applied;
    if (!changes.run.status && !changes.stages.size && !changes.gates.size) return;
    const onError = (error: unknown) => this.o.onError(error, applied.run.id);
    for (const listener of this.listeners) {
      try {
        const pending = listener(applied);
        if (pending) pending.catch(onError);
      } catch (error) {
        onError(error);
      }
    }
  }

  private finished(runId: string): void {
    for (const timer of this.watchdogs.get(runId) ?? []) clearTimeout(timer);
    this.watchdogs.delete(runId);
    // The service ended the run (cancel grace, timeout, interruption): stop whatever still works on it.
    if (this.o.executor.active().includes(runId)) this.o.executor.cancel(runId);
  }
}
