import { CustomObjectsApi, type KubeConfig, type KubernetesListObject } from '@kubernetes/client-node';
import {
  API_GROUP,
  API_VERSION,
  LABELS,
  TEST_CASE_PLURAL,
  TEST_SUMMARY_PLURAL,
  type EnvVar,
  type TestCase,
  type TestSummary,
} from '../operator/test-case-resource.js';
import type { PlanRunEvent } from './reduce-plan-run.js';
import type { PlanRunCase, PlanRunJob, ReportPlanEvents, TestRunner } from './test-runner.js';

/** The image a case runs in on the cluster when it names none (a plain script case). */
export const DEFAULT_TEST_IMAGE = 'alpine:3.20';
/** How often the runner reads the TestCases of its runs. */
export const CLUSTER_POLL_MS = 1000;
/** Marks the resources the service created, so a restart finds the ones it left behind. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'pipewright-service' } as const;

export interface ClusterTestRunnerOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** @default CLUSTER_POLL_MS */
  pollMs?: number;
  onError: (error: unknown) => void;
}

/** The resource name of a plan run: its id is a UUID, which is already a DNS label. */
const SUMMARY_PREFIX = 'plan-run-';
export const summaryNameOf = (runId: string) => `${SUMMARY_PREFIX}${runId}`;
const runIdOfSummary = (name: string) =>
  name.startsWith(SUMMARY_PREFIX) ? name.slice(SUMMARY_PREFIX.length) : null;

/** What a TestCase's status says about its case, as a runner event (null: nothing new yet). */
export function caseEventOf(position: number, testCase: TestCase): PlanRunEvent | null {
  const status = testCase.status;
  if (!status) return null;
  const attempts = Math.max(1, status.attempt ?? 1);
  const detail = [
    status.reason,
    status.exitCode !== undefined ? `exit code ${status.exitCode}` : undefined,
    status.message,
  ]
    .filter(Boolean)
    .join(': ');
  const where = status.logLocation ? `\nlog: ${status.logLocation}` : '';
  switch (status.phase) {
    case 'Passed':
      return {
        type: 'case.finished',
        position,
        status: 'passed',
        attempts,
        output: `pod ${status.podName ?? ''}${where}`,
      };
    case 'Failed':
    case 'Error':
      return {
        type: 'case.finished',
        position,
        status: 'failed',
        attempts,
        message: `${status.phase === 'Error' ? 'could not run' : 'failed'}${detail ? `: ${detail}` : ''}`,
        output: `pod ${status.podName ?? ''}${where}`,
      };
    case 'Running':
      return { type: 'case.started', position };
    default:
      return null;
  }
}

/**
 * Runs a plan on Kubernetes through the operator: one TestSummary per plan run and one TestCase
 * per case (owned by the summary, so deleting it removes cases and pods), created as the plan's
 * parallelism allows, and their status read back into the store. It reports; the plan-run
 * service decides.
 */
export class ClusterTestRunner implements TestRunner {
  readonly name = 'cluster' as const;
  private readonly custom: CustomObjectsApi;
  private readonly runs = new Map<string, { stop: AbortController; done: Promise<void> }>();
  private readonly pollMs: number;

  constructor(private readonly o: ClusterTestRunnerOptions) {
    this.custom = o.kubeConfig.makeApiClient(CustomObjectsApi);
    this.pollMs = o.pollMs ?? CLUSTER_POLL_MS;
  }

