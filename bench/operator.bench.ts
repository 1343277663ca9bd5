/**
 * Operator benchmark (npm run bench:operator). Not a test: it asserts nothing and prints figures.
 *
 * 1,000 TestCases become 1,000 pods through the operator (watch, reconcile, create the pod),
 * against the fake Kubernetes API running in a process of its own; the baseline, in the same run
 * and against the same fake, is 1,000 raw createNamespacedPod calls of the same pods with the same
 * concurrency. Target: operator time <= 1.5x the baseline, and the operator process's RSS < 200 MB.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigFor, type StoredObject } from './fake-kubernetes-api.js';
import { DEFAULT_CONCURRENCY, TestCaseOperator } from '../service/operator/operator.js';
import { renderTestPod } from '../service/operator/render-test-pod.js';
import type { TestCase } from '../service/operator/test-case-resource.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RENDER = { collectorImage: 'curlimages/curl:8.11.1', sidecarMode: 'native' } as const;

const underTsx = import.meta.url.endsWith('.ts');
const server = fork(
  fileURLToPath(new URL(`./fake-kubernetes-api-process.${underTsx ? 'ts' : 'js'}`, import.meta.url)),
  [],
  {
    execArgv: underTsx ? ['--import', 'tsx'] : [],
  },
);
const url = await new Promise<string>((resolve) =>
  server.once('message', (m: { url: string }) => resolve(m.url)),
);
let nextId = 0;
function ask<T>(command: Record<string, unknown>): Promise<T> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (m: { type: string; id: number }) => {
      if (m.id !== id) return;
      server.off('message', onMessage);
      resolve(m as T);
    };
    server.on('message', onMessage);
    server.send({ ...command, id });
  });
}

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

async function rawCreates(namespace: string): Promise<number> {
  const core = kubeConfigFor(url, 'raw').makeApiClient(CoreV1Api);
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

async function throughOperator(namespace: string): Promise<number> {
  const operator = new TestCaseOperator({
    kubeConfig: kubeConfigFor(url, 'operator'),
    namespace,
    identity: 'bench',
    leaseName: 'bench',
    collectorImage: RENDER.collectorImage,
    sidecarMode: 'native',
  });
  const running = operator.run();
  while (!operator.isLeader()) await new Promise((r) => setTimeout(r, 5));
  await operator.idle();
  const started = performance.now();
  const created = ask({ type: 'waitFor', collection: `/api/v1/namespaces/${namespace}/pods`, count: CASES });
  server.send({
    type: 'create',
    collection: `/apis/pipewright.dev/v1alpha1/namespaces/${namespace}/testcases`,
    objects: Array.from({ length: CASES }, (_, i) => testCase(namespace, i) as unknown as StoredObject),
  });
  await created;
  const elapsed = performance.now() - started;
  await operator.idle();
  await operator.stop();
  await running;
  return elapsed;
}

// Warm-up: JIT and connection pools for both paths.
await rawCreates('warmup-raw');
await throughOperator('warmup-operator');

const figures: { raw: number; operator: number }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const raw = await rawCreates(`raw-${round}`);
  const operator = await throughOperator(`operator-${round}`);
  figures.push({ raw, operator });
  console.log(
    `round ${round + 1}: raw ${raw.toFixed(0)} ms, operator ${operator.toFixed(0)} ms, ratio ${(operator / raw).toFixed(2)}x`,
  );
}
clearInterval(sampler);
const { kinds } = await ask<{ kinds: Record<string, number> }>({ type: 'requests', user: 'operator' });
server.send({ type: 'close' });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const raw = median(figures.map((f) => f.raw));
const operator = median(figures.map((f) => f.operator));
// Each round's ratio compares two runs made back to back, so load that changes between rounds
// moves both; the median of those ratios is the figure to read.
const ratio = median(figures.map((f) => f.operator / f.raw));
console.log(`\n${CASES} pods, concurrency ${DEFAULT_CONCURRENCY}, ${ROUNDS} rounds (medians):`);
console.log(`  raw createNamespacedPod   ${raw.toFixed(0)} ms (${((CASES / raw) * 1000).toFixed(0)} pods/s)`);
console.log(
  `  through the operator      ${operator.toFixed(0)} ms (${((CASES / operator) * 1000).toFixed(0)} pods/s)`,
);
console.log(`  ratio, median per round   ${ratio.toFixed(2)}x (target <= 1.5x)`);
console.log(
  `  peak RSS of this process  ${(peakRss / 1024 / 1024).toFixed(0)} MB (target < 200 MB; the fake API runs in its own process)`,
);
console.log(
  `  operator requests, all rounds: ${Object.entries(kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join('; ')}`,
);
