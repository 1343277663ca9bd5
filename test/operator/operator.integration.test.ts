import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeKubernetesApi, type StoredObject } from '../../bench/fake-kubernetes-api.js';
import { TestCaseOperator } from '../../service/operator/operator.js';
import type { TestCase, TestSummary } from '../../service/operator/test-case-resource.js';

const NS = 'tests';
const CASES = `/apis/pipewright.dev/v1alpha1/namespaces/${NS}/testcases`;
const SUMMARIES = `/apis/pipewright.dev/v1alpha1/namespaces/${NS}/testsummaries`;
const PODS = `/api/v1/namespaces/${NS}/pods`;
// Short lease timings keep hand-overs quick; the ratios between them are client-go's.
const LEASE = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 };

let api: FakeKubernetesApi;
const operators: TestCaseOperator[] = [];

function startOperator(identity: string): TestCaseOperator {
  const operator = new TestCaseOperator({
    kubeConfig: api.kubeConfig(identity),
    namespace: NS,
    identity,
    leaseName: 'pipewright-operator',
    collectorImage: 'curlimages/curl:8.11.1',
    sidecarMode: 'auto',
    leaseTimings: LEASE,
    log: process.env.DEBUG_OPERATOR ? (l, m, f) => console.log(identity, l, m, JSON.stringify(f)) : undefined,
  });
  operators.push(operator);
  void operator.run();
  return operator;
}

/** Polls until `check` holds; fails the test (not on time, but on never getting there) after 20 s. */
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

function plan(run: string, count: number): void {
  api.create(SUMMARIES, {
    apiVersion: 'pipewright.dev/v1alpha1',
    kind: 'TestSummary',
    metadata: { name: run, namespace: NS },
    spec: { planRun: run, total: count },
  });
  for (let i = 0; i < count; i++)
    api.create(CASES, {
      apiVersion: 'pipewright.dev/v1alpha1',
      kind: 'TestCase',
      metadata: { name: `${run}-case-${i}`, namespace: NS },
      spec: {
        planRun: run,
        caseName: `case ${i}`,
        image: i === 19 ? 'registry.example/missing:0' : 'registry.example/e2e:1',
        command: ['npm', 'test'],
      },
    });
}

/** What the kubelet would report for case i: 0-14 pass, 15-17 exit 3, 18 is OOMKilled, 19's image cannot be pulled. */
function kubeletReport(i: number): unknown {
  const terminated = (exitCode: number, reason: string) => ({
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    containerStatuses: [
      {
        name: 'test',
        image: 'e2e',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: {
          terminated: {
            exitCode,
            reason,
            finishedAt: '2026-01-01T00:01:00Z',
            startedAt: '2026-01-01T00:00:00Z',
          },
        },
      },
    ],
  });
  if (i < 15) return terminated(0, 'Completed');
  if (i < 18) return terminated(3, 'Error');
  if (i === 18) return terminated(137, 'OOMKilled');
  return {
    phase: 'Pending',
    containerStatuses: [
      {
        name: 'test',
        image: 'missing',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
      },
    ],
  };
}

/** Plays the kubelet for every pod not yet reported, for cases whose index is accepted. */
function runPods(accept: (i: number) => boolean = () => true): number {
  let ran = 0;
  for (const pod of api.list(PODS)) {
    const i = Number(/-case-(\d+)-\d+$/.exec(pod.metadata.name)![1]);
    if (!accept(i) || (pod.status as { containerStatuses?: unknown })?.containerStatuses) continue;
    api.setStatus(PODS, pod.metadata.name, kubeletReport(i));
    ran++;
  }
  return ran;
}

const summary = (run: string) => api.get(SUMMARIES, run) as unknown as TestSummary | undefined;
const cases = () => api.list(CASES) as unknown as TestCase[];
const podPosts = () => api.responses.filter((r) => r.method === 'POST' && r.path === PODS);

const EXPECTED_SUMMARY = {
  phase: 'Error',
  total: 20,
  counts: { Pending: 0, Running: 0, Passed: 15, Failed: 4, Error: 1 },
  startedAt: '2026-01-01T00:00:00.000Z',
};

function expectFinalResults(): void {
  const byName = new Map(cases().map((c) => [c.metadata.name, c.status]));
  expect(byName.get('run-1-case-0')).toMatchObject({ phase: 'Passed', exitCode: 0, attempt: 1 });
  expect(byName.get('run-1-case-15')).toMatchObject({ phase: 'Failed', exitCode: 3, reason: 'ExitCode' });
  expect(byName.get('run-1-case-18')).toMatchObject({ phase: 'Failed', exitCode: 137, reason: 'OOMKilled' });
  expect(byName.get('run-1-case-19')).toMatchObject({ phase: 'Error', reason: 'ImagePullError' });
  expect(summary('run-1')!.status).toMatchObject(EXPECTED_SUMMARY);
}

beforeEach(async () => {
  api = await FakeKubernetesApi.start();
});

afterEach(async () => {
  await Promise.all(operators.splice(0).map((o) => o.stop({ release: false })));
  await api.close();
});