  start(job: PlanRunJob, report: ReportPlanEvents): void {
    const stop = new AbortController();
    const done = this.execute(job, report, stop.signal)
      .catch(async (error: unknown) => {
        this.o.onError(error);
        if (stop.signal.aborted) return;
        // The cluster refused the work: every case without a result fails with why (cases that
        // have one refuse the event), then the service decides the verdict.
        const why = `the cluster refused the test run: ${(error as Error).message}`;
        await report([
          ...job.cases.map((c) => ({
            type: 'case.finished' as const,
            position: c.position,
            status: 'failed' as const,
            attempts: 0,
            message: why,
          })),
          { type: 'plan.completed' },
        ]).catch(this.o.onError);
      })
      .finally(() => this.runs.delete(job.runId));
    this.runs.set(job.runId, { stop, done });
  }

  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.stop.abort();
    return true;
  }

  active(): string[] {
    return [...this.runs.keys()];
  }

  async wait(runId: string): Promise<void> {
    await this.runs.get(runId)?.done;
  }

  /** Deletes the TestSummaries (and so their cases and pods) of plan runs finished here. */
  async reap(finishedHere: (runId: string) => Promise<boolean>): Promise<number> {
    const list = (await this.custom.listNamespacedCustomObject({
      ...this.at(TEST_SUMMARY_PLURAL),
      labelSelector: Object.entries(MANAGED_BY)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    })) as KubernetesListObject<TestSummary>;
    let deleted = 0;
    for (const summary of list.items) {
      const runId = runIdOfSummary(summary.metadata.name);
      if (runId === null || this.runs.has(runId) || !(await finishedHere(runId))) continue;
      await this.deleteSummary(summary.metadata.name);
      deleted++;
    }
    return deleted;
  }

  async close(): Promise<void> {
    for (const run of this.runs.values()) run.stop.abort();
    await Promise.allSettled([...this.runs.values()].map((r) => r.done));
  }

  private at(plural: string) {
    return { group: API_GROUP, version: API_VERSION, namespace: this.o.namespace, plural };
  }

  private async deleteSummary(name: string): Promise<void> {
    try {
      await this.custom.deleteNamespacedCustomObject({ ...this.at(TEST_SUMMARY_PLURAL), name });
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }

  private async execute(job: PlanRunJob, report: ReportPlanEvents, signal: AbortSignal): Promise<void> {
    const name = summaryNameOf(job.runId);
    const summary = (await this.custom.createNamespacedCustomObject({
      ...this.at(TEST_SUMMARY_PLURAL),
      body: {
        apiVersion: `${API_GROUP}/${API_VERSION}`,
        kind: 'TestSummary',
        metadata: { name, labels: { ...MANAGED_BY, [LABELS.planRun]: name } },
        spec: { planRun: name, total: job.cases.length },
      } satisfies TestSummary,
    })) as TestSummary;
    await report([{ type: 'plan.started' }]);
    const waiting = [...job.cases];
    const open = new Map<string, PlanRunCase>();
    const started = new Set<number>();
    let failed = false;
    while (!signal.aborted && (waiting.length || open.size)) {
      while (open.size < job.plan.parallelism && waiting.length && !(failed && job.plan.stopOnFirstFailure)) {
        const next = waiting.shift()!;
        const caseName = `${name}-${next.position}`;
        await this.custom.createNamespacedCustomObject({
          ...this.at(TEST_CASE_PLURAL),
          body: this.testCaseOf(job, next, caseName, summary),
        });
        open.set(caseName, next);
      }
      if (failed && job.plan.stopOnFirstFailure && waiting.length) {
        await report(
          waiting.splice(0).map((c) => ({
            type: 'case.finished' as const,
            position: c.position,
            status: 'skipped' as const,
            attempts: 0,
            message: 'not started: an earlier case failed and the plan stops on the first failure',
          })),
        );
      }
      if (!open.size) break;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      if (signal.aborted) break;
      const list = (await this.custom.listNamespacedCustomObject({
        ...this.at(TEST_CASE_PLURAL),
        labelSelector: `${LABELS.planRun}=${name}`,
      })) as KubernetesListObject<TestCase>;
      const events: PlanRunEvent[] = [];
      for (const testCase of list.items) {
        const c = open.get(testCase.metadata.name);
        if (!c) continue;
        const event = caseEventOf(c.position, testCase);
        if (!event) continue;
        if (event.type === 'case.started') {
          if (!started.has(c.position)) events.push(event);
          started.add(c.position);
          continue;
        }
        if (!started.has(c.position)) events.push({ type: 'case.started', position: c.position });
        events.push(event);
        open.delete(testCase.metadata.name);
        if (event.type === 'case.finished' && event.status === 'failed') failed = true;
      }
      if (events.length) await report(events);
    }
    if (signal.aborted) {
      await this.deleteSummary(name);
      return;
    }
    await report([{ type: 'plan.completed' }]);
  }

  private testCaseOf(job: PlanRunJob, c: PlanRunCase, name: string, summary: TestSummary): TestCase {
    const run = c.run;
    const env: Record<string, string> = {
      PIPEWRIGHT_PLAN_RUN_ID: job.runId,
      PIPEWRIGHT_TEST_PLAN: job.plan.name,
      PIPEWRIGHT_TEST_CASE: c.name,
      PIPEWRIGHT_TEST_ENVIRONMENT: job.environment ?? '',
      ...run.env,
      ...job.plan.env,
    };
    const command = run.script ? ['/bin/sh', '-ec', run.script] : run.command;
    return {
      apiVersion: `${API_GROUP}/${API_VERSION}`,
      kind: 'TestCase',
      metadata: {
        name,
        labels: { ...MANAGED_BY, [LABELS.planRun]: summary.metadata.name },
        ownerReferences: [
          {
            apiVersion: `${API_GROUP}/${API_VERSION}`,
            kind: 'TestSummary',
            name: summary.metadata.name,
            uid: summary.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        planRun: summary.metadata.name,
        caseName: c.name,
        ...(run.compose ? { compose: run.compose } : { image: run.image ?? DEFAULT_TEST_IMAGE }),
        ...(command ? { command } : {}),
        env: Object.entries(env).map(([k, v]): EnvVar => ({ name: k, value: v })),
        ...(run.timeoutSeconds !== undefined ? { timeoutSeconds: run.timeoutSeconds } : {}),
        ...(run.retries !== undefined ? { retries: run.retries } : {}),
        ...(run.resources ? { resources: run.resources } : {}),
      },
    };
  }
}
