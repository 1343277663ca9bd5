import { chmodSync, chownSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildUserDecision } from '../executor/build-user.js';
import { INHERITED_ENV } from '../executor/local-executor.js';
import { KILL_GRACE_MS, runShell } from '../executor/local-shell.js';
import { endCookieProcesses, processesWithCookies } from '../executor/process-cookies.js';
import { TEST_CASE_DEFAULTS } from '../operator/test-case-resource.js';
import type { PlanRunCase, PlanRunJob, ReportPlanEvents, TestRunner } from './test-runner.js';
import { needsContainers } from './test-runner.js';

/** Output kept per case result: the end, where test tools print their summary. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;

/** Every process of a local plan run carries this cookie prefix and the run id (see process-cookies.ts). */
export const PLAN_RUN_COOKIE_PREFIX = 'test-plan-run:';

export interface LocalTestRunnerOptions {
  /** Case workspaces go below `<root>/test-plan-runs/<run id>/<position>` (outside the data directory). */
  workspaceRoot: string;
  /** Who case commands run as; decided once for the service (executor/build-user.ts). */
  buildUser: BuildUserDecision;
  /** Length of a case-timeout second; tests shorten it. @default 1000 */
  secondMs?: number;
  onError: (error: unknown) => void;
}

/** A POSIX shell word holding `text` literally. */
const shellWord = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Runs a plan's cases on this machine as the local executor runs builds: each command in its
 * own workspace, as the unprivileged build user, its processes marked with the run's cookie so
 * none outlives a cancel. Cases that need containers are reported not runnable, never passed.
 */
export class LocalTestRunner implements TestRunner {
  readonly name = 'local' as const;
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly secondMs: number;

  constructor(private readonly o: LocalTestRunnerOptions) {
    this.secondMs = o.secondMs ?? 1000;
  }

  start(job: PlanRunJob, report: ReportPlanEvents): void {
    const controller = new AbortController();
    const done = this.execute(job, report, controller.signal)
      .catch(this.o.onError)
      .finally(() => {
        this.runs.delete(job.runId);
        rmSync(this.runFolder(job.runId), { recursive: true, force: true });
      });
    this.runs.set(job.runId, { controller, done });
  }

  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  active(): string[] {
    return [...this.runs.keys()];
  }

  async wait(runId: string): Promise<void> {
    await this.runs.get(runId)?.done;
  }

  async reap(finishedHere: (runId: string) => Promise<boolean>): Promise<number> {
    const ended = new Set<string>();
    for (const cookie of new Set(processesWithCookies().values())) {
      if (!cookie.startsWith(PLAN_RUN_COOKIE_PREFIX)) continue;
      const runId = cookie.slice(PLAN_RUN_COOKIE_PREFIX.length);
      if (!this.runs.has(runId) && (await finishedHere(runId))) ended.add(cookie);
    }
    if (!ended.size) return 0;
    return endCookieProcesses((cookie) => ended.has(cookie), KILL_GRACE_MS);
  }

  async close(): Promise<void> {
    for (const run of this.runs.values()) run.controller.abort();
    await Promise.allSettled([...this.runs.values()].map((r) => r.done));
  }

  private runFolder(runId: string): string {
    return join(this.o.workspaceRoot, 'test-plan-runs', runId);
  }

