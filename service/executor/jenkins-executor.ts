import type { Outcome, RunEventType } from '../contracts/run-events.js';
import { buildLinks } from '../jenkins/build-links.js';
import { describeEvents, pausedStage, runOutcome } from '../jenkins/describe-events.js';
import type { JenkinsApi } from '../jenkins/jenkins-api.js';
import type { JenkinsBuildRecord, JenkinsBuildStore } from '../jenkins/jenkins-build-store.js';
import { isNotFound, isUnavailable } from '../jenkins/jenkins-errors.js';
import { JenkinsJobs } from '../jenkins/jenkins-jobs.js';
import { findStage, jobOf } from '../jenkins/jenkins-pipeline.js';
import { SERVICE_PARAMETERS } from '../jenkins/job-xml.js';
import { handEditNote, repositoryJenkinsfileStatus } from '../jenkins/repository-jenkinsfile.js';
import type { GeneratedStatus } from '../../src/index.js';
import { stopBuildsOf } from '../jenkins/stop-builds.js';
import type { Tracked } from '../jenkins/tracked-run.js';
import type { Executor, ReportRunEvents, RunJob } from './executor.js';

/** How often active runs are polled. @see PIPEWRIGHT_JENKINS_POLL_MS */
export const DEFAULT_POLL_MS = 2_000;
/** Backoff after Jenkins was unavailable: doubles from the first delay up to the last. */
export const BACKOFF_FIRST_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
/** Lookups of a run that left the queue without a trace before the run is given up. */
const LOST_LOOKUPS = 5;
/** The run contract caps one log event's text; longer reads are cut into several events. */
const LOG_EVENT_CHARS = 500_000;

export interface JenkinsExecutorOptions {
  api: JenkinsApi;
  /** Jenkins' root URL, for the links recorded on each run. */
  url: string;
  /** The Jenkins user the service calls as; the only submitter of every gate's input. */
  user: string;
  store: JenkinsBuildStore;
  pollMs?: number;
  backoffFirstMs?: number;
  onError?: (error: unknown) => void;
  /** Told what a pipeline's repository Jenkinsfile is found to be at a run's start. */
  onJenkinsfileStatus?: (pipelineId: string, status: GeneratedStatus) => Promise<void>;
}

/**
 * Runs pipelines on Jenkins and reports what Jenkins says as RunEvents. The job is created or
 * updated before the trigger, the run id travels as a build parameter (so a trigger whose answer
 * was lost is found instead of repeated), the queue item leads to the build, and then one
 * Jenkins read per run per poll: wfapi/describe for stages and status, pendingInputActions only
 * while paused at an input, progressiveText for the log from the last offset. Where the build is
 * lives in the store, so a restarted service picks every run up where it was.
 */
