import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AppliedBatch } from '../repositories/run-state.js';
import {
  ACTIVE_RUN_STATUSES,
  FINISHED_RUN_STATUSES,
  GATE_STATUSES,
  isFinished,
  type RunStatus,
} from '../runs/statuses.js';
import { BoundedLabel, RecentMap } from './label-values.js';

/** Distinct pipeline groups labelled by name; the rest are counted as `other`. */
export const MAX_GROUP_LABELS = 200;
/** Runs whose group is remembered between batches; a run past this is looked up again. */
const GROUP_CACHE_RUNS = 5_000;

/** Runs last from seconds (a lint) to hours (a release train). */
const RUN_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];
/** A queue wait is short unless executors are saturated. */
const QUEUE_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** People decide gates in minutes to days. */
const GATE_SECONDS = [1, 10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600];

const FINISHED_GATE_STATUSES = GATE_STATUSES.filter(isFinished);

/** What the run metrics read from the store. */
export interface RunMetricsSources {
  /** The group of a pipeline; null when the pipeline is gone. */
  groupOf(pipelineId: string): Promise<string | null>;
  /** When the gate of `stage` opened and when it was decided. */
  gate(runId: string, stage: string): Promise<{ createdAt: string; decidedAt: string | null } | null>;
  /** Runs not finished, by status, with the instant the oldest of each entered it. */
  activeRuns(): Promise<{ status: RunStatus; count: number; oldestSince: string | null }[]>;
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/**
 * Run metrics, fed by RunService.onChange: runs started and finished per pipeline group and
 * status, run duration, queue wait (queued -> started) and gate wait (opened -> decided), plus
 * gauges of the runs in flight read from the store at scrape time. Every replica reads the same
 * store, so those gauges agree across replicas: aggregate them with max, not sum.
 */
export class RunMetrics {
  private readonly started: Counter<'group'>;
  private readonly finished: Counter<'group' | 'status'>;
  private readonly duration: Histogram<'group'>;
  private readonly queueWait: Histogram<'group'>;
  private readonly gateWait: Histogram<'group' | 'outcome'>;
  private readonly groups = new BoundedLabel(MAX_GROUP_LABELS);
  private readonly runGroups = new RecentMap<string>(GROUP_CACHE_RUNS);
  /** The store read of one scrape, shared by both in-flight gauges (a scrape collects them at once). */
  private activeRunsRead: ReturnType<RunMetricsSources['activeRuns']> | null = null;

  constructor(
    registry: Registry,
    private readonly sources: RunMetricsSources,
  ) {
    const registers = [registry];
    this.started = new Counter({
      name: 'pipewright_runs_started_total',
      help: 'Runs that started (left the queue), by pipeline group',
      labelNames: ['group'],
      registers,
    });
    this.finished = new Counter({
      name: 'pipewright_runs_finished_total',
      help: 'Runs that finished, by pipeline group and final status',
      labelNames: ['group', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'pipewright_run_duration_seconds',
      help: 'Time from start to finish of finished runs, by pipeline group',
      labelNames: ['group'],
      buckets: RUN_SECONDS,
      registers,
    });
    this.queueWait = new Histogram({
      name: 'pipewright_run_queue_wait_seconds',
      help: 'Time runs waited from being queued to starting, by pipeline group',
      labelNames: ['group'],
      buckets: QUEUE_SECONDS,
      registers,
    });
    this.gateWait = new Histogram({
      name: 'pipewright_gate_wait_seconds',
      help: 'Time gates waited from opening to their decision, by pipeline group and outcome',
      labelNames: ['group', 'outcome'],
      buckets: GATE_SECONDS,
      registers,
    });
    const activeRuns = () => {
      this.activeRunsRead ??= this.sources.activeRuns().finally(() => {
        this.activeRunsRead = null;
      });
      return this.activeRunsRead;
    };
    new Gauge({
      name: 'pipewright_runs_active',
      help: 'Runs not finished, by status (read from the store: the same on every replica)',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await activeRuns();
        for (const status of ACTIVE_RUN_STATUSES)
          this.set({ status }, rows.find((r) => r.status === status)?.count ?? 0);
      },
    });
    new Gauge({
      name: 'pipewright_run_oldest_active_seconds',
      help: 'Age of the oldest run in each unfinished status: since queued for queued runs, since started otherwise (0 when none)',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await activeRuns();
        const now = new Date().toISOString();
        for (const status of ACTIVE_RUN_STATUSES) {
          const since = rows.find((r) => r.status === status)?.oldestSince;
          this.set({ status }, since ? seconds(since, now) : 0);
        }
      },
    });
  }

  /** Records what one stored batch changed; the listener given to RunService.onChange. */
  async observe({ run, changes }: AppliedBatch): Promise<void> {
    const decidedGates = [...changes.gates.values()].filter((g) => isFinished(g.status) && !g.opened);
    if (!changes.run.startedAt && !changes.finished && decidedGates.length === 0) return;
    const group = await this.groupOfRun(run.id, run.pipelineId);
    if (changes.run.startedAt) {
      this.started.inc({ group });
      this.queueWait.observe({ group }, seconds(run.queuedAt, changes.run.startedAt));
    }
    for (const gate of decidedGates) {
      const stored = await this.sources.gate(run.id, gate.stage);
      // A gate closed by the run's end has no decision time of its own: the run's end is it.
      const decidedAt = stored?.decidedAt ?? run.finishedAt ?? new Date().toISOString();
      if (stored)
        this.gateWait.observe({ group, outcome: gate.status }, seconds(stored.createdAt, decidedAt));
    }
    if (changes.finished) {
      this.finished.inc({ group, status: changes.finished });
      if (run.startedAt && run.finishedAt)
        this.duration.observe({ group }, seconds(run.startedAt, run.finishedAt));
      this.runGroups.delete(run.id);
    }
  }

  private async groupOfRun(runId: string, pipelineId: string): Promise<string> {
    const known = this.runGroups.get(runId);
    if (known !== undefined) return known;
    const { label, isNew } = this.groups.admit((await this.sources.groupOf(pipelineId)) ?? 'unknown');
    if (isNew) this.initialiseGroup(label);
    this.runGroups.set(runId, label);
    return label;
  }

  /** Zero series for every status of a new group, so a failure ratio exists before the first failure. */
  private initialiseGroup(group: string): void {
    this.started.inc({ group }, 0);
    for (const status of FINISHED_RUN_STATUSES) this.finished.inc({ group, status }, 0);
    for (const outcome of FINISHED_GATE_STATUSES) this.gateWait.zero({ group, outcome });
    this.duration.zero({ group });
    this.queueWait.zero({ group });
  }
}