describe('the test-case operator against a Kubernetes API', () => {
  it('runs a plan of 20 cases to a correct TestSummary, one pod per case, owned by its case', async () => {
    plan('run-1', 20);
    startOperator('replica-a');
    await until('20 pods', () => api.list(PODS).length === 20);
    runPods();
    await until(
      'the summary is finished',
      () => summary('run-1')?.status?.phase === 'Error' && summary('run-1')?.status?.counts.Pending === 0,
    );
    await until('the stuck pull was cleaned up', () => api.list(PODS).length === 19);
    expectFinalResults();
    expect(summary('run-1')!.status!.finishedAt).toBeDefined();
    expect(podPosts().filter((r) => r.code === 201)).toHaveLength(20);

    // Deleting a case deletes its pod (ownerReferences).
    const owned = api.get(PODS, 'run-1-case-0-1')!;
    expect(owned.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'TestCase',
        name: 'run-1-case-0',
        uid: api.get(CASES, 'run-1-case-0')!.metadata.uid,
      }),
    ]);
    api.delete(CASES, 'run-1-case-0');
    expect(api.get(PODS, 'run-1-case-0-1')).toBeUndefined();
  });

  it('resumes after a restart mid-run without a duplicate pod or a lost result', async () => {
    plan('run-1', 20);
    const first = startOperator('replica-a');
    await until('20 pods', () => api.list(PODS).length === 20);
    runPods((i) => i < 10);
    await until(
      'ten results recorded',
      () => cases().filter((c) => c.status?.phase === 'Passed').length === 10,
    );
    // A crash: the lease is not handed back, the watch history is compacted while it is down, and
    // results keep arriving from the kubelet.
    await first.stop({ release: false });
    api.compact();
    runPods((i) => i >= 10 && i < 15);
    startOperator('replica-a');
    await until(
      'the restarted operator recorded the pods that finished while it was down',
      () => cases().filter((c) => c.status?.phase === 'Passed').length === 15,
    );
    runPods();
    await until(
      'the summary is finished',
      () => summary('run-1')?.status?.counts.Pending === 0 && summary('run-1')?.status?.phase === 'Error',
    );
    expectFinalResults();
    expect(
      api
        .list(PODS)
        .map((p) => p.metadata.name)
        .filter((n) => !n.endsWith('-1')),
    ).toEqual([]);
    expect(podPosts().filter((r) => r.code === 201)).toHaveLength(20);
  });

  it('relists after a watch is answered with 410 Gone and misses no change', async () => {
    plan('run-1', 20);
    startOperator('replica-a');
    await until('20 pods', () => api.list(PODS).length === 20);
    // Another write moves the store past the pods' last version; etcd compacts and the connection
    // drops: rewatching pods from their last version gets 410.
    api.label(CASES, 'run-1-case-0', { touched: 'yes' });
    api.compact();
    api.dropWatches();
    runPods();
    await until(
      'the summary is finished',
      () => summary('run-1')?.status?.counts.Pending === 0 && summary('run-1')?.status?.phase === 'Error',
    );
    expectFinalResults();
    expect(api.expiredWatches).toContain(PODS);
    const podLists = api.requests.filter((r) => r.method === 'GET' && r.path === PODS && !r.watch);
    expect(podLists.length).toBeGreaterThanOrEqual(2);
  });

  it('re-reads a case and writes again when its status write meets a 409 conflict', async () => {
    plan('run-1', 1);
    const path = `${CASES}/run-1-case-0/status`;
    let bumped = false;
    api.beforeRequest = (method, requested) => {
      if (method === 'PUT' && requested === path && !bumped) {
        bumped = true;
        api.label(CASES, 'run-1-case-0', { touched: 'by-someone-else' });
      }
    };
    startOperator('replica-a');
    await until('a pod', () => api.list(PODS).length === 1);
    runPods();
    await until('the result', () => cases()[0]!.status?.phase === 'Passed');
    const writes = api.responses.filter((r) => r.path === path);
    expect(writes[0]!.code).toBe(409);
    expect(writes.some((w) => w.code === 200)).toBe(true);
    expect((api.get(CASES, 'run-1-case-0') as StoredObject).metadata.labels).toEqual({
      touched: 'by-someone-else',
    });
  });

  it('never lets two replicas both create pods, and hands over when the leader dies', async () => {
    startOperator('replica-a');
    startOperator('replica-b');
    plan('run-1', 20);
    await until('20 pods', () => api.list(PODS).length === 20);
    const leaderName = podPosts()[0]!.user;
    const leader = operators[leaderName === 'replica-a' ? 0 : 1]!;
    const leaders = operators.filter((o) => o.isLeader());
    expect(leaders).toHaveLength(1);
    expect(leaders[0]).toBe(leader);
    await leader.stop({ release: false });
    plan('run-2', 5);
    await until('the other replica created run-2 pods', () => api.list(PODS).length === 25);
    const creators = podPosts().map((r) => r.user);
    const handover = creators.findIndex((u) => u !== leaderName);
    // Every create by the first leader comes before every create by the second: never both.
    expect(creators.slice(0, handover).every((u) => u === leaderName)).toBe(true);
    expect(creators.slice(handover).every((u) => u !== leaderName)).toBe(true);
    expect(new Set(creators).size).toBe(2);
    expect(podPosts().filter((r) => r.code === 201)).toHaveLength(25);
  });
});
