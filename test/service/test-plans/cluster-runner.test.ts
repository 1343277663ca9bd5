import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeKubernetesApi, kubeConfigFor } from '../../../bench/fake-kubernetes-api.js';
import { TestCaseOperator } from '../../../service/operator/operator.js';
import { LABELS } from '../../../service/operator/test-case-resource.js';
import { ClusterTestRunner, MANAGED_BY } from '../../../service/test-plans/cluster-test-runner.js';
import { useService } from '../../support/service.js';
import { api, createCases, waitForPlanRun } from './support.js';

const NS = 'tests';
const PODS = `/api/v1/namespaces/${NS}/pods`;
const CASES = `/apis/pipewright.dev/v1alpha1/namespaces/${NS}/testcases`;
const SUMMARIES = `/apis/pipewright.dev/v1alpha1/namespaces/${NS}/testsummaries`;

/**
 * The service with a cluster configured, the operator running in-process, both against the fake
 * Kubernetes API; the test plays the kubelet. A plan goes service -> TestSummary/TestCases ->
 * operator -> pods -> TestCase status -> the service's records.
 */
describe('plan runs on a cluster through the operator', () => {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'pipewright-kube-')), 'config');
  let fake: FakeKubernetesApi;
  let operator: TestCaseOperator;
  // Registered before the service's: the kubeconfig file exists when the service starts.
  beforeAll(async () => {
    fake = await FakeKubernetesApi.start();
    writeFileSync(kubeconfig, fake.kubeConfig('pipewright-service').exportConfig());
  });
  const service = useService('sqlite', {
    PIPEWRIGHT_KUBERNETES_NAMESPACE: NS,
    PIPEWRIGHT_KUBECONFIG: kubeconfig,
  });
  // Started once the service is up: the service's start-up (password hashing) would hold the
  // event loop past a short lease.
  beforeAll(() => {
    operator = new TestCaseOperator({
      kubeConfig: fake.kubeConfig('operator'),
      namespace: NS,
      identity: 'operator-a',
      leaseName: 'pipewright-operator',
      collectorImage: 'curlimages/curl:8.11.1',
      sidecarMode: 'auto',
      leaseTimings: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 250 },
    });
    void operator.run();
  });
  afterAll(async () => {
    await operator?.stop({ release: false });
    await fake?.close();
  });

  /** Plays the kubelet: each pod not yet reported ends with the exit code `exitOf` gives its case. */
  const kubelet = (exitOf: (caseName: string) => number) => {
    for (const pod of fake.list(PODS)) {
      if ((pod.status as { containerStatuses?: unknown } | undefined)?.containerStatuses) continue;
      const exitCode = exitOf(pod.metadata.labels![LABELS.testCase]!);
      fake.setStatus(PODS, pod.metadata.name, {
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        containerStatuses: [
          {
            name: 'test',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode,
                reason: exitCode === 0 ? 'Completed' : 'Error',
                startedAt: '2026-01-01T00:00:00Z',
                finishedAt: '2026-01-01T00:01:00Z',
              },
            },
          },
        ],
      });
    }
  };

  it('runs three cases (a compose case among them) as pods and records their results', async () => {
    const s = service();
    const ids = await createCases(s, 'shop', [
      { name: 'unit', run: { script: 'npm test', env: { CI: 'true' } } },
      {
        name: 'with-db',
        run: {
          script: 'npm run e2e',
          compose: {
            files: [
              {
                name: 'docker-compose.yml',
                content:
                  'services:\n  app: { image: shop-e2e:1, depends_on: [db] }\n  db: { image: postgres:16 }\n',
              },
            ],
          },
        },
      },
      {
        name: 'perf',
        run: { image: 'k6:0.50', command: ['k6', 'run', 'load.js'], resources: { cpu: '2', memory: '1Gi' } },
      },
    ]);
    await api(s, s.tokens.tester, 'POST', '/api/test-plans', {
      name: 'cluster-smoke',
      cases: [ids.unit, ids['with-db'], ids.perf],
      parallelism: 3,
    });
    const started = await api(s, s.tokens.tester, 'POST', '/api/test-plans/cluster-smoke/runs');
    expect(started.runner).toBe('cluster');
    const summaryName = `plan-run-${started.id}`;

    for (let i = 0; i < 400 && fake.list(PODS).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fake.list(PODS)).toHaveLength(3);
    expect(fake.get(SUMMARIES, summaryName)?.spec).toEqual({ planRun: summaryName, total: 3 });
    // The compose case's pod has the database beside the test container, which runs the case's script.
    const composePod = fake
      .list(PODS)
      .find((p) => p.metadata.labels![LABELS.testCase] === `${summaryName}-1`)!;
    // Native sidecars: the database is an init container that keeps running beside the test.
    const podSpec = composePod.spec as Record<
      'containers' | 'initContainers',
      { name: string; image: string }[]
    >;
    const containers = [...podSpec.initContainers, ...podSpec.containers];
    expect(containers.map((c) => c.image)).toEqual(expect.arrayContaining(['shop-e2e:1', 'postgres:16']));
    expect(JSON.stringify(containers)).toContain('npm run e2e');

    const perfPod = fake.list(PODS).find((p) => p.metadata.labels![LABELS.testCase] === `${summaryName}-2`)!;
    const perfTest = (
      perfPod.spec as { containers: { name: string; resources?: unknown }[] }
    ).containers.find((c) => c.name === 'test')!;
    expect(perfTest.resources).toEqual({ requests: { cpu: '2', memory: '1Gi' }, limits: { memory: '1Gi' } });

    kubelet((caseName) => (caseName.endsWith('-2') ? 3 : 0));
    const run = await waitForPlanRun(s, started.id);
    expect(run).toMatchObject({ runStatus: 'failed', status: 'failed', total: 3, passed: 2, failed: 1 });
    const results = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${run.id}/results`);
    expect(results.map((r: { caseName: string; status: string }) => [r.caseName, r.status])).toEqual([
      ['unit', 'passed'],
      ['with-db', 'passed'],
      ['perf', 'failed'],
    ]);
    expect(results[2].message).toContain('exit code 3');
    // The TestCases carry what the service decided: env from the case and the plan run.
    const unit = fake.get(CASES, `${summaryName}-0`)!.spec as {
      env: { name: string; value: string }[];
      image: string;
    };
    expect(unit.image).toBe('alpine:3.20');
    expect(unit.env).toEqual(
      expect.arrayContaining([
        { name: 'CI', value: 'true' },
        { name: 'PIPEWRIGHT_PLAN_RUN_ID', value: run.id },
      ]),
    );
  });

  it('cancels a plan run on the cluster: its TestSummary, TestCases and pods are deleted', async () => {
    const s = service();
    const ids = await createCases(s, 'slow-shop', [
      { name: 'soak', run: { image: 'soak:1', command: ['soak'] } },
    ]);
    await api(s, s.tokens.tester, 'POST', '/api/test-plans', { name: 'cluster-soak', cases: [ids.soak] });
    const started = await api(s, s.tokens.tester, 'POST', '/api/test-plans/cluster-soak/runs');
    const summaryName = `plan-run-${started.id}`;
    const podOf = () => fake.list(PODS).filter((p) => p.metadata.labels![LABELS.planRun] === summaryName);
    for (let i = 0; i < 400 && podOf().length < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(podOf()).toHaveLength(1);
    const cancelled = await api(
      s,
      s.tokens.developer,
      'POST',
      `/api/test-plan-runs/${started.id}/cancel`,
      undefined,
      200,
    );
    expect(cancelled.runStatus).toBe('aborted');
    expect(fake.get(SUMMARIES, summaryName)).toBeUndefined();
    expect(fake.get(CASES, `${summaryName}-0`)).toBeUndefined();
    expect(podOf()).toEqual([]);
  });

  it("reaps the TestSummaries of plan runs finished here, never another service's", async () => {
    const summary = (runId: string) => ({
      apiVersion: 'pipewright.dev/v1alpha1',
      kind: 'TestSummary',
      metadata: {
        name: `plan-run-${runId}`,
        labels: { [Object.keys(MANAGED_BY)[0]!]: Object.values(MANAGED_BY)[0]! },
      },
      spec: { planRun: `plan-run-${runId}`, total: 1 },
    });
    const finished = 'a0000000-0000-4000-8000-000000000001';
    const elsewhere = 'a0000000-0000-4000-8000-000000000002';
    fake.create(SUMMARIES, summary(finished));
    fake.create(SUMMARIES, summary(elsewhere));
    const runner = new ClusterTestRunner({
      kubeConfig: fake.kubeConfig('pipewright-service'),
      namespace: NS,
      onError: (error) => {
        throw error;
      },
    });
    const asked: string[] = [];
    const reaped = await runner.reap(async (runId) => {
      asked.push(runId);
      return runId === finished;
    });
    expect(asked).toEqual(expect.arrayContaining([finished, elsewhere]));
    expect(reaped).toBe(1);
    expect(fake.get(SUMMARIES, `plan-run-${finished}`)).toBeUndefined();
    expect(fake.get(SUMMARIES, `plan-run-${elsewhere}`)).toBeDefined();
  });
});

describe('a cluster out of reach', () => {
  // Port 1 on loopback: nothing listens, every request is refused at once.
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'pipewright-kube-')), 'config');
  writeFileSync(kubeconfig, kubeConfigFor('http://127.0.0.1:1', 'pipewright-service').exportConfig());
  const service = useService('sqlite', {
    PIPEWRIGHT_KUBERNETES_NAMESPACE: NS,
    PIPEWRIGHT_KUBECONFIG: kubeconfig,
  });

  it('does not keep the service from starting, and fails the plan run saying why', async () => {
    const s = service();
    const ids = await createCases(s, 'offline', [{ name: 'any', run: { script: 'true' } }]);
    await api(s, s.tokens.tester, 'POST', '/api/test-plans', { name: 'offline-plan', cases: [ids.any] });
    const run = await waitForPlanRun(
      s,
      (await api(s, s.tokens.tester, 'POST', '/api/test-plans/offline-plan/runs')).id,
    );
    expect(run).toMatchObject({ runner: 'cluster', runStatus: 'failed', failed: 1 });
    const [result] = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${run.id}/results`);
    expect(result.message).toMatch(/^the cluster refused the test run: /);
  });
});
