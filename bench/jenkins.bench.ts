/**
 * Jenkins executor benchmark (npm run bench:jenkins). Not a test: it asserts nothing and prints
 * figures.
 *
 * 200 runs are started on the fake Jenkins (in a process of its own) and left waiting at a gate,
 * the long wait of a real approval; then the executor follows them for a measured window. It
 * prints Jenkins calls per active run per minute and the executor process's CPU. The baseline,
 * from the same window: what a poller that reads every run's describe, each of its stages'
 * describe, its log and its pending inputs on every poll would have called, counted from the
 * polls made and the stages the fake shows.
 */
import { webhookBench } from './webhooks.bench.js';
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PipelineModel } from '../src/index.js';
import { JenkinsExecutor } from '../service/executor/jenkins-executor.js';
import { JenkinsApi } from '../service/jenkins/jenkins-api.js';
import { MemoryJenkinsBuildStore } from '../service/jenkins/jenkins-build-store.js';
import type { Run } from '../service/repositories/runs.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 60_000);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2_000);
const USER = 'pipewright-svc';
const TOKEN = '11aa22bb33cc44dd55ee66ff77889900aa';
const READS = ['describe', 'log', 'inputs', 'queue', 'search'];

const underTsx = import.meta.url.endsWith('.ts');
const server = fork(
  fileURLToPath(new URL(`./fake-jenkins-process.${underTsx ? 'ts' : 'js'}`, import.meta.url)),
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
    const onMessage = (m: { id: number }) => {
      if (m.id !== id) return;
      server.off('message', onMessage);
      resolve(m as T);
    };
    server.on('message', onMessage);
    server.send({ ...command, id });
  });
}
interface FakeState {
  calls: Record<string, number>;
  builds: number;
  stages: number;
  paused: number;
}

const model: PipelineModel = {
  name: 'bench',
  stages: [
    { name: 'Build', steps: [{ echo: 'built' }] },
    { name: 'Approve', gate: { message: 'Ship it?' }, steps: [{ echo: 'shipped' }] },
  ],
};
await ask({ type: 'teach', model });

const executor = new JenkinsExecutor({
  api: new JenkinsApi({ url, user: USER, token: TOKEN }),
  url,
  user: USER,
  store: new MemoryJenkinsBuildStore(),
  // The bench drives the polls itself, so the window holds whole polls and nothing in flight.
  pollMs: 1e9,
});
let polling = true;
const pollLoop = (async () => {
  while (polling) {
    await Promise.all([executor.tick(), new Promise((r) => setTimeout(r, POLL_MS))]);
  }
})();
let events = 0;
for (let i = 0; i < RUNS; i++) {
  const run = { id: randomUUID(), parameters: {}, number: i + 1 } as unknown as Run;
  executor.start(
    { run, pipeline: model, secrets: {}, serviceEnv: { PIPEWRIGHT_RUN_ID: run.id } },
    async (e) => {
      events += e.length;
    },
  );
}
// Every run reaches its gate before the window opens.
for (;;) {
  const s = await ask<FakeState>({ type: 'state' });
  if (s.paused === RUNS) break;
  await new Promise((r) => setTimeout(r, 500));
}
await new Promise((r) => setTimeout(r, 2 * POLL_MS));
polling = false;
await pollLoop;

const before = await ask<FakeState>({ type: 'state' });
const polls = { ...executor.stats };
const cpu = process.cpuUsage();
const started = performance.now();
while (performance.now() - started < WINDOW_MS)
  await Promise.all([executor.tick(), new Promise((r) => setTimeout(r, POLL_MS))]);
const elapsed = performance.now() - started;
const used = process.cpuUsage(cpu);
const after = await ask<FakeState>({ type: 'state' });
const runPolls = executor.stats.runPolls - polls.runPolls;
const reads = READS.reduce((n, k) => n + (after.calls[k] ?? 0) - (before.calls[k] ?? 0), 0);
const minutes = elapsed / 60_000;
const stagesPerRun = after.stages / after.builds;
// The baseline reads describe, each stage's describe, the log and the pending inputs per poll.
const naive = runPolls * (3 + stagesPerRun);

console.log(
  `Jenkins executor: ${RUNS} active runs (waiting at a gate), poll every ${POLL_MS} ms, window ${(elapsed / 1000).toFixed(1)} s`,
);
console.log(
  `  polls made                       ${executor.stats.polls - polls.polls} (${runPolls} run-polls)`,
);
console.log(
  `  Jenkins reads                    ${reads} = ${(reads / RUNS / minutes).toFixed(1)} per active run per minute`,
);
console.log(`  reads per run-poll               ${(reads / runPolls).toFixed(3)} (the limit is 1)`);
console.log(
  `  per-run poller of every stage    ${naive} = ${(naive / RUNS / minutes).toFixed(1)} per active run per minute`,
);
console.log(`  ratio executor / per-stage poller ${(reads / naive).toFixed(3)}`);
console.log(
  `  executor process CPU             ${(((used.user + used.system) / 1000 / elapsed) * 100).toFixed(2)}% of one core (user ${(used.user / 1000).toFixed(0)} ms, system ${(used.system / 1000).toFixed(0)} ms)`,
);
console.log(
  `  events reported in all           ${events}; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);

await executor.close();
server.send({ type: 'close' });
// The second figure: from a signed push to the runs it starts (bench/webhooks.bench.ts).
console.log('\nwebhook to trigger');
await webhookBench();
process.exit(0);
