import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EnvironmentModel, PipelineModel, PostModel, StageModel, StepModel } from '../../src/index.js';
import type { Repositories } from '../repositories/index.js';
import type { StageStatus } from '../repositories/run-details.js';
import type { Run, RunStatus } from '../repositories/runs.js';
import type { Executor } from './executor.js';
import { globMatches } from './glob.js';
import { RunLog } from './run-log.js';

/** Milliseconds between SIGTERM and SIGKILL when a step is cancelled or times out. */
export const KILL_GRACE_MS = 3000;
/** The stage the renderer adds for `source`; the local executor clones the repository in it. */
const CHECKOUT_STAGE = 'Checkout';
/** Variables of the service itself that a build must not see. */
const PRIVATE_ENV = /^PIPEWRIGHT_(ADMIN_PASSWORD|DATABASE_URL)$/;

type Outcome = 'success' | 'failed' | 'aborted' | 'skipped';

/** Thrown for what only Jenkins can run; the message says what is needed. */
class NeedsJenkins extends Error {}

const LIBRARY_NEEDS: Record<string, string> = {
  buildImage:
    'buildImage builds with kaniko inside a Kubernetes agent pod: connect Jenkins and its kubernetes cloud (casc/)',
  deployToKubernetes:
    'deployToKubernetes needs a cluster: connect Jenkins, and give the environment a kubeconfig credential',
  runTestPlan: 'runTestPlan runs test cases as pods through the operator: connect Jenkins and a cluster',
};

interface Execution {
  run: Run;
  pipeline: PipelineModel;
  abort: AbortController;
  log: RunLog;
  workspace: string;
  gates: Map<string, (approved: boolean) => void>;
  children: Set<number>;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Where a run's archived artifacts live. */
export function artifactDir(dataDir: string, runId: string): string {
  return join(dataDir, 'artifacts', runId);
}

/** Files below `root`, as paths relative to it with `/` separators; links are not followed. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(root, '');
  return out.sort();
}

/** Stage names with their parents, in pipeline order, as the run's stage tree. */
export function stageTree(pipeline: PipelineModel): { name: string; parent: string | null }[] {
  const out: { name: string; parent: string | null }[] = [];
  if (pipeline.source) out.push({ name: CHECKOUT_STAGE, parent: null });
  const walk = (stages: StageModel[], parent: string | null) => {
    for (const s of stages) {
      out.push({ name: s.name, parent });
      walk(s.parallel ?? [], s.name);
      walk(s.stages ?? [], s.name);
    }
  };
  walk(pipeline.stages, null);
  return out;
}

/**
 * Runs a pipeline model on this machine: `sh` steps as child processes (each in its own process
 * group, so cancelling kills everything it started) in a per-run workspace, parallel branches
 * at the same time, nested stages in order, gates that wait for an approval through the API,
 * timeouts, and `when` conditions it can decide. What needs Jenkins fails with a message that
 * says so.
 */
export interface LocalExecutorOptions {
  /**
   * How long a "minute" of the model's timeouts lasts; tests shorten it.
   * @default 60000
   */
  minuteMs?: number;
  onError?: (error: unknown) => void;
}

export class LocalExecutor implements Executor {
  private readonly executions = new Map<string, Execution>();
  private readonly finished = new Map<string, Promise<void>>();
  private readonly minuteMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly repos: Repositories,
    private readonly dataDir: string,
    options: LocalExecutorOptions = {},
  ) {
    this.minuteMs = options.minuteMs ?? 60_000;
    this.onError = options.onError ?? (() => {});
  }

  active(): string[] {
    return [...this.executions.keys()];
  }

  start(run: Run, pipeline: PipelineModel): void {
    const workspace = join(this.dataDir, 'workspaces', run.id);
    const execution: Execution = {
      run,
      pipeline,
      abort: new AbortController(),
      log: new RunLog(run.id, this.repos.runDetails, this.onError),
      workspace,
      gates: new Map(),
      children: new Set(),
    };
    this.executions.set(run.id, execution);
    const done = this.execute(execution)
      .catch(this.onError)
      .finally(() => {
        this.executions.delete(run.id);
        this.finished.delete(run.id);
      });
    this.finished.set(run.id, done);
  }

  cancel(runId: string): boolean {
    const execution = this.executions.get(runId);
    if (!execution) return false;
    execution.abort.abort();
    return true;
  }

  gateDecided(runId: string, stage: string, approved: boolean): void {
    this.executions.get(runId)?.gates.get(stage)?.(approved);
  }

  /** Waits for a run to finish (tests, shutdown). */
  async wait(runId: string): Promise<void> {
    await this.finished.get(runId);
  }

  async close(): Promise<void> {
    for (const e of this.executions.values()) e.abort.abort();
    await Promise.all(this.finished.values());
  }

