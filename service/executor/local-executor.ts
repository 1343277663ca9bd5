import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EnvironmentModel, PipelineModel, PostModel, StageModel, StepModel } from '../../src/index.js';
import type { Outcome as RunOutcome } from '../contracts/run-events.js';
import type { Run } from '../repositories/runs.js';
import type { Executor, ReportRunEvents, RunJob } from './executor.js';
import type { BuildUserDecision } from './build-user.js';
import { globMatches } from './glob.js';
import { KILL_GRACE_MS, runShell } from './local-shell.js';
import { endCookieProcesses } from './process-cookies.js';
import { RunLog } from './run-log.js';
import { ownEntry } from '../../src/index.js';

export { KILL_GRACE_MS };
/** The stage the renderer adds for `source`; the local executor clones the repository in it. */
const CHECKOUT_STAGE = 'Checkout';
/**
 * The only variables of the service's own environment a build sees: enough for tools to work,
 * nothing that is the service's (database URLs, cloud keys, tokens).
 */
export const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR'];

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
  serviceEnv: Record<string, string>;
  secrets: Record<string, string>;
  abort: AbortController;
  log: RunLog;
  workspace: string;
  gates: Map<string, (approved: boolean) => void>;
  /** Marks every process of this run (see process-cookies.ts). */
  cookie: string;
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

export interface LocalExecutorOptions {
  /** Where archived artifacts go (below `artifacts/<run id>`). */
  dataDir: string;
  /** Where run workspaces go (below `<run id>`); outside the data directory. */
  workspaceRoot: string;
  /**
   * How long a "minute" of the model's timeouts lasts; tests shorten it.
   * @default 60000
   */
  minuteMs?: number;
  /**
   * Who builds run as (see build-user.ts); a refusal fails every run with its reason.
   * @default the service's own user
   */
  buildUser?: BuildUserDecision;
  /** Hears what went wrong outside a build's own log, with the run it happened in. */
  onError?: (error: unknown, runId?: string) => void;
}

/**
 * Runs a pipeline model on this machine: `sh` steps as child processes in a per-run workspace,
 * parallel branches at the same time, nested stages in order, gates that wait for the service's
 * decision, timeouts, and `when` conditions it can decide; what needs Jenkins fails with a
 * message that says so. It reports RunEvents and never writes a status itself.
 */
export class LocalExecutor implements Executor {
  readonly name = 'local';
  private readonly executions = new Map<string, Execution>();
  private readonly finished = new Map<string, Promise<void>>();
  private readonly minuteMs: number;
  private readonly onError: (error: unknown, runId?: string) => void;

  constructor(private readonly options: LocalExecutorOptions) {
    this.minuteMs = options.minuteMs ?? 60_000;
    this.onError = options.onError ?? (() => {});
  }

  active(): string[] {
    return [...this.executions.keys()];
  }

