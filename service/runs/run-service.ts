import { KeyedQueue } from './keyed-queue.js';
import { createHash, randomBytes } from 'node:crypto';
import type { RunEventType } from '../contracts/run-events.js';
import { RUN_TOKEN_PREFIX } from '../contracts/run-events.js';
import { conflict, forbidden, notFound, ServiceError } from '../errors.js';
import type { PipelineModel } from '../../src/index.js';
import type { Executor } from '../executor/executor.js';
import { processesWithCookies } from '../executor/process-cookies.js';
import type { PipelineRecord } from '../repositories/pipelines.js';
import type { Repositories } from '../repositories/index.js';
import type { AppliedBatch, RunStateRepository } from '../repositories/run-state.js';
import type { Run, RunCause } from '../repositories/runs.js';
import type { User } from '../repositories/users.js';
import { applyDeployPolicy, jobModel } from './deploy-policy.js';
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
  /** What pushed, when a webhook starts the run; shown on the run. */
  cause?: RunCause;
}

/** Told of each stored change of a run; see RunService.onChange. */
export type RunChangeListener = (applied: AppliedBatch) => void | Promise<void>;

export interface RunServiceOptions {
  repos: Repositories;
  runState: RunStateRepository;
  /** The executor of pipelines that name none (the local one, or Jenkins when configured). */
  executor: Executor;
  /** Other executors a pipeline may ask for by name (its `executor` member). */
  executors?: Executor[];
  /** The service's address as builds reach it (PIPEWRIGHT_URL in their environment). */
  serviceUrl: () => string;
  /** This service process; runs whose work it does carry it (see recover). @default a fixed local id */
  instanceId?: string;
  /** Whether another process still lives; it may be doing a run's work. @default none does */
  instanceAlive?: (instanceId: string) => Promise<boolean>;
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
  private readonly queue = new KeyedQueue();
  private readonly watchdogs = new Map<string, NodeJS.Timeout[]>();
  private readonly minuteMs: number;
  private readonly listeners = new Set<RunChangeListener>();

  private readonly executors: Map<string, Executor>;