  private async execute(x: Execution): Promise<void> {
    const runs = this.repos.runs;
    await this.repos.runDetails.initStages(x.run.id, stageTree(x.pipeline));
    await runs.update(x.run.id, { status: 'running', startedAt: new Date().toISOString() });
    mkdirSync(x.workspace, { recursive: true });
    x.log.line(
      null,
      `Started run #${x.run.number} of ${x.pipeline.name} (${x.run.trigger}) in ${x.workspace}`,
    );
    let outcome: Outcome;
    try {
      const env = this.baseEnvironment(x);
      outcome = 'success';
      if (x.pipeline.source) outcome = await this.checkout(x, env);
      if (outcome === 'success')
        outcome = await this.withTimeout(x.abort.signal, x.pipeline.options?.timeoutMinutes, (signal) =>
          this.stages(x, x.pipeline.stages, env, signal),
        );
      outcome = await this.post(x, null, x.pipeline.post, outcome, env, x.abort.signal);
    } catch (error) {
      x.log.line(null, `ERROR: ${(error as Error).message}`);
      outcome = 'failed';
    }
    const status: RunStatus = outcome === 'skipped' ? 'success' : outcome;
    x.log.line(null, `Finished: ${status.toUpperCase()}`);
    await x.log.flush();
    await runs.update(x.run.id, { status, currentStage: null, finishedAt: new Date().toISOString() });
  }

