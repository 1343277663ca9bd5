/**
 * One service process against two on the same PostgreSQL (issue 13): how many triggers per
 * second and how many pipeline-list requests per second each setup answers, printed as ratios.
 * Triggers start runs that wait at a gate, so the build processes of the local executor do not
 * compete for the CPU. The list traffic is the varied mix of bench:service (pages, searches,
 * filters, sorts), with the list cache off. Run with `npm run bench:replicas`; needs
 * PIPEWRIGHT_TEST_DATABASE_URL (scripts/start-test-postgres.sh prints it).
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startServiceProcess } from '../test/support/service-process.js';
import { listQueryMix, pipelineCatalogue } from './pipeline-catalogue.js';

const PIPELINES = Number(process.env.BENCH_PIPELINES ?? 1_000);
const TRIGGERS = Number(process.env.BENCH_TRIGGERS ?? 600);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const PASSWORD = 'bench-admin-password';

const adminUrl = process.env.PIPEWRIGHT_TEST_DATABASE_URL;
if (!adminUrl) throw new Error('set PIPEWRIGHT_TEST_DATABASE_URL (scripts/start-test-postgres.sh prints it)');

async function database(name: string, action: 'CREATE' | 'DROP'): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    action === 'CREATE' ? `CREATE DATABASE ${name}` : `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
  );
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function replica(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = await startServiceProcess(port, {
    PIPEWRIGHT_DATA_DIR: mkdtempSync(join(tmpdir(), 'pipewright-bench-replica-')),
    PIPEWRIGHT_DATABASE_URL: url,
    PIPEWRIGHT_ADMIN_PASSWORD: PASSWORD,
    PIPEWRIGHT_LIST_CACHE: 'false',
    PIPEWRIGHT_LOG_LEVEL: 'error',
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** PIPELINES pipelines whose one stage waits at a gate: a trigger costs the service, not a build. */
async function seed(base: string, token: string): Promise<string[]> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const ids: string[] = [];
  const catalogue = pipelineCatalogue(PIPELINES);
  for (let i = 0; i < catalogue.length; i += CONNECTIONS) {
    const batch = catalogue.slice(i, i + CONNECTIONS).map(async (p) => {
      const res = await fetch(`${base}/api/pipelines`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          // Job names are ASCII; the catalogue's accented team names stay in the description.
          name: `p-${p.name.normalize('NFKD').replace(/[^A-Za-z0-9._-]/g, '')}`,
          group: p.group,
          description: `${p.name}: ${p.description}`,
          stages: [
            {
              name: 'Approve',
              gate: { message: 'Go?', submitters: { users: ['admin'] } },
              steps: [{ echo: 'approved' }],
            },
          ],
        }),
      });
      if (res.status !== 201) throw new Error(`seeding ${p.name}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

/** TRIGGERS runs, CONNECTIONS at a time, round-robin over the replicas; triggers per second. */
async function triggerRate(bases: string[], token: string, pipelineIds: string[]): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let k = next++; k < TRIGGERS; k = next++) {
      const res = await fetch(
        `${bases[k % bases.length]}/api/pipelines/${pipelineIds[k % pipelineIds.length]}/runs`,
        {
          method: 'POST',
          headers,
          body: '{}',
        },
      );
      if (res.status !== 201) throw new Error(`trigger: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return TRIGGERS / ((performance.now() - started) / 1000);
}

/** Varied list traffic split over the replicas at once; total req/s and the worst p99. */
async function listRate(bases: string[], token: string, mix: string[]) {
  const one = (base: string, offset: number, duration: number) => {
    let k = offset;
    return autocannon({
      url: base,
      headers: { authorization: `Bearer ${token}` },
      connections: Math.ceil(CONNECTIONS / bases.length),
      duration,
      requests: [
        {
          setupRequest: (req: autocannon.Request) => ({
            ...req,
            path: mix[k++ % mix.length],
          }),
        },
      ],
    });
  };
  await Promise.all(bases.map((b, i) => one(b, i * 997, 2))); // warm-up
  const results = await Promise.all(bases.map((b, i) => one(b, i * 997, DURATION)));
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
}

async function measure(replicas: number) {
  const name = `pw_bench_replicas_${randomBytes(4).toString('hex')}`;
  const url = await database(name, 'CREATE');
  const started = await Promise.all(Array.from({ length: replicas }, () => replica(url)));
  try {
    const bases = started.map((r) => r.base);
    const token = await login(bases[0]!);
    const ids = await seed(bases[0]!, token);
    const triggers = await triggerRate(bases, token, ids);
    const list = await listRate(bases, token, listQueryMix(pipelineCatalogue(PIPELINES), 2_000));
    return { triggers, list };
  } finally {
    for (const r of started) r.child.kill('SIGKILL');
    await database(name, 'DROP');
  }
}

const one = await measure(1);
const two = await measure(2);
const row = (label: string, r: typeof one) =>
  console.log(
    `${label.padEnd(30)} ${r.triggers.toFixed(0).padStart(6)} triggers/s   ${r.list.rps.toFixed(0).padStart(6)} list req/s   p99 ${r.list.p99} ms   errors ${r.list.errors}`,
  );
console.log(
  `\n${PIPELINES} pipelines, ${TRIGGERS} triggers, ${DURATION} s of varied list traffic, cache off`,
);
row('one process', one);
row('two processes, one PostgreSQL', two);
console.log(
  `ratio two/one: triggers ${(two.triggers / one.triggers).toFixed(2)}x, list ${(two.list.rps / one.list.rps).toFixed(2)}x   (load average ${loadavg()[0]!.toFixed(1)}, ${
    (await import('node:os')).cpus().length
  } cores)`,
);
