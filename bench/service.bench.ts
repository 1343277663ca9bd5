/**
 * Service benchmark (npm run bench:service). Not a test: it asserts nothing and prints figures.
 *
 * 1. Seeds 10,000 pipelines and 10,000 runs into a fresh SQLite store, and measures the pipeline
 *    list endpoint (50 rows with their last run) under autocannon, against a bare Fastify route
 *    that returns the same bytes, in the same run.
 * 2. Grows the store to 1,000,000 runs and measures the list again: its p50 should not move.
 * 3. Measures run-event ingestion (POST /api/runs/:id/events, 50 events a request) on SQLite with
 *    synchronous=FULL, i.e. every acknowledged batch fsynced.
 */
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../service/app.js';
import { loadConfig, sqliteFile } from '../service/config.js';

const PIPELINES = 10_000;
const RUNS_SMALL = 10_000;
const RUNS_LARGE = Number(process.env.BENCH_RUNS ?? 1_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'bench-admin-password';
/** Page 3 of the list, newest runs first: 50 rows with their last run. */
const LIST_PATH = '/api/pipelines?limit=50&offset=100&sort=lastRunAt';

const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-bench-'));
const config = loadConfig({
  PIPEWRIGHT_DATA_DIR: dataDir,
  PIPEWRIGHT_ADMIN_PASSWORD: PASSWORD,
  PIPEWRIGHT_LOG_LEVEL: 'silent',
  PIPEWRIGHT_PORT: '0',
});

async function startApp(listCache = true) {
  const app = await buildApp({ config: { ...config, PIPEWRIGHT_LIST_CACHE: listCache }, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: PASSWORD },
  });
  return { app, address, token: login.json().token as string };
}

/** Run numbers handed out so far, per pipeline, across both seeding rounds. */
const perPipeline = new Map<string, number>();