  private baseEnvironment(x: Execution): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !PRIVATE_ENV.test(k)) env[k] = v;
    Object.assign(env, {
      BUILD_NUMBER: String(x.run.number),
      BUILD_ID: String(x.run.number),
      JOB_NAME: x.pipeline.name,
      WORKSPACE: x.workspace,
      PIPEWRIGHT_RUN_ID: x.run.id,
      BRANCH_NAME: String(x.run.parameters.BRANCH_NAME ?? x.pipeline.source?.branch ?? 'main'),
    });
    for (const p of x.pipeline.parameters ?? []) {
      const value = x.run.parameters[p.name] ?? p.default ?? (p.type === 'choice' ? p.choices?.[0] : '');
      env[p.name] = String(value ?? '');
    }
    return this.addEnvironment(env, x.pipeline.environment);
  }

  private addEnvironment(
    base: Record<string, string>,
    extra: EnvironmentModel | undefined,
  ): Record<string, string> {
    const env = { ...base };
    for (const [name, value] of Object.entries(extra ?? {})) {
      if (typeof value === 'string') env[name] = value;
      else if ('credential' in value)
        throw new NeedsJenkins(
          `environment ${name} reads Jenkins credential ${JSON.stringify(value.credential)}: credentials need Jenkins`,
        );
      else throw new NeedsJenkins(`environment ${name} is a Groovy expression: expressions need Jenkins`);
    }
    return env;
  }

  private async setStage(
    x: Execution,
    name: string,
    status: StageStatus,
    times: { startedAt?: string; finishedAt?: string } = {},
  ): Promise<void> {
    await this.repos.runDetails.updateStage(x.run.id, name, { status, ...times });
    if (status === 'running' || status === 'waiting') {
      await this.repos.runs.update(x.run.id, {
        currentStage: name,
        status: status === 'waiting' ? 'waiting' : 'running',
      });
    }
    x.log.event({ kind: 'stage', stage: name, data: status });
  }

  private async checkout(x: Execution, env: Record<string, string>): Promise<Outcome> {
    const source = x.pipeline.source!;
    const started = new Date().toISOString();
    await this.setStage(x, CHECKOUT_STAGE, 'running', { startedAt: started });
    const code = await this.shell(
      x,
      CHECKOUT_STAGE,
      'git clone --depth 1 --branch "$PW_BRANCH" "$PW_URL" .',
      { ...env, PW_BRANCH: source.branch ?? 'main', PW_URL: source.git },
      x.abort.signal,
    );
    const outcome: Outcome = x.abort.signal.aborted ? 'aborted' : code === 0 ? 'success' : 'failed';
    await this.setStage(x, CHECKOUT_STAGE, outcome, { finishedAt: new Date().toISOString() });
    return outcome;
  }

  private async stages(
    x: Execution,
    stages: StageModel[],
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Outcome> {
    let outcome: Outcome = 'success';
    for (const stage of stages) {
      if (outcome !== 'success') {
        await this.skipTree(x, stage);
        continue;
      }
      const result = await this.stage(x, stage, env, signal);
      if (result === 'failed' || result === 'aborted') outcome = result;
    }
    return outcome;
  }

  private async skipTree(x: Execution, stage: StageModel): Promise<void> {
    await this.repos.runDetails.updateStage(x.run.id, stage.name, { status: 'skipped' });
    for (const child of [...(stage.parallel ?? []), ...(stage.stages ?? [])]) await this.skipTree(x, child);
  }

  /** Decides the stage's `when` and `manual`; throws NeedsJenkins for what it cannot decide. */
  private shouldRun(x: Execution, stage: StageModel, env: Record<string, string>): boolean {
    if (stage.manual && x.run.trigger !== 'manual') return false;
    const when = stage.when;
    if (!when) return true;
    if (when.expression !== undefined)
      throw new NeedsJenkins(`stage ${stage.name}: when.expression is Groovy and needs Jenkins`);
    if (when.changeset !== undefined)
      throw new NeedsJenkins(`stage ${stage.name}: when.changeset needs the changelog Jenkins keeps`);
    const tag = env.TAG_NAME ?? '';
    if (when.branch !== undefined && !globMatches(when.branch, env.BRANCH_NAME ?? '')) return false;
    if (when.tag !== undefined && (tag === '' || !globMatches(when.tag, tag))) return false;
    if (when.buildingTag && tag === '') return false;
    if (when.environment && env[when.environment.name] !== when.environment.value) return false;
    return true;
  }

  private async stage(
    x: Execution,
    stage: StageModel,
    parentEnv: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Outcome> {
    if (signal.aborted) {
      await this.skipTree(x, stage);
      return 'aborted';
    }
    let env = parentEnv;
    try {
      if (!this.shouldRun(x, stage, parentEnv)) {
        x.log.line(stage.name, `Stage "${stage.name}" skipped: its conditions are not met`);
        await this.skipTree(x, stage);
        return 'skipped';
      }
      env = this.addEnvironment(parentEnv, stage.environment);
    } catch (error) {
      await this.setStage(x, stage.name, 'failed', {
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
      });
      x.log.line(stage.name, `ERROR: ${(error as Error).message}`);
      return 'failed';
    }
    await this.setStage(x, stage.name, 'running', { startedAt: new Date().toISOString() });
    let outcome = await this.withTimeout(
      signal,
      stage.timeoutMinutes ?? stage.gate?.timeoutMinutes,
      async (stageSignal) => {
        if (stage.gate && !(await this.gate(x, stage, stageSignal))) return 'aborted';
        if (stage.steps) return this.steps(x, stage, stage.steps, env, stageSignal);
        if (stage.parallel) return this.parallel(x, stage, env, stageSignal);
        return this.stages(x, stage.stages ?? [], env, stageSignal);
      },
    );
    outcome = await this.post(x, stage.name, stage.post, outcome, env, signal);
    await this.setStage(x, stage.name, outcome === 'skipped' ? 'success' : outcome, {
      finishedAt: new Date().toISOString(),
    });
    return outcome;
  }

  private async parallel(
    x: Execution,
    stage: StageModel,
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const branches = new AbortController();
    const linked = AbortSignal.any([signal, branches.signal]);
    const results = await Promise.all(
      stage.parallel!.map(async (branch) => {
        const result = await this.stage(x, branch, env, linked);
        if (result === 'failed' && stage.failFast) branches.abort();
        return result;
      }),
    );
    if (results.includes('failed')) return 'failed';
    return results.includes('aborted') ? 'aborted' : 'success';
  }

  /** Waits for the gate's decision in the store; a timeout or cancellation aborts the stage. */
  private async gate(x: Execution, stage: StageModel, signal: AbortSignal): Promise<boolean> {
    const gate = stage.gate!;
    await this.repos.runDetails.createGate({
      runId: x.run.id,
      stage: stage.name,
      message: gate.message,
      submitters: { users: gate.submitters?.users ?? [], groups: gate.submitters?.groups ?? [] },
    });
    await this.setStage(x, stage.name, 'waiting');
    x.log.line(stage.name, `Waiting for approval: ${gate.message}`);
    const approved = await new Promise<boolean>((resolve) => {
      const onAbort = () => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
      x.gates.set(stage.name, (decision) => {
        signal.removeEventListener('abort', onAbort);
        resolve(decision);
      });
    });
    x.gates.delete(stage.name);
    if (!approved && signal.aborted) {
      await this.repos.runDetails.decideGate(x.run.id, stage.name, { status: 'timed-out', by: null });
    }
    const decided = await this.repos.runDetails.gate(x.run.id, stage.name);
    x.log.line(
      stage.name,
      approved
        ? `Approved by ${decided?.decidedBy ?? 'unknown'}`
        : `Not approved (${decided?.status ?? 'aborted'})`,
    );
    if (approved) await this.setStage(x, stage.name, 'running');
    return approved;
  }

  private async steps(
    x: Execution,
    stage: StageModel,
    steps: StepModel[],
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Outcome> {
    if (stage.container)
      x.log.line(
        stage.name,
        `(container ${stage.container} is a Kubernetes concept; the local executor runs on this machine)`,
      );
    for (const step of steps) {
      if (signal.aborted) return 'aborted';
      try {
        const ok = await this.step(x, stage.name, step, env, signal);
        if (signal.aborted) return 'aborted';
        if (!ok) return 'failed';
      } catch (error) {
        x.log.line(stage.name, `ERROR: ${(error as Error).message}`);
        return 'failed';
      }
    }
    return 'success';
  }

  private async step(
    x: Execution,
    stageName: string,
    step: StepModel,
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<boolean> {
    if ('sh' in step) {
      x.log.line(stageName, `+ ${step.label ?? step.sh.split('\n')[0]}`);
      const code = await this.shell(x, stageName, step.sh, env, signal);
      if (code !== 0 && !signal.aborted) x.log.line(stageName, `ERROR: script returned exit code ${code}`);
      return code === 0;
    }
    if ('echo' in step) {
      x.log.line(stageName, step.echo);
      return true;
    }
    if ('script' in step) throw new NeedsJenkins('script blocks are Groovy and need Jenkins');
    if (step.step === 'pipewrightNotify') return true;
    if (step.step === 'archiveArtifacts') return this.archive(x, stageName, step.with ?? {});
    throw new NeedsJenkins(
      LIBRARY_NEEDS[step.step] ??
        `${step.step} is a Jenkins step; the local executor runs sh and echo only: connect Jenkins to run it`,
    );
  }

  /** Jenkins' archiveArtifacts: copies the workspace files matching `artifacts` (Ant globs, comma-separated). */
  private archive(x: Execution, stageName: string, args: Record<string, unknown>): boolean {
    const patterns = String(args.artifacts ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (patterns.length === 0) throw new Error('archiveArtifacts needs artifacts: a glob such as dist/**');
    const matched = listFiles(x.workspace).filter((file) => patterns.some((p) => globMatches(p, file)));
    if (matched.length === 0 && args.allowEmptyArchive !== true) {
      x.log.line(stageName, `ERROR: no artifacts match ${patterns.join(', ')}`);
      return false;
    }
    for (const file of matched) {
      const target = join(artifactDir(this.dataDir, x.run.id), file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(x.workspace, file), target);
    }
    x.log.line(stageName, `Archived ${matched.length} artifact${matched.length === 1 ? '' : 's'}`);
    return true;
  }

  /** Runs a shell script in its own process group; resolves with the exit code (-1 when killed). */
  private shell(
    x: Execution,
    stageName: string,
    script: string,
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<number> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(-1);
      const child = spawn('/bin/sh', ['-ec', script], {
        cwd: x.workspace,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const pid = child.pid!;
      x.children.add(pid);
      child.stdout.on('data', (chunk: Buffer) => x.log.write(stageName, chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => x.log.write(stageName, chunk.toString('utf8')));
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        killGroup(pid, 'SIGTERM');
        killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error) => x.log.line(stageName, `ERROR: ${error.message}`));
      child.on('close', (code) => {
        signal.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
        killGroup(pid, 'SIGKILL'); // whatever the script left running in its group
        x.children.delete(pid);
        resolve(code ?? -1);
      });
    });
  }

  private async withTimeout(
    signal: AbortSignal,
    minutes: number | undefined,
    body: (signal: AbortSignal) => Promise<Outcome>,
  ): Promise<Outcome> {
    if (!minutes) return body(signal);
    const timeout = AbortSignal.timeout(minutes * this.minuteMs);
    const outcome = await body(AbortSignal.any([signal, timeout]));
    return timeout.aborted && outcome !== 'success' ? 'aborted' : outcome;
  }

  /** Post conditions, in Jenkins' order; a failing post step fails the stage or run. */
  private async post(
    x: Execution,
    stageName: string | null,
    post: PostModel | undefined,
    outcome: Outcome,
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Outcome> {
    if (!post) return outcome;
    const failed = outcome === 'failed';
    const applies: (keyof PostModel)[] = ['always'];
    if (outcome === 'success' || outcome === 'skipped') applies.push('success');
    if (failed) applies.push('failure', 'unsuccessful');
    if (outcome === 'aborted') applies.push('aborted', 'unsuccessful');
    applies.push('cleanup');
    let result = outcome;
    for (const condition of applies) {
      const steps = post[condition];
      if (!steps) continue;
      const label = stageName ?? 'post';
      x.log.line(stageName, `Post (${condition})`);
      const postSignal =
        condition === 'always' || condition === 'cleanup' || condition === 'aborted'
          ? new AbortController().signal
          : signal;
      const ok = await this.steps(x, { name: label, steps }, steps, env, postSignal);
      if (ok === 'failed' && result !== 'aborted') result = 'failed';
    }
    return result;
  }
}
