/**
 * Operator benchmark (npm run bench:operator). Not a test: it asserts nothing and prints figures.
 *
 * 1,000 TestCases become 1,000 pods through the operator (watch, reconcile, create the pod,
 * record Pending), against the in-process fake Kubernetes API; the baseline, in the same run and
 * against the same fake, is 1,000 raw createNamespacedPod calls of the same pods with the same
 * concurrency. Target: operator time <= 1.5x the baseline, RSS < 200 MB (the whole process: the
 * fake API server and its stored objects are counted too).
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { FakeKubernetesApi, type StoredObject } from './fake-kubernetes-api.js';
import { DEFAULT_CONCURRENCY, TestCaseOperator } from '../service/operator/operator.js';
import { renderTestPod } from '../service/operator/render-test-pod.js';
import type { TestCase } from '../service/operator/test-case-resource.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RENDER = { collectorImage: 'curlimages/curl:8.11.1', sidecarMode: 'native' } as const;

function testCase(namespace: string, i: number): TestCase {
  return {
    apiVersion: 'pipewright.dev/v1alpha1',
    kind: 'TestCase',
    metadata: { name: `case-${i}`, namespace, uid: `uid-${i}` },
    spec: {
      planRun: 'bench',
      caseName: `case ${i}`,
      image: 'registry.example/e2e:1',
      command: ['npm', 'test'],
      env: [{ name: 'CASE', value: String(i) }],
    },
  };
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

async function rawCreates(api: FakeKubernetesApi, namespace: string): Promise<number> {
  const core = api.kubeConfig('raw').makeApiClient(CoreV1Api);
  const pods = Array.from({ length: CASES }, (_, i) => renderTestPod(testCase(namespace, i), 1, RENDER));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: DEFAULT_CONCURRENCY }, async () => {
      while (next < pods.length) await core.createNamespacedPod({ namespace, body: pods[next++]! });
    }),
  );
  return performance.now() - started;
}

async function throughOperator(api: FakeKubernetesApi, namespace: string): Promise<number> {
  const operator = new TestCaseOperator({
    kubeConfig: api.kubeConfig('operator'),
    namespace,
    identity: 'bench',
    leaseName: 'bench',
    collectorImage: RENDER.collectorImage,
    sidecarMode: 'native',
  });
  const running = operator.run();
  while (!operator.isLeader()) await new Promise((r) => setTimeout(r, 5));
  await operator.idle();
  const pods = `/api/v1/namespaces/${namespace}/pods`;
  const started = performance.now();
  for (let i = 0; i < CASES; i++)
    api.create(
      `/apis/pipewright.dev/v1alpha1/namespaces/${namespace}/testcases`,
      testCase(namespace, i) as unknown as StoredObject,
    );
  while (api.count(pods) < CASES) await new Promise((r) => setTimeout(r, 5));
  const elapsed = performance.now() - started;
  await operator.idle();
  await operator.stop();
  await running;
  return elapsed;
}

const api = await FakeKubernetesApi.start();
// Warm-up: JIT and connection pools for both paths.
await rawCreates(api, 'warmup-raw');
await throughOperator(api, 'warmup-operator');

const figures: { raw: number; operator: number }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const raw = await rawCreates(api, `raw-${round}`);
  const operator = await throughOperator(api, `operator-${round}`);
  figures.push({ raw, operator });
  console.log(
    `round ${round + 1}: raw ${raw.toFixed(0)} ms, operator ${operator.toFixed(0)} ms, ratio ${(operator / raw).toFixed(2)}x`,
  );
}
clearInterval(sampler);
await api.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const raw = median(figures.map((f) => f.raw));
const operator = median(figures.map((f) => f.operator));
console.log(`\n${CASES} pods, concurrency ${DEFAULT_CONCURRENCY}, median of ${ROUNDS} rounds:`);
console.log(`  raw createNamespacedPod   ${raw.toFixed(0)} ms (${((CASES / raw) * 1000).toFixed(0)} pods/s)`);
console.log(
  `  through the operator      ${operator.toFixed(0)} ms (${((CASES / operator) * 1000).toFixed(0)} pods/s)`,
);
console.log(`  ratio                     ${(operator / raw).toFixed(2)}x (target <= 1.5x)`);
const kinds = new Map<string, number>();
for (const r of api.requests.filter((q) => q.user === 'operator'))
  kinds.set(
    `${r.method} ${r.path.split('/').slice(-2).join('/')}${r.watch ? ' (watch)' : ''}`,
    (kinds.get(`${r.method} ${r.path.split('/').slice(-2).join('/')}${r.watch ? ' (watch)' : ''}`) ?? 0) + 1,
  );
console.log(
  `  operator requests         ${[...kinds]
    .filter(([, n]) => n > ROUNDS + 1)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ')}`,
);
console.log(
  `  peak RSS                  ${(peakRss / 1024 / 1024).toFixed(0)} MB (target < 200 MB; whole process incl. the fake API)`,
);
