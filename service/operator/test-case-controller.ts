import type { V1Pod } from '@kubernetes/client-node';
import { isConflict, isNotFound } from './kubernetes-errors.js';
import type { OperatorClients } from './operator-clients.js';
import { reconcileTestCase, type ReconcileAction } from './reconcile-test-case.js';
import type { PodRenderOptions } from './render-test-pod.js';
import { sameSummaryStatus, summarizeTestCases } from './summarize-test-cases.js';
import {
  API_GROUP,
  API_VERSION,
  LABELS,
  podNameFor,
  TEST_CASE_PLURAL,
  TEST_SUMMARY_PLURAL,
  type TestCase,
  type TestSummary,
} from './test-case-resource.js';
import type { Timers } from './timers.js';
import { WatchedCollection } from './watched-collection.js';
import { WorkQueue, type WorkQueueObserver } from './work-queue.js';
import type { OperatorMetrics } from '../metrics/operator-metrics.js';

/** Re-reads after a 409 on a status write before the key goes back to the queue with backoff. */
export const STATUS_CONFLICT_RETRIES = 5;
/** Case changes arrive in bursts; the summary is recounted once per burst. */
export const SUMMARY_DEBOUNCE_MS = 100;

export type OperatorLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/** Thrown before a write when this replica is no longer sure it leads; the write is not made. */
export class NotLeaderError extends Error {
  readonly code = 'NOT_LEADER';
  constructor() {
    super('this replica no longer holds the lease; it stopped acting');
  }
}

const CASE = 'case/';
const SUMMARY = 'summary/';

function queueObserver(metrics: OperatorMetrics, timers: Timers): WorkQueueObserver {
  const kind = (key: string) => (key.startsWith(CASE) ? 'case' : 'summary');
  return {
    now: () => timers.now(),
    started: (_key, waitedMs) => metrics.recordReconcileLag(waitedMs / 1000),
    finished: (key, tookMs, ok) => metrics.recordReconcile(kind(key), ok, tookMs / 1000),
  };
}

/**
 * The acting half of the operator, started only while its replica leads: caches of TestCases,
 * their pods and TestSummaries, and a queue that reconciles one case (or one summary) at a time.
 * Decisions come from reconcileTestCase and summarizeTestCases; this file only carries them out.
 */
export class TestCaseController {
  private readonly cases: WatchedCollection<TestCase>;
  private readonly pods: WatchedCollection<V1Pod>;
  private readonly summaries: WatchedCollection<TestSummary>;
  private readonly queue: WorkQueue;
  private readonly summaryScheduled = new Set<string>();
  /** Status this replica wrote, kept until the watch delivers it: { written over resourceVersion, object }. */
  private readonly written = new Map<string, { over: string | undefined; object: TestCase }>();
  private started = false;

  constructor(
    private readonly clients: OperatorClients,
    private readonly render: PodRenderOptions,
    private readonly isLeader: () => boolean,
    private readonly timers: Timers,
    private readonly log: OperatorLog,
    concurrency: number,
    metrics?: OperatorMetrics,
  ) {
    const onError = (what: string) => (error: unknown) =>
      log('warn', `watch of ${what} failed; restarting it`, { error: String(error) });
    const kc = clients.kubeConfig;
    this.cases = new WatchedCollection<TestCase>(
      kc,
      clients.customPath(TEST_CASE_PLURAL),
      () => clients.listCustom<TestCase>(TEST_CASE_PLURAL),
      undefined,
      {
        onChange: (c) => this.caseChanged(c),
        onDelete: (c) => this.scheduleSummary(c.spec.planRun),
        onError: onError('test cases'),
      },
      timers,
    );
    this.pods = new WatchedCollection<V1Pod>(
      kc,
      `/api/v1/namespaces/${clients.namespace}/pods`,
      () => clients.listPods(LABELS.testCase),
      LABELS.testCase,
      {
        onChange: (p) => this.podChanged(p),
        onDelete: (p) => this.podChanged(p),
        onError: onError('test pods'),
      },
      timers,
    );
    this.summaries = new WatchedCollection<TestSummary>(
      kc,
      clients.customPath(TEST_SUMMARY_PLURAL),
      () => clients.listCustom<TestSummary>(TEST_SUMMARY_PLURAL),
      undefined,
      {
        onChange: (s) => this.scheduleSummary(s.spec.planRun),
        onDelete: () => undefined,
        onError: onError('test summaries'),
      },
      timers,
    );
    this.queue = new WorkQueue(
      (key) =>
        key.startsWith(CASE)
          ? this.reconcileCase(key.slice(CASE.length))
          : this.reconcileSummary(key.slice(SUMMARY.length)),
      (key, error) =>
        log(error instanceof NotLeaderError ? 'warn' : 'error', `reconciling ${key} failed; retrying`, {
          error: String(error),
        }),
      concurrency,
      metrics ? queueObserver(metrics, timers) : undefined,
    );
    metrics?.watchBacklog(() => this.queue.backlog());
  }

  /** Lists everything before acting on anything, so a restarted operator sees the pods it already made. */
  async start(): Promise<void> {
    await Promise.all([this.pods.start(), this.summaries.start()]);
    await this.cases.start();
    this.started = true;
    for (const c of this.cases.list(this.clients.namespace)) this.caseChanged(c);
  }