  start(job: RunJob, report: ReportRunEvents): void {
    const execution: Execution = {
      run: job.run,
      pipeline: job.pipeline,
      serviceEnv: job.serviceEnv,
      secrets: job.secrets,
      abort: new AbortController(),
      log: new RunLog(report, (error) => this.onError(error, job.run.id), Object.values(job.secrets)),
      workspace: join(this.options.workspaceRoot, job.run.id),
      gates: new Map(),
      cookie: job.run.id,
    };
    this.executions.set(job.run.id, execution);
    const done = this.execute(execution)
      .catch((error: unknown) => this.onError(error, job.run.id))
      .finally(() => {
        this.executions.delete(job.run.id);
        this.finished.delete(job.run.id);
      });
    this.finished.set(job.run.id, done);
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

  async reap(runIds: Set<string>): Promise<number> {
    return endCookieProcesses((cookie) => runIds.has(cookie) && !this.executions.has(cookie), KILL_GRACE_MS);
  }

  async wait(runId: string): Promise<void> {
    await this.finished.get(runId);
  }

  async close(): Promise<void> {
    for (const e of this.executions.values()) e.abort.abort();
    await Promise.all(this.finished.values());
  }

  private async execute(x: Execution): Promise<void> {
    await x.log.event({ id: x.log.nextId(), type: 'run.started' });
    const user = this.options.buildUser ?? { runAs: null };
    if ('refused' in user) {
      x.log.line(null, `ERROR: ${user.refused}`);
      await x.log.event({ id: x.log.nextId(), type: 'run.finished', status: 'failed', reason: user.refused });
      return;
    }
    this.prepareWorkspace(x.workspace, user.runAs);
    x.log.line(
      null,
      `Started run #${x.run.number} of ${x.pipeline.name} (${x.run.trigger}) in ${x.workspace}`,
    );
    let outcome: Outcome;
    try {
      if (x.pipeline.groovy)
        throw new NeedsJenkins(
          'the code around the pipeline (groovy prologue/epilogue) is Groovy and needs Jenkins',
        );
      const env = this.baseEnvironment(x);
      outcome = 'success';
      if (x.pipeline.source) outcome = await this.checkout(x, env);
      if (outcome === 'success')
        outcome = await this.withTimeout(x.abort.signal, x.pipeline.options?.timeoutMinutes, (signal) =>
          this.stages(x, x.pipeline.stages, env, signal),
        );
      else for (const stage of x.pipeline.stages) await this.skipTree(x, stage);
      outcome = await this.post(x, null, x.pipeline.post, outcome, env, x.abort.signal);
    } catch (error) {
      x.log.line(null, `ERROR: ${(error as Error).message}`);
      outcome = 'failed';
    }
    // Jenkins ends a build's leftover processes when it finishes; so does this executor.
    const leftovers = await endCookieProcesses((cookie) => cookie === x.cookie, KILL_GRACE_MS);
    if (leftovers > 0) x.log.line(null, `Ended ${leftovers} process(es) the build left running`);
    const status: RunOutcome = outcome === 'skipped' ? 'success' : outcome;
    x.log.line(null, `Finished: ${status.toUpperCase()}`);
    await x.log.event({ id: x.log.nextId(), type: 'run.finished', status });
  }

  /** A workspace only the build's user can enter, below a root others may only pass through. */
  private prepareWorkspace(workspace: string, runAs: { uid: number; gid: number } | null): void {
    mkdirSync(this.options.workspaceRoot, { recursive: true, mode: 0o711 });
    mkdirSync(workspace, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(workspace, runAs.uid, runAs.gid);
    chmodSync(workspace, 0o700);
  }

  private runAs() {
    const user = this.options.buildUser;
    return user && 'runAs' in user ? user.runAs : null;
  }

  private baseEnvironment(x: Execution): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of INHERITED_ENV) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, {
      BUILD_NUMBER: String(x.run.number),
      BUILD_ID: String(x.run.number),
      JOB_NAME: x.pipeline.name,
      WORKSPACE: x.workspace,
      // Another user's home is not the build's: give it the workspace.
      ...(this.runAs() ? { HOME: x.workspace, USER: this.runAs()!.name, LOGNAME: this.runAs()!.name } : {}),
      BRANCH_NAME: String(x.run.parameters.BRANCH_NAME ?? x.pipeline.source?.branch ?? 'main'),
      ...x.serviceEnv,
    });
    for (const p of x.pipeline.parameters ?? []) {
      const value =
        ownEntry<unknown>(p.type === 'password' ? x.secrets : x.run.parameters, p.name) ??
        p.default ??
        (p.type === 'choice' ? p.choices?.[0] : '');
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

  private stageStarted(x: Execution, name: string): Promise<void> {
    return x.log.event({ id: `stage:${name}:started`, type: 'stage.started', stage: name });
  }

  private stageFinished(x: Execution, name: string, status: Outcome): Promise<void> {
    return x.log.event({ id: `stage:${name}:finished`, type: 'stage.finished', stage: name, status });
  }

  private async checkout(x: Execution, env: Record<string, string>): Promise<Outcome> {
    const source = x.pipeline.source!;
    await this.stageStarted(x, CHECKOUT_STAGE);
    const code = await this.shell(
      x,
      CHECKOUT_STAGE,
      'git clone --depth 1 --branch "$PW_BRANCH" "$PW_URL" .',
      { ...env, PW_BRANCH: source.branch ?? 'main', PW_URL: source.git },
      x.abort.signal,
    );
    const outcome: Outcome = x.abort.signal.aborted ? 'aborted' : code === 0 ? 'success' : 'failed';
    await this.stageFinished(x, CHECKOUT_STAGE, outcome);
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
    await this.stageFinished(x, stage.name, 'skipped');
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
      await this.stageFinished(x, stage.name, 'failed');
      x.log.line(stage.name, `ERROR: ${(error as Error).message}`);
      return 'failed';
    }
    // A gate stage waits before it runs: the gate opening starts it.
    if (!stage.gate) await this.stageStarted(x, stage.name);
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
    await this.stageFinished(x, stage.name, outcome === 'skipped' ? 'success' : outcome);
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

  /** Waits for the service's decision; a timeout or cancellation aborts the stage. */
  private async gate(x: Execution, stage: StageModel, signal: AbortSignal): Promise<boolean> {
    const gate = stage.gate!;
    const decision = new Promise<boolean>((resolve) => {
      const onAbort = () => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
      x.gates.set(stage.name, (approved) => {
        signal.removeEventListener('abort', onAbort);
        resolve(approved);
      });
    });
    x.log.line(stage.name, `Waiting for approval: ${gate.message}`);
    await x.log.event({
      id: `gate:${stage.name}:waiting`,
      type: 'gate.waiting',
      stage: stage.name,
      message: gate.message,
      submitters: { users: gate.submitters?.users ?? [], groups: gate.submitters?.groups ?? [] },
    });
    const approved = await decision;
    x.gates.delete(stage.name);
    if (!approved && signal.aborted && !x.abort.signal.aborted)
      await x.log.event({ id: `gate:${stage.name}:timed-out`, type: 'gate.timed-out', stage: stage.name });
    x.log.line(stage.name, approved ? 'Approved' : 'Not approved');
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
      const target = join(artifactDir(this.options.dataDir, x.run.id), file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(x.workspace, file), target);
    }
    x.log.line(stageName, `Archived ${matched.length} artifact${matched.length === 1 ? '' : 's'}`);
    return true;
  }

  private shell(
    x: Execution,
    stageName: string,
    script: string,
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<number> {
    return runShell(script, {
      cwd: x.workspace,
      env,
      cookie: x.cookie,
      runAs: this.runAs(),
      signal,
      onOutput: (text) => x.log.write(stageName, text),
      onError: (message) => x.log.line(stageName, `ERROR: ${message}`),
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