  private async execute(job: PlanRunJob, report: ReportPlanEvents, signal: AbortSignal): Promise<void> {
    await report([{ type: 'plan.started' }]);
    const queue = [...job.cases];
    let failedOnce = false;
    const worker = async () => {
      for (let next = queue.shift(); next && !signal.aborted; next = queue.shift()) {
        if (failedOnce && job.plan.stopOnFirstFailure) {
          await report([
            {
              type: 'case.finished',
              position: next.position,
              status: 'skipped',
              attempts: 0,
              message: 'not started: an earlier case failed and the plan stops on the first failure',
            },
          ]);
          continue;
        }
        const passed = await this.runCase(job, next, report, signal);
        if (passed === false) failedOnce = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, job.plan.parallelism) }, worker));
    // Cancelled: the service closes what is left; reporting now would race its decision.
    if (!signal.aborted) await report([{ type: 'plan.completed' }]);
  }

  /** Runs one case with its retries; true when it passed, false when it failed, null otherwise. */
  private async runCase(
    job: PlanRunJob,
    testCase: PlanRunCase,
    report: ReportPlanEvents,
    signal: AbortSignal,
  ): Promise<boolean | null> {
    const notHere =
      needsContainers(testCase.run) ??
      ('refused' in this.o.buildUser ? `local test runs are refused: ${this.o.buildUser.refused}` : null);
    if (notHere) {
      await report([
        {
          type: 'case.finished',
          position: testCase.position,
          status: 'not-runnable',
          attempts: 0,
          message: `not runnable on this machine: ${notHere}`,
        },
      ]);
      return null;
    }
    await report([{ type: 'case.started', position: testCase.position }]);
    const script = testCase.run.script ?? `exec ${testCase.run.command!.map(shellWord).join(' ')}`;
    const timeoutSeconds = testCase.run.timeoutSeconds ?? TEST_CASE_DEFAULTS.timeoutSeconds;
    const attempts = 1 + (testCase.run.retries ?? TEST_CASE_DEFAULTS.retries);
    let output = '';
    let message = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const workspace = this.prepareWorkspace(job.runId, testCase.position);
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutSeconds * this.secondMs);
      const append = (text: string) => {
        output = (output + text).slice(-OUTPUT_TAIL_BYTES);
      };
      if (attempt > 1) append(`\n[pipewright] attempt ${attempt} of ${attempts}\n`);
      const code = await runShell(script, {
        cwd: workspace,
        env: this.environment(job, testCase, workspace),
        cookie: PLAN_RUN_COOKIE_PREFIX + job.runId,
        signal: AbortSignal.any([signal, timeout.signal]),
        runAs: this.runAs(),
        onOutput: append,
        onError: (text) => append(`[pipewright] ${text}\n`),
      });
      clearTimeout(timer);
      if (signal.aborted) return null;
      if (code === 0) {
        await report([
          { type: 'case.finished', position: testCase.position, status: 'passed', attempts: attempt, output },
        ]);
        return true;
      }
      message = timeout.signal.aborted
        ? `timed out after ${timeoutSeconds} second(s)`
        : `exited with code ${code}`;
      append(`[pipewright] attempt ${attempt}: ${message}\n`);
    }
    await report([
      {
        type: 'case.finished',
        position: testCase.position,
        status: 'failed',
        attempts,
        message: attempts > 1 ? `${message} (after ${attempts} attempts)` : message,
        output,
      },
    ]);
    return false;
  }

  private runAs() {
    return 'runAs' in this.o.buildUser ? this.o.buildUser.runAs : null;
  }

  /** A fresh workspace per attempt that only the build user can enter, below folders others may only pass through. */
  private prepareWorkspace(runId: string, position: number): string {
    const runFolder = this.runFolder(runId);
    mkdirSync(runFolder, { recursive: true, mode: 0o711 });
    chmodSync(join(this.o.workspaceRoot, 'test-plan-runs'), 0o711);
    chmodSync(runFolder, 0o711);
    const workspace = join(runFolder, String(position));
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace, { mode: 0o700 });
    const runAs = this.runAs();
    if (runAs) chownSync(workspace, runAs.uid, runAs.gid);
    return workspace;
  }

  /** The service's harmless variables only (as for builds), then the case's, then the plan's overrides. */
  private environment(job: PlanRunJob, testCase: PlanRunCase, workspace: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of INHERITED_ENV) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    const runAs = this.runAs();
    return {
      ...env,
      WORKSPACE: workspace,
      ...(runAs ? { HOME: workspace, USER: runAs.name, LOGNAME: runAs.name } : {}),
      PIPEWRIGHT_PLAN_RUN_ID: job.runId,
      PIPEWRIGHT_TEST_PLAN: job.plan.name,
      PIPEWRIGHT_TEST_CASE: testCase.name,
      PIPEWRIGHT_TEST_ENVIRONMENT: job.environment ?? '',
      ...testCase.run.env,
      ...job.plan.env,
    };
  }
}
