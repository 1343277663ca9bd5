import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeKubernetesApi } from '../../bench/fake-kubernetes-api.js';
import { OperatorMetrics } from '../../service/metrics/operator-metrics.js';
import { startMetricsServer } from '../../service/operator/metrics-server.js';
import { runOperatorCli } from '../../service/operator/main.js';
import { TestCaseOperator } from '../../service/operator/operator.js';

const NS = 'tests';
const CASES = `/apis/pipewright.dev/v1alpha1/namespaces/${NS}/testcases`;
const PODS = `/api/v1/namespaces/${NS}/pods`;

let api: FakeKubernetesApi;
let operator: TestCaseOperator | undefined;
let server: { close: () => Promise<void>; server: import('node:http').Server } | undefined;

beforeEach(async () => {
  api = await FakeKubernetesApi.start();
});
afterEach(async () => {
  await operator?.stop({ release: true });
  await server?.close();
  await api.close();
});

/** One sample of Prometheus text; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe("the operator's metrics", () => {
  it('GIVEN a leading operator reconciling test cases THEN its /metrics shows leadership, reconcile lag and outcomes', async () => {
    const metrics = new OperatorMetrics();
    server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
    const address = server.server.address() as { port: number };
    const scrape = async () => (await fetch(`http://127.0.0.1:${address.port}/metrics`)).text();
    const before = await scrape();
    expect(sample(before, 'pipewright_operator_leader')).toBe(0);
    expect(sample(before, 'pipewright_operator_reconcile_lag_seconds_count')).toBe(0);
    expect(sample(before, 'pipewright_operator_reconciles_total{kind="case",outcome="error"}')).toBe(0);

    operator = new TestCaseOperator({
      kubeConfig: api.kubeConfig('op-1'),
      namespace: NS,
      identity: 'op-1',
      leaseName: 'pipewright-operator',
      collectorImage: 'curlimages/curl:8.11.1',
      sidecarMode: 'shared-volume',
      leaseTimings: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 },
      metrics,
    });
    void operator.run();
    for (let i = 0; i < 3; i++)
      api.create(CASES, {
        apiVersion: 'pipewright.dev/v1alpha1',
        kind: 'TestCase',
        metadata: { name: `run-1-case-${i}`, namespace: NS },
        spec: { planRun: 'run-1', caseName: `case ${i}`, image: 'registry.example/e2e:1', command: ['true'] },
      });
    await until('a pod per case', () => api.list(PODS).length === 3);
    await operator.idle();

    const text = await scrape();
    expect(sample(text, 'pipewright_operator_leader')).toBe(1);
    expect(sample(text, 'pipewright_operator_reconcile_lag_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'pipewright_operator_reconciles_total{kind="case",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'pipewright_operator_queue_depth')).toBe(0);
    expect(sample(text, 'pipewright_operator_queue_oldest_seconds')).toBe(0);
    expect((await fetch(`http://127.0.0.1:${address.port}/other`)).status).toBe(404);
  });

  it('GIVEN its metrics port is taken WHEN the operator starts THEN it stops with one line naming the setting, exit 1', async () => {
    const holder = await startMetricsServer(new OperatorMetrics().registry, 0, '0.0.0.0');
    try {
      const port = (holder.server.address() as { port: number }).port;
      let stderr = '';
      const code = await runOperatorCli(
        [],
        { stdout: () => undefined, stderr: (text) => (stderr += text) },
        {
          PIPEWRIGHT_OPERATOR_NAMESPACE: 'tests',
          PIPEWRIGHT_OPERATOR_METRICS_PORT: String(port),
          KUBECONFIG: '/dev/null',
        },
      );
      expect(code).toBe(1);
      expect(stderr).toBe(
        `pipewright operator: cannot serve /metrics on port ${port} (EADDRINUSE); set PIPEWRIGHT_OPERATOR_METRICS_PORT to a free port, or 0 to turn it off\n`,
      );
    } finally {
      await holder.close();
    }
  });
});
