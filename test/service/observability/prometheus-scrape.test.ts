import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FakeKubernetesApi } from '../../../bench/fake-kubernetes-api.js';
import { OperatorMetrics } from '../../../service/metrics/operator-metrics.js';
import { startMetricsServer } from '../../../service/operator/metrics-server.js';
import { TestCaseOperator } from '../../../service/operator/operator.js';
import { seriesSelectors } from '../../support/promql-selectors.js';
import { createPipeline, startRun, useService, waitForRun } from '../../support/service.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULES = `${ROOT}helm/pipewright/files/prometheus-rules.yaml`;
const DASHBOARD = `${ROOT}helm/pipewright/files/grafana-dashboard.json`;
const NS = 'tests';

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

const alertExpressions = (): [string, string][] =>
  (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups
    .flatMap((g) => g.rules)
    .map((r) => [r.alert, r.expr]);

const dashboardExpressions = (): [string, string][] => {
  const walk = (panels: Panel[]): [string, string][] =>
    panels.flatMap((p) => [
      ...(p.targets ?? []).map((t): [string, string] => [p.title, t.expr]),
      ...walk(p.panels ?? []),
    ]);
  return walk((JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] }).panels);
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until `check` holds; fails on never getting there (60 s), never on how long it took. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe('PromQL selector extraction (the rule the scrape test checks by)', () => {
  it('names the selectors, not functions, keywords, label lists, ranges or numbers', () => {
    expect(
      seriesSelectors(
        'sum by (namespace, le) (rate(a_total{x="1",y=~"b|c"}[5m])) / on (job) group_left (z) b > 1e3 unless absent(up{job="p"}) or bool c offset 5m',
      ),
    ).toEqual(['a_total{x="1",y=~"b|c"}', 'b', 'up{job="p"}', 'c']);
  });
});

/**
 * A real Prometheus (Debian's package) scrapes the running service and the operator's metrics
 * endpoint; every expression of the shipped alert rules and dashboard must evaluate without error,
 * and every series selector in them must find series. Dashboard panels must also show data.
 * Alert expressions are conditions that are rightly empty on a healthy system, so for them only
 * the selectors they name must match.
 */
describe('Prometheus scraping the service and the operator', () => {
  const service = useService('sqlite');
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';
  let work = '';
  let api: FakeKubernetesApi | undefined;
  let operator: TestCaseOperator | undefined;
  let operatorMetrics: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  let base = '';

  const query = async (expr: string) => {
    const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  };

  beforeAll(async () => {
    const s = service();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const servicePort = (s.app.server.address() as { port: number }).port;

    // Runs of two groups: a pass, a failure and an approved gate, so run series exist.
    const build = await createPipeline(s, {
      name: 'scraped',
      group: 'payments',
      stages: [{ name: 'Build', steps: [{ sh: 'true' }] }],
    });
    const broken = await createPipeline(s, {
      name: 'scraped-fail',
      group: 'web',
      stages: [{ name: 'Build', steps: [{ sh: 'exit 1' }] }],
    });
    const gated = await createPipeline(s, {
      name: 'scraped-gate',
      group: 'payments',
      stages: [
        {
          name: 'Ship',
          gate: { message: 'Ship?', submitters: { users: ['developer-user'] } },
          steps: [{ echo: 'ok' }],
        },
      ],
    });
    await waitForRun(s, (await startRun(s, build.id)).id);
    await waitForRun(s, (await startRun(s, broken.id)).id);
    const gatedRun = await startRun(s, gated.id);
    await waitForRun(s, gatedRun.id, s.tokens.admin, (r) => r.status === 'waiting');
    await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/runs/${gatedRun.id}/gates/Ship`,
      payload: { approve: true },
    });
    await waitForRun(s, gatedRun.id);

    // The operator, leading against a Kubernetes API stand-in, with a test case to reconcile.
    api = await FakeKubernetesApi.start();
    const metrics = new OperatorMetrics();
    operatorMetrics = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
    operator = new TestCaseOperator({
      kubeConfig: api.kubeConfig('op-0'),
      namespace: NS,
      identity: 'op-0',
      leaseName: 'pipewright-operator',
      collectorImage: 'curlimages/curl:8.11.1',
      sidecarMode: 'shared-volume',
      leaseTimings: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 },
      metrics,
    });
    void operator.run();
    api.create(`/apis/pipewright.dev/v1alpha1/namespaces/${NS}/testcases`, {
      apiVersion: 'pipewright.dev/v1alpha1',
      kind: 'TestCase',
      metadata: { name: 'plan-1-case-0', namespace: NS },
      spec: { planRun: 'plan-1', caseName: 'case 0', image: 'registry.example/e2e:1', command: ['true'] },
    });
    await until(
      'the operator reconciled the case',
      () => api!.list(`/api/v1/namespaces/${NS}/pods`).length === 1,
    );
    const operatorPort = (operatorMetrics.server.address() as { port: number }).port;

    work = mkdtempSync(join(tmpdir(), 'pipewright-prometheus-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(work, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        `  - { job_name: pipewright, static_configs: [{ targets: ['127.0.0.1:${servicePort}'] }] }`,
        `  - { job_name: pipewright-operator, static_configs: [{ targets: ['127.0.0.1:${operatorPort}'] }] }`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(work, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(work, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.on('data', (d: Buffer) => (prometheusLog += d.toString()));
    prometheus.stderr!.on('data', (d: Buffer) => (prometheusLog += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      prometheus!.once('exit', (code) => reject(new Error(`prometheus exited (${code}):\n${prometheusLog}`))),
    );
    // A rate needs two samples in its window; three scrapes of both targets give every series two.
    await Promise.race([
      exited,
      until('three scrapes of both targets', async () => {
        const result = await query('count_over_time(up[1m]) >= 3');
        return result.data?.result.length === 2;
      }),
    ]);
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const gone = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await gone;
    }
    await operator?.stop({ release: true });
    await operatorMetrics?.close();
    await api?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finds both targets up', async () => {
    const result = await query('up == 1');
    expect(result.data?.result).toHaveLength(2);
  });

  it.each(alertExpressions())('evaluates alert %s and finds every series it names', async (_alert, expr) => {
    const evaluated = await query(expr);
    expect(evaluated.error).toBeUndefined();
    expect(evaluated.status).toBe('success');
    const selectors = seriesSelectors(expr);
    expect(selectors.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const selector of selectors)
      if (!(await query(selector)).data?.result.length) missing.push(selector);
    expect(missing).toEqual([]);
  });

  it.each(dashboardExpressions())('evaluates dashboard panel "%s" to data: %s', async (_panel, expr) => {
    const evaluated = await query(expr);
    expect(evaluated.error).toBeUndefined();
    expect(evaluated.status).toBe('success');
    expect(evaluated.data?.result.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const selector of seriesSelectors(expr))
      if (!(await query(selector)).data?.result.length) missing.push(selector);
    expect(missing).toEqual([]);
  });

  it('has teeth: a selector of a series nobody exports finds nothing', async () => {
    expect((await query('pipewright_no_such_series_total')).data?.result).toEqual([]);
    expect((await query('sum(rate(pipewright_runs_started_total[5m)')).status).toBe('error');
  });
});
