import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the operator reconciles: a TestCase, or the TestSummary of a plan run. */
export const RECONCILE_KINDS = ['case', 'summary'] as const;
export type ReconcileKind = (typeof RECONCILE_KINDS)[number];

/** A reconcile waits milliseconds when the operator keeps up; seconds mean it does not. */
const LAG_SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];
const RECONCILE_SECONDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The operator process's metrics (its own /metrics, see operator/metrics-server.ts): reconcile
 * lag (time a key waited in the work queue), reconcile outcomes and duration, the queue's
 * backlog read at scrape time, and whether this replica leads.
 */
export class OperatorMetrics {
  readonly registry = new Registry();
  private readonly lag: Histogram;
  private readonly reconciles: Counter<'kind' | 'outcome'>;
  private readonly duration: Histogram<'kind'>;
  private readonly leader: Gauge;
  private backlog: () => { depth: number; oldestMs: number } = () => ({ depth: 0, oldestMs: 0 });

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'pipewright_operator_' });
    this.lag = new Histogram({
      name: 'pipewright_operator_reconcile_lag_seconds',
      help: 'Time a TestCase or TestSummary waited in the work queue before its reconcile started',
      buckets: LAG_SECONDS,
      registers,
    });
    this.reconciles = new Counter({
      name: 'pipewright_operator_reconciles_total',
      help: 'Reconciles by kind (case, summary) and outcome (ok, error: retried with backoff)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'pipewright_operator_reconcile_duration_seconds',
      help: 'Time a reconcile took, by kind',
      labelNames: ['kind'],
      buckets: RECONCILE_SECONDS,
      registers,
    });
    for (const kind of RECONCILE_KINDS) {
      for (const outcome of ['ok', 'error']) this.reconciles.inc({ kind, outcome }, 0);
      this.duration.zero({ kind });
    }
    this.leader = new Gauge({
      name: 'pipewright_operator_leader',
      help: '1 while this replica holds the lease and acts, 0 otherwise',
      registers,
    });
    this.leader.set(0);
    const backlog = () => this.backlog();
    new Gauge({
      name: 'pipewright_operator_queue_depth',
      help: 'Keys waiting in the work queue for a worker',
      registers,
      collect() {
        this.set(backlog().depth);
      },
    });
    new Gauge({
      name: 'pipewright_operator_queue_oldest_seconds',
      help: 'How long the longest-waiting key of the work queue has waited (0 when none waits)',
      registers,
      collect() {
        this.set(backlog().oldestMs / 1000);
      },
    });
  }

  recordReconcileLag(seconds: number): void {
    this.lag.observe(seconds);
  }

  recordReconcile(kind: ReconcileKind, ok: boolean, seconds: number): void {
    this.reconciles.inc({ kind, outcome: ok ? 'ok' : 'error' });
    this.duration.observe({ kind }, seconds);
  }

  setLeader(leading: boolean): void {
    this.leader.set(leading ? 1 : 0);
  }

  /** Where the backlog gauges read from: the controller's queue while it runs. */
  watchBacklog(read: (() => { depth: number; oldestMs: number }) | null): void {
    this.backlog = read ?? (() => ({ depth: 0, oldestMs: 0 }));
  }
}