  constructor(private readonly o: RunServiceOptions) {
    this.minuteMs = o.minuteMs ?? 60_000;
    this.executors = new Map([...(o.executors ?? []), o.executor].map((e) => [e.name, e]));
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

  /** The default executor. */
  get executor(): Executor {
    return this.o.executor;
  }

  /** The executor a pipeline runs on: the one it asks for, else the default. */
  executorFor(model: { executor?: string }): Executor {
    if (!model.executor) return this.o.executor;
    const chosen = this.executors.get(model.executor);
    if (!chosen)
      throw new ServiceError(
        409,
        'EXECUTOR_NOT_CONFIGURED',
        `[executor] the pipeline asks for the ${model.executor} executor, which this service does not have (${[...this.executors.keys()].join(', ')})`,
      );
    return chosen;
  }

  /** The executor that runs (or ran) a run. */
  private executorOf(run: { executor: string }): Executor | undefined {
    return this.executors.get(run.executor);
  }

  /** Creates a run of the pipeline's current revision and hands it to the executor. */
  async trigger(pipeline: PipelineRecord, operator: User | null, input: TriggerInput): Promise<Run> {
    const environments = await this.o.repos.environments.list();
    const policy = applyDeployPolicy(pipeline.definition, pipeline.group, environments, input.parameters);
    if (policy.problems.length)
      throw new ServiceError(
        403,
        'DEPLOY_NOT_ALLOWED',
        policy.problems.map((p) => `[${p.path}] ${p.message}`).join('\n'),
        policy.problems,
      );
    // A Jenkins executor writes the job from it, and Jenkins may start that job's cron builds.
    const model = jobModel(pipeline.definition, pipeline.group, environments, policy);
    const executor = this.executorFor(pipeline.definition);
    const token = RUN_TOKEN_PREFIX + randomBytes(24).toString('base64url');
    const run = await this.o.repos.runs.create(pipeline.id, {
      trigger: input.trigger,
      operatorId: operator?.id ?? null,
      remark: input.remark,
      parameters: input.parameters,
      rerunOf: input.rerunOf ?? null,
      cause: input.cause ?? null,
      executor: executor.name,
      pipelineRevision: pipeline.revision,
      tokenHash: hashToken(token),
      stages: stageTree(model),
      ownerInstance: this.o.instanceId ?? null,
    });
    if (!run) throw notFound('pipeline');
    this.armTimeout(run, model.options?.timeoutMinutes);
    this.startWork(executor, run, model, token, input.secrets ?? {});
    return run;
  }

  private startWork(
    executor: Executor,
    run: Run,
    model: PipelineModel,
    token: string,
    secrets: Record<string, string>,
  ) {
    executor.start(
      {
        run,
        pipeline: model,
        secrets,
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
  }

  /**
   * Whether the run's executor took it (true), or could not reach what does the work and keeps
   * the run queued to start it later (false).
   */
  async accepted(run: Run): Promise<boolean> {
    return (await this.executorOf(run)?.accepted?.(run.id)) ?? true;
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
    const run = await this.o.repos.runs.findById(runId);
    if (run) this.executorOf(run)?.gateDecided(runId, stage, decision.approve);
    return (await this.o.repos.runDetails.gate(runId, stage))!;
  }

  /** Stops a run: its executor ends the work (post steps included) or, failing that, the service does. */
  async cancel(runId: string, by: string): Promise<void> {
    const run = await this.o.repos.runs.findById(runId);
    if (!run) throw notFound('run');
    if (isFinished(run.status)) throw conflict(`run #${run.number} has already finished (${run.status})`);
    await this.apply(runId, [{ id: `cancel:${by}:${Date.now()}`, type: 'note', text: `cancelled by ${by}` }]);
    this.stopWork(run, { type: 'run.cancel', by });
  }

  /** Cancels a pipeline's runs in flight and waits for their work to stop (before deleting it). */
  async stopPipelineRuns(pipelineId: string, by: string): Promise<void> {
    const active = await this.o.repos.runs.list(pipelineId, {
      status: undefined,
      limit: 1000,
      offset: 0,
    });
    const running = active.items.filter((r) => !isFinished(r.status));
    for (const run of running) this.stopWork(run, { type: 'run.cancel', by });
    await Promise.all(running.map((r) => this.executorOf(r)?.wait(r.id)));
    for (const run of running) await this.apply(run.id, [{ type: 'run.cancel', by }]);
  }

  /**
   * Start-up, and now and then on one replica: runs whose owner (the process doing or following
   * them) is gone. Runs whose executor carries on without the service (Jenkins) are taken over
   * where they are, with a new credential for their build's reports; the others' runs, stages
   * and gates become interrupted together, and the processes of builds no longer running end.
   * Runs of live processes (this one, other replicas) are left alone.
   */
  async recover(): Promise<{ interrupted: number; resumed: number; processes: number }> {
    let interrupted = 0;
    let resumed = 0;
    for (const found of await this.o.repos.runs.unfinished()) {
      const owner = found.ownerInstance;
      if (owner !== null) {
        if (owner === this.o.instanceId) continue;
        if (this.o.instanceAlive && (await this.o.instanceAlive(owner))) continue;
      }
      const run = await this.o.repos.runs.findById(found.id);
      const executor = run && this.executorOf(run);
      const pipeline =
        run && executor?.resumable ? await this.o.repos.pipelines.findById(run.pipelineId) : null;
      // Followed under the rules as they stand: the gates and who may pass them come from them.
      const environments = pipeline ? await this.o.repos.environments.list() : [];
      const policy =
        run &&
        pipeline &&
        applyDeployPolicy(pipeline.definition, pipeline.group, environments, run.parameters);
      if (run && executor?.resumable && pipeline && policy && policy.problems.length === 0) {
        // Replicas recovering together: only the one whose claim lands follows the run.
        if (!(await this.o.repos.runs.claimOwner(run.id, owner, this.o.instanceId ?? null))) continue;
        const token = RUN_TOKEN_PREFIX + randomBytes(24).toString('base64url');
        await this.o.repos.runs.replaceTokenHash(run.id, hashToken(token));
        const model = jobModel(pipeline.definition, pipeline.group, environments, policy);
        this.startWork(executor, run, model, token, {});
        resumed++;
        continue;
      }
      const refused = policy?.problems.length
        ? `; the deploy rules no longer let it go on: ${policy.problems.map((p) => `[${p.path}] ${p.message}`).join('; ')}`
        : '';
      await this.apply(found.id, [
        { type: 'run.interrupted', reason: `the service stopped while the run was in progress${refused}` },
      ]);
      interrupted++;
    }
    return { interrupted, resumed, processes: await this.reapOrphans() };
  }

  /** Ends processes carrying the cookie of a run of this store that is no longer running. */
  async reapOrphans(): Promise<number> {
    const cookies = new Set(processesWithCookies().values());
    const ended = new Set<string>();
    for (const runId of cookies) {
      if ([...this.executors.values()].some((e) => e.active().includes(runId))) continue;
      const run = await this.o.repos.runs.findById(runId);
      // Runs of another store (another service on this machine) are not ours to end.
      if (run && isFinished(run.status)) ended.add(runId);
    }
    if (!ended.size) return 0;
    // Build processes belong to whichever executor runs them on this machine (the local one).
    const counts = await Promise.all([...this.executors.values()].map((e) => e.reap(ended)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async close(): Promise<void> {
    for (const timers of this.watchdogs.values()) timers.forEach(clearTimeout);
    this.watchdogs.clear();
    await Promise.all([...this.executors.values()].map((e) => e.close()));
    await this.queue.settled();
  }

  private stopWork(run: Run, fallback: RunInput): void {
    const runId = run.id;
    const stopping = this.executorOf(run)?.cancel(runId) ?? false;
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
      setTimeout(() => this.stopWork(run, { type: 'run.timed-out', minutes }), at),
    );
  }

  private addWatchdog(runId: string, timer: NodeJS.Timeout): void {
    timer.unref();
    this.watchdogs.set(runId, [...(this.watchdogs.get(runId) ?? []), timer]);
  }

  private apply(runId: string, inputs: RunInput[]): Promise<AppliedBatch | null> {
    return this.queue.run(runId, async () => {
      const applied = await this.o.runState.apply(runId, inputs);
      if (applied?.changes.finished) this.finished(runId);
      if (applied) this.notify(applied);
      return applied;
    });
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
    for (const executor of this.executors.values())
      if (executor.active().includes(runId)) executor.cancel(runId);
  }
}