export class JenkinsExecutor implements Executor {
  readonly name = 'jenkins';
  readonly resumable = true;
  /** Polls made, and the runs they covered: a run takes at most one Jenkins read per poll. */
  readonly stats = { polls: 0, runPolls: 0 };
  private readonly runs = new Map<string, Tracked>();
  readonly jobs: JenkinsJobs;
  private readonly timer: NodeJS.Timeout;
  private readonly onError: (error: unknown) => void;
  private ticking: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: JenkinsExecutorOptions) {
    this.onError = o.onError ?? (() => {});
    this.jobs = new JenkinsJobs(o.api, o.user);
    this.timer = setInterval(() => void this.tick(), o.pollMs ?? DEFAULT_POLL_MS);
    this.timer.unref();
  }

  active(): string[] {
    return [...this.runs.keys()];
  }

  /** Starts, or after a restart resumes, the run's build. */
  start(job: RunJob, report: ReportRunEvents): void {
    if (this.runs.has(job.run.id)) return;
    const path = jobOf(job.pipeline);
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    let settle!: (taken: boolean) => void;
    const accepted = new Promise<boolean>((r) => (settle = r));
    const parameters: Record<string, string> = {
      ...Object.fromEntries(Object.entries(job.run.parameters).map(([k, v]) => [k, String(v)])),
      ...job.secrets,
      [SERVICE_PARAMETERS.runId]: job.run.id,
      [SERVICE_PARAMETERS.url]: job.serviceEnv.PIPEWRIGHT_URL ?? '',
      [SERVICE_PARAMETERS.token]: job.serviceEnv.PIPEWRIGHT_RUN_TOKEN ?? '',
    };
    this.runs.set(job.run.id, {
      runId: job.run.id,
      pipelineId: job.run.pipelineId,
      job: path,
      model: job.pipeline,
      jobXml: this.jobs.xmlFor(job.pipeline),
      parameters,
      report,
      record: {
        runId: job.run.id,
        folder: path.folder,
        job: path.name,
        queueId: null,
        build: null,
        buildUrl: null,
        logOffset: 0,
      },
      step: 'load',
      busy: false,
      retryAt: 0,
      failures: 0,
      lookups: 0,
      sent: new Set(),
      gate: null,
      outcome: null,
      cancelWanted: false,
      done,
      finished,
      settle,
      accepted,
    });
    void this.tick();
  }

  private async checkRepositoryJenkinsfile(t: Tracked): Promise<void> {
    try {
      const status = await repositoryJenkinsfileStatus(t.model);
      if (status) await this.o.onJenkinsfileStatus?.(t.pipelineId, status);
      const note = status && handEditNote(t.model, status);
      if (note) await t.report([note]);
    } catch (error) {
      this.onError(error);
    }
  }

  cancel(runId: string): boolean {
    const t = this.runs.get(runId);
    if (!t) return false;
    t.cancelWanted = true;
    void this.tick();
    return true;
  }

  /** Whether Jenkins took the run's trigger, or it is kept to be retried (Jenkins unavailable). */
  accepted(runId: string): Promise<boolean> {
    return this.runs.get(runId)?.accepted ?? Promise.resolve(true);
  }

  gateDecided(runId: string, stage: string, approved: boolean): void {
    const t = this.runs.get(runId);
    if (!t) return;
    if (t.gate?.stage !== stage) t.gate = { stage, inputId: null, decision: null };
    t.gate.decision = approved;
    void this.tick();
  }

  /** Stops the builds of runs the service has ended (it was down, or ended them itself). */
  reap(runIds: Set<string>): Promise<number> {
    const left = new Set([...runIds].filter((id) => !this.runs.has(id)));
    return stopBuildsOf(left, { ...this.o, pollMs: this.o.pollMs ?? DEFAULT_POLL_MS, onError: this.onError });
  }

  async wait(runId: string): Promise<void> {
    await this.runs.get(runId)?.finished;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** One poll: every run not waiting for a backoff or an earlier call takes its next step. */
  tick(): Promise<unknown> {
    const now = Date.now();
    const due = [...this.runs.values()].filter((t) => !t.busy && t.retryAt <= now);
    this.stats.polls++;
    this.stats.runPolls += due.length;
    const steps = due.map(async (t) => {
      t.busy = true;
      try {
        await this.step(t);
        if (t.step !== 'load' && t.step !== 'trigger' && t.step !== 'search') t.settle(true);
        t.failures = 0;
      } catch (error) {
        this.failed(t, error);
      } finally {
        t.busy = false;
      }
    });
    this.ticking = Promise.all([this.ticking, ...steps]);
    return Promise.all(steps);
  }

  private failed(t: Tracked, error: unknown): void {
    if (isUnavailable(error)) {
      t.settle(false);
      t.failures++;
      t.retryAt =
        Date.now() +
        Math.min(BACKOFF_MAX_MS, (this.o.backoffFirstMs ?? BACKOFF_FIRST_MS) * 2 ** (t.failures - 1));
      // The trigger may have reached Jenkins before the answer was lost: look before repeating it.
      if (t.step === 'trigger' && this.jobs.known(t.job)) t.step = 'search';
      return;
    }
    if (isNotFound(error) && t.record.build !== null) {
      void this.finish(t, 'aborted', this.deleted(t)).catch(this.onError);
      return;
    }
    this.onError(error);
    void this.finish(
      t,
      'failed',
      `Jenkins refused the run: ${error instanceof Error ? error.message : String(error)}`,
    ).catch(this.onError);
  }

  private async step(t: Tracked): Promise<void> {
    if (await this.actions(t)) return;
    switch (t.step) {
      case 'load':
        return this.load(t);
      case 'trigger':
        return this.trigger(t);
      case 'search':
        return this.search(t);
      case 'queue':
        return this.queue(t);
      case 'describe':
        return this.describe(t);
      case 'inputs':
        return this.inputs(t);
      case 'log':
        return this.readLog(t, false);
      case 'drain':
        return this.readLog(t, true);
    }
  }

  /** Cancels and gate answers go first; they are what people wait for. True when one was made. */
  private async actions(t: Tracked): Promise<boolean> {
    if (t.cancelWanted) {
      if (t.record.build === null && t.record.queueId !== null) {
        // The item may have become a build since the last look: stop that, or cancel the item.
        const item = await this.o.api.queueItem(t.record.queueId);
        if (item.executable)
          await this.save(t, { build: item.executable.number, buildUrl: item.executable.url });
        else if (!item.cancelled) await this.o.api.cancelQueueItem(t.record.queueId);
      }
      if (t.record.build !== null) {
        await this.o.api.stop(t.job, t.record.build);
        t.step = 'describe';
      } else if (t.record.queueId !== null) t.step = 'queue';
      else if (t.step === 'load' || t.step === 'trigger') {
        await this.finish(t, 'aborted', 'cancelled before Jenkins started a build');
        return true;
      } else return false;
      t.cancelWanted = false;
      return true;
    }
    const gate = t.gate;
    if (gate?.inputId && gate.decision !== null && t.record.build !== null) {
      await this.o.api.answerInput(t.job, t.record.build, gate.inputId, gate.decision);
      t.gate = null;
      t.step = 'describe';
      return true;
    }
    return false;
  }

  private async load(t: Tracked): Promise<void> {
    const stored = await this.o.store.get(t.runId);
    if (stored) t.record = stored;
    else await this.o.store.put(t.record);
    // Before the first trigger, so the note stands before anything the build reports.
    if (!stored && t.model.source?.jenkinsfile) await this.checkRepositoryJenkinsfile(t);
    // A stored record without a queue item may be a trigger whose answer never came.
    t.step =
      t.record.build !== null
        ? 'describe'
        : t.record.queueId !== null
          ? 'queue'
          : stored
            ? 'search'
            : 'trigger';
  }

  private async trigger(t: Tracked): Promise<void> {
    await this.jobs.write(t.job, t.jobXml);
    const queueId = await this.o.api.trigger(t.job, t.parameters);
    await this.save(t, { queueId });
    t.step = 'queue';
  }

  private async search(t: Tracked): Promise<void> {
    const found = await this.o.api.findRun(t.job, t.runId);
    if (found && 'build' in found) {
      await this.save(t, { build: found.build });
      await this.linked(t, found.build, null);
      t.step = 'describe';
    } else if (found) {
      await this.save(t, { queueId: found.queueId });
      t.step = 'queue';
    } else if (t.record.queueId === null) {
      t.step = 'trigger';
    } else if (++t.lookups >= LOST_LOOKUPS) {
      await this.finish(
        t,
        'aborted',
        `Jenkins queue item ${t.record.queueId} is gone and no build carries this run`,
      );
    }
  }

  private async queue(t: Tracked): Promise<void> {
    let item;
    try {
      item = await this.o.api.queueItem(t.record.queueId!);
    } catch (error) {
      // Jenkins forgets items that left the queue; the build, if any, carries the run id.
      if (!isNotFound(error)) throw error;
      t.step = 'search';
      return;
    }
    if (item.cancelled) {
      await this.finish(
        t,
        'aborted',
        `the build was cancelled in the Jenkins queue${item.why ? `: ${item.why}` : ''}`,
      );
    } else if (item.executable) {
      await this.save(t, { build: item.executable.number, buildUrl: item.executable.url });
      await this.linked(t, item.executable.number, item.executable.url);
      t.step = 'describe';
    }
  }

  private async describe(t: Tracked): Promise<void> {
    // A 404 here means the build was deleted in Jenkins (see failed()).
    const d = await this.o.api.describe(t.job, t.record.build!);
    await this.send(t, describeEvents(d));
    const paused = pausedStage(d);
    const outcome = runOutcome(d);
    if (outcome) {
      t.outcome = outcome;
      t.step = 'drain';
    } else if (paused && !(t.gate?.stage === paused && t.gate.inputId)) {
      if (t.gate?.stage !== paused) t.gate = { stage: paused, inputId: null, decision: null };
      t.step = 'inputs';
    } else t.step = 'log';
  }

  private async inputs(t: Tracked): Promise<void> {
    const pending = await this.o.api.pendingInputs(t.job, t.record.build!);
    t.step = 'log';
    const input = pending[0];
    if (!input || !t.gate) return;
    t.gate.inputId = input.id;
    const stage = t.gate.stage;
    const gate = findStage(t.model.stages, stage)?.gate;
    await this.send(t, [
      {
        id: `gate:${stage}:waiting`,
        type: 'gate.waiting',
        stage,
        message: gate?.message ?? input.message,
        submitters: { users: gate?.submitters?.users ?? [], groups: gate?.submitters?.groups ?? [] },
      },
    ]);
  }

  private async readLog(t: Tracked, draining: boolean): Promise<void> {
    const from = t.record.logOffset;
    const chunk = await this.o.api.log(t.job, t.record.build!, from);
    const events: RunEventType[] = [];
    for (let i = 0; i < chunk.text.length; i += LOG_EVENT_CHARS)
      events.push({
        id: `log:${from}:${i}`,
        type: 'log',
        stage: null,
        text: chunk.text.slice(i, i + LOG_EVENT_CHARS),
      });
    await this.send(t, events);
    if (chunk.next !== from) await this.save(t, { logOffset: chunk.next });
    if (!draining) t.step = 'describe';
    else if (!chunk.more) await this.finish(t, t.outcome ?? 'aborted');
  }

  private deleted(t: Tracked): string {
    return `Jenkins build #${t.record.build} of ${t.job.folder}/${t.job.name} was deleted (or its job was)`;
  }

  private async linked(t: Tracked, number: number, url: string | null): Promise<void> {
    const links = buildLinks(
      this.o.url,
      t.job,
      number,
      url ?? `${this.o.url.replace(/\/+$/, '')}/job/${t.job.folder}/job/${t.job.name}/${number}/`,
    );
    await this.send(t, [
      {
        id: 'jenkins:build',
        type: 'note',
        text: `Jenkins build #${number}: ${links.build} (graph: ${links.graph}, Blue Ocean: ${links.blueOcean})`,
      },
    ]);
  }

  private async save(t: Tracked, change: Partial<JenkinsBuildRecord>): Promise<void> {
    t.record = { ...t.record, ...change };
    await this.o.store.put(t.record);
  }

  private async send(t: Tracked, events: RunEventType[]): Promise<void> {
    const fresh = events.filter((e) => !t.sent.has(e.id));
    if (!fresh.length) return;
    await t.report(fresh);
    for (const e of fresh) t.sent.add(e.id);
  }

  private async finish(t: Tracked, status: Outcome, reason?: string): Promise<void> {
    if (!this.runs.has(t.runId)) return;
    await t.report([{ id: 'run:finished', type: 'run.finished', status, ...(reason ? { reason } : {}) }]);
    this.runs.delete(t.runId);
    t.settle(true);
    t.done();
  }
}