/** Seeds straight through better-sqlite3: a million rows through HTTP would measure the seeding. */
function seed(fromRun: number, toRun: number, pipelineIds: string[], ownerId: string): void {
  const db = new BetterSqlite3(sqliteFile(config));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // seeding only; the service itself runs with FULL
  if (pipelineIds.length === 0) {
    const insert = db.prepare(
      `INSERT INTO pipelines (id, name, group_name, description, owner_id, repository_url, definition, trigger_types, next_run_number, created_at, updated_at)
       VALUES (?, ?, ?, '', ?, NULL, ?, ',manual,', 1, ?, ?)`,
    );
    const at = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < PIPELINES; i++) {
        const id = randomUUID();
        pipelineIds.push(id);
        const name = `service-${String(i).padStart(5, '0')}`;
        insert.run(
          id,
          name,
          ['development', 'deployment', 'production'][i % 3],
          ownerId,
          JSON.stringify({ name, stages: [{ name: 'Build', steps: [{ sh: 'make' }] }] }),
          at,
          at,
        );
      }
    })();
  }
  const insertRun = db.prepare(
    `INSERT INTO runs (id, pipeline_id, number, status, trigger, operator_id, remark, parameters, current_stage, rerun_of, queued_at, started_at, finished_at, event_seq)
     VALUES (?, ?, ?, ?, 'manual', ?, '', '{}', NULL, NULL, ?, ?, ?, 0)`,
  );
  const mirror = db.prepare(
    `UPDATE pipelines SET next_run_number = ?, last_run_id = ?, last_run_number = ?, last_run_status = ?, last_run_trigger = 'manual', last_run_started_at = ? WHERE id = ?`,
  );
  db.transaction(() => {
    for (let r = fromRun; r < toRun; r++) {
      const pipelineId = pipelineIds[r % pipelineIds.length]!;
      const number = (perPipeline.get(pipelineId) ?? 0) + 1;
      perPipeline.set(pipelineId, number);
      const at = new Date(Date.UTC(2026, 0, 1) + r * 1000).toISOString();
      const id = randomUUID();
      const status = r % 7 === 0 ? 'failed' : 'success';
      insertRun.run(id, pipelineId, number, status, ownerId, at, at, at);
      mirror.run(number + 1, id, number, status, at, pipelineId);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function load(url: string, headers: Record<string, string>, options: Partial<autocannon.Options> = {}) {
  // Warm up first (JIT, caches), so every target is measured in the same state.
  await autocannon({ url, headers, connections: 20, duration: 2, ...options });
  const result = await autocannon({ url, headers, connections: 20, duration: DURATION, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const line = (label: string, r: { rps: number; p50: number; p99: number; errors: number }) =>
  console.log(
    `${label.padEnd(46)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   errors ${r.errors}`,
  );

async function main(): Promise<void> {
  let { app, address, token } = await startApp();
  const owner = (
    await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })
  ).json().id as string;
  await app.close();
  const pipelineIds: string[] = [];
  seed(0, RUNS_SMALL, pipelineIds, owner);
  ({ app, address, token } = await startApp());
  const auth = { authorization: `Bearer ${token}` };
  const listUrl = `${address}${LIST_PATH}`;
  const body = (await app.inject({ method: 'GET', url: LIST_PATH, headers: auth })).body;

  const bare = Fastify();
  bare.get('/same-bytes', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(body),
  );
  const bareAddress = await bare.listen({ host: '127.0.0.1', port: 0 });

  console.log(
    `${PIPELINES} pipelines; list response ${body.length} bytes; ${DURATION} s per measurement, 20 connections\n`,
  );
  const baseline = await load(`${bareAddress}/same-bytes`, {});
  line('bare Fastify route, same bytes  [baseline]', baseline);
  const small = await load(listUrl, auth);
  line(`GET /api/pipelines at ${RUNS_SMALL.toLocaleString()} runs`, small);
  await app.close();
  const uncached = await startApp(false);
  const smallUncached = await load(`${uncached.address}${LIST_PATH}`, {
    authorization: `Bearer ${uncached.token}`,
  });
  line(`  the same with PIPEWRIGHT_LIST_CACHE=false`, smallUncached);
  await uncached.app.close();

  const started = Date.now();
  seed(RUNS_SMALL, RUNS_LARGE, pipelineIds, owner);
  console.log(
    `\n(seeded up to ${RUNS_LARGE.toLocaleString()} runs in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  ({ app, address, token } = await startApp());
  // A new process-equivalent: new port, new session.
  const large = await load(`${address}${LIST_PATH}`, { authorization: `Bearer ${token}` });
  line(`GET /api/pipelines at ${RUNS_LARGE.toLocaleString()} runs`, large);
  const bigUncached = await startApp(false);
  const largeUncached = await load(`${bigUncached.address}${LIST_PATH}`, {
    authorization: `Bearer ${bigUncached.token}`,
  });
  line(`  the same with PIPEWRIGHT_LIST_CACHE=false`, largeUncached);
  await bigUncached.app.close();

  const run = (
    await app.inject({
      method: 'POST',
      url: `/api/pipelines/${pipelineIds[0]}/runs`,
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    })
  ).json();
  const events = JSON.stringify(
    Array.from({ length: 50 }, (_, i) => ({
      kind: 'log',
      stage: 'Build',
      data: `line ${i} of a build log\n`,
    })),
  );
  const ingest = await load(
    `${address}/api/runs/${run.id}/events`,
    { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    { method: 'POST', body: events, connections: 10 },
  );
  line('POST /api/runs/:id/events (50 events each)', ingest);

  console.log('');
  console.log(
    `list vs bare route:   ${((small.rps / baseline.rps) * 100).toFixed(0)}% of the req/s (target >= 50%), p99 ${small.p99} ms (target < 25 ms)`,
  );
  console.log(
    `  uncached:           ${((smallUncached.rps / baseline.rps) * 100).toFixed(0)}% of the req/s, p99 ${smallUncached.p99} ms`,
  );
  console.log(
    `list p50 at ${RUNS_LARGE.toLocaleString()} runs vs ${RUNS_SMALL.toLocaleString()}: ${(large.p50 / Math.max(small.p50, 1)).toFixed(2)}x cached, ${(largeUncached.p50 / Math.max(smallUncached.p50, 1)).toFixed(2)}x uncached (target <= 1.5x)`,
  );
  console.log(
    `event ingestion:      ${(ingest.rps * 50).toFixed(0)} events/s on SQLite, every batch fsynced (target >= 5,000)`,
  );
  await app.close();
  await bare.close();
}

void main();