  async stop(): Promise<void> {
    this.queue.stop();
    await Promise.all([this.cases.stop(), this.pods.stop(), this.summaries.stop()]);
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private caseChanged(testCase: TestCase): void {
    if (!this.started) return;
    this.queue.add(CASE + testCase.metadata.name);
    this.scheduleSummary(testCase.spec.planRun);
  }

  private podChanged(pod: V1Pod): void {
    const name = pod.metadata?.labels?.[LABELS.testCase];
    if (this.started && name) this.queue.add(CASE + name);
  }

  private scheduleSummary(planRun: string): void {
    if (!this.started || this.summaryScheduled.has(planRun)) return;
    this.summaryScheduled.add(planRun);
    this.queue.addAfter(SUMMARY + planRun, SUMMARY_DEBOUNCE_MS);
  }

  private latestCase(name: string): TestCase | undefined {
    const cached = this.cases.get(name, this.clients.namespace);
    const mine = this.written.get(name);
    if (!mine) return cached;
    // The cache still shows the version this replica replaced: its own write is newer.
    if (cached && cached.metadata.resourceVersion === mine.over) return mine.object;
    this.written.delete(name);
    return cached;
  }

  private async observedPod(testCase: TestCase): Promise<V1Pod | undefined> {
    const podName = testCase.status?.podName;
    // Without a status the first attempt's pod is the one to look for; if the cache has none, the
    // create that follows gets 409 should it exist after all.
    if (!podName) return this.pods.get(podNameFor(testCase, 1), this.clients.namespace);
    const cached = this.pods.get(podName, this.clients.namespace);
    if (cached) return cached;
    // Not in the cache: just created and not yet watched, or really gone. Ask the API.
    try {
      return await this.clients.readPod(podName);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async reconcileCase(name: string): Promise<void> {
    let testCase = this.latestCase(name);
    for (let tries = 0; testCase; tries++) {
      const actions = reconcileTestCase(
        { testCase, pod: await this.observedPod(testCase), now: new Date(this.timers.now()) },
        this.render,
      );
      try {
        await this.carryOut(testCase, actions);
        return;
      } catch (error) {
        if (!isConflict(error) || tries >= STATUS_CONFLICT_RETRIES) throw error;
        // Someone wrote the case since our read: read it again and decide again.
        this.written.delete(name);
        try {
          testCase = await this.clients.getCustom<TestCase>(TEST_CASE_PLURAL, name);
        } catch (readError) {
          if (isNotFound(readError)) return;
          throw readError;
        }
      }
    }
  }

  private async carryOut(testCase: TestCase, actions: ReconcileAction[]): Promise<void> {
    for (const action of actions) {
      if (action.kind === 'requeue') {
        this.queue.addAfter(CASE + testCase.metadata.name, action.afterSeconds * 1000);
        continue;
      }
      if (!this.isLeader()) throw new NotLeaderError();
      switch (action.kind) {
        case 'createPod':
          try {
            await this.clients.createPod(action.pod);
            this.log('info', 'created test pod', {
              testCase: testCase.metadata.name,
              pod: action.pod.metadata?.name,
            });
          } catch (error) {
            // AlreadyExists: made before a restart or by an earlier try of this reconcile.
            if (!isConflict(error)) throw error;
          }
          break;
        case 'deletePod':
          try {
            await this.clients.deletePod(action.name);
            this.log('info', 'deleted test pod', {
              testCase: testCase.metadata.name,
              pod: action.name,
              why: action.why,
            });
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          break;
        case 'writeStatus': {
          const object = await this.clients.replaceStatus<TestCase>(TEST_CASE_PLURAL, {
            ...testCase,
            status: action.status,
          });
          this.written.set(testCase.metadata.name, { over: testCase.metadata.resourceVersion, object });
          this.scheduleSummary(testCase.spec.planRun);
          break;
        }
      }
    }
  }

  private async reconcileSummary(planRun: string): Promise<void> {
    this.summaryScheduled.delete(planRun);
    const cases = this.cases
      .list(this.clients.namespace)
      .filter((c) => c.spec.planRun === planRun)
      .map((c) => this.latestCase(c.metadata.name) ?? c);
    let summary = this.summaries.get(planRun, this.clients.namespace);
    for (let tries = 0; ; tries++) {
      if (!this.isLeader()) throw new NotLeaderError();
      try {
        if (!summary) {
          // A plan run whose summary nobody created still gets its totals.
          summary = await this.clients.createCustom<TestSummary>(TEST_SUMMARY_PLURAL, {
            apiVersion: `${API_GROUP}/${API_VERSION}`,
            kind: 'TestSummary',
            metadata: { name: planRun, namespace: this.clients.namespace },
            spec: { planRun },
          });
        }
        const status = summarizeTestCases(summary, cases);
        if (sameSummaryStatus(summary.status, status)) return;
        await this.clients.replaceStatus<TestSummary>(TEST_SUMMARY_PLURAL, { ...summary, status });
        return;
      } catch (error) {
        if (!isConflict(error) || tries >= STATUS_CONFLICT_RETRIES) throw error;
        summary = await this.clients
          .getCustom<TestSummary>(TEST_SUMMARY_PLURAL, planRun)
          .catch((e: unknown) => {
            if (isNotFound(e)) return undefined;
            throw e;
          });
      }
    }
  }
}
