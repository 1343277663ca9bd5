/**
 * Service benchmark (npm run bench:service). Not a test: it asserts nothing and prints figures,
 * each next to a baseline measured in the same run.
 *
 * 1. Seeds 10,000 pipelines (bench/pipeline-catalogue.ts) and 10,000 runs into a fresh SQLite
 *    store and measures one fixed list page, cached and uncached, against a bare Fastify route
 *    that returns the same bytes.
 * 2. Grows the store to 1,000,000 runs and measures the fixed page again (its p50 should not
 *    move), then the list the way people use it: a mix of pages, sorts, filters and keyword
 *    searches from 20 users, list cache off, against a bare route that answers each request of
 *    the mix with the bytes the real route gave for it.
 *    The mix is measured on the in-memory list (the default), again while runs start at a steady
 *    rate, and from SQL (PIPEWRIGHT_LIST_INDEX=false); each also request by request in-process
 *    (inject), per kind of request.
 *    Each bare baseline is measured next to what it is compared with (again after the store grew;
 *    before and after the mix, whose ratios use the mean), as this machine's speed drifts.
 * 3. Measures run-event ingestion (POST /api/runs/:id/events, 50 events a request) on SQLite with
 *    synchronous=FULL, i.e. every acknowledged batch fsynced.
 */
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../service/app.js';
import { loadConfig, sqliteFile } from '../service/config.js';
import { insertCatalogue, listQueryMix, pipelineCatalogue } from './pipeline-catalogue.js';

const PIPELINES = 10_000;
const RUNS_SMALL = 10_000;
const RUNS_LARGE = Number(process.env.BENCH_RUNS ?? 1_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const USERS = 20;
const FAVORITES_PER_USER = 30;
/** Distinct requests in the mix, replayed in order by all connections together. */
const MIX_SIZE = 2_000;
const PASSWORD = 'bench-admin-password';
/** Page 3 of the list, newest runs first: 50 rows with their last run. */
const LIST_PATH = '/api/pipelines?limit=50&offset=100&sort=lastRunAt';

const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-bench-'));
const config = loadConfig({
  PIPEWRIGHT_DATA_DIR: dataDir,
  PIPEWRIGHT_ADMIN_PASSWORD: PASSWORD,
  PIPEWRIGHT_LOG_LEVEL: 'silent',
  PIPEWRIGHT_PORT: '0',
  // The seeded runs date from January: retention would delete them a minute into the run.
  PIPEWRIGHT_RETENTION_DAYS: '0',
});

async function startApp(listCache = true, listIndex = true) {
  const app = await buildApp({
    config: { ...config, PIPEWRIGHT_LIST_CACHE: listCache, PIPEWRIGHT_LIST_INDEX: listIndex },
    logger: false,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: PASSWORD },
  });
  return { app, address, token: login.json().token as string };
}

type App = Awaited<ReturnType<typeof startApp>>['app'];

/** Run numbers handed out so far, per pipeline, across both seeding rounds. */
const perPipeline = new Map<string, number>();

function openSeeding(): BetterSqlite3.Database {
  const db = new BetterSqlite3(sqliteFile(config));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // seeding only; the service itself runs with FULL
  return db;
}

/** Runs straight through better-sqlite3: a million rows through HTTP would measure the seeding. */
function seedRuns(fromRun: number, toRun: number, pipelineIds: string[], ownerId: string): void {
  const db = openSeeding();
  const insertRun = db.prepare(
    `INSERT INTO runs (id, pipeline_id, number, status, trigger, operator_id, remark, parameters, current_stage, rerun_of, queued_at, started_at, finished_at, event_seq)
     VALUES (?, ?, ?, ?, 'manual', ?, '', '{}', NULL, NULL, ?, ?, ?, 0)`,
  );
  const mirror = db.prepare(
    `UPDATE pipelines SET next_run_number = ?, last_run_id = ?, last_run_number = ?, last_run_status = ?, last_run_trigger = 'manual', last_run_started_at = ? WHERE id = ?`,
  );
  db.transaction(() => {
    for (let r = fromRun; r < toRun; r++) {
      // Spread over the pipelines out of name order, so "newest run first" is not name order.
      const pipelineId = pipelineIds[(r * 7919) % pipelineIds.length]!;
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

/** USERS viewers with a session each and FAVORITES_PER_USER favorites each. */
async function seedUsers(app: App, pipelineIds: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const user = await app.repos.users.create({ username: `user${u}`, role: 'viewer', passwordHash: 'x' });
    tokens.push((await app.repos.tokens.createSession(user.id)).token);
    for (let f = 0; f < FAVORITES_PER_USER; f++)
      await app.repos.pipelines.setFavorite(
        user.id,
        pipelineIds[(u * 331 + f * 97) % pipelineIds.length]!,
        true,
      );
  }
  return tokens;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Mean latency in ms: p50 and p99 come in whole milliseconds, too coarse for 1-2 ms pages. */
  mean: number;
  errors: number;
}

async function load(
  url: string,
  headers: Record<string, string>,
  options: Partial<autocannon.Options> = {},
): Promise<Figures> {
  // Warm up first (JIT, caches), so every target is measured in the same state.
  await autocannon({ url, headers, connections: 20, duration: 2, ...options });
  const result = await autocannon({ url, headers, connections: 20, duration: DURATION, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    errors: result.errors + result.non2xx,
  };
}

/** Autocannon options that send request k of a replayed list, k counting over all connections. */
function replay(request: (k: number) => { path: string; headers?: Record<string, string> }) {
  let k = 0;
  return {
    requests: [
      {
        setupRequest: (req: autocannon.Request) => ({ ...req, ...request(k++ % MIX_SIZE) }),
      },
    ],
  } as Partial<autocannon.Options>;
}

const line = (label: string, r: Figures) =>
  console.log(
    `${label.padEnd(52)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   errors ${r.errors}`,
  );

const percent = (r: Figures, baseline: Figures) => `${((r.rps / baseline.rps) * 100).toFixed(0)}%`;

/**
 * A bare Fastify route answering /same-bytes/k with bodies[k]: the floor for the same traffic.
 * The bodies are UTF-8 bytes made once, as the list route sends bytes: a string would be encoded
 * again for every response, which costs this baseline almost half its speed.
 */
async function bareRoute(bodies: string[]) {
  const bytes = bodies.map((body) => Buffer.from(body));
  const bare = Fastify();
  bare.get<{ Params: { k: string } }>('/same-bytes/:k', async (request, reply) =>
    reply.type('application/json; charset=utf-8').send(bytes[Number(request.params.k)]),
  );
  return { bare, address: await bare.listen({ host: '127.0.0.1', port: 0 }) };
}

type Injectable = { inject: App['inject'] };

const WRITES_PER_SECOND = 20;

/** Starts runs of random pipelines through the repositories, WRITES_PER_SECOND of them, until stopped. */
function constantWrites(app: App, pipelineIds: string[], operatorId: string) {
  let started = 0;
  let k = 0;
  const timer = setInterval(() => {
    const pipelineId = pipelineIds[(k++ * 4099) % pipelineIds.length]!;
    void app.repos.runs.create(pipelineId, { trigger: 'api', operatorId }).then(() => started++);
  }, 1000 / WRITES_PER_SECOND);
  return {
    async stop() {
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 100));
      return started;
    },
  };
}

/**
 * What each request of the mix costs the process alone, without sockets or a client: the fastest
 * of 5 `inject` calls per request (so other load on the machine drops out), averaged per kind of
 * request, beside the same for the bare route answering the same bytes.
 */
async function perRequestCosts(
  app: Injectable,
  bare: Injectable,
  mix: string[],
  headers: (k: number) => Record<string, string>,
) {
  const fastest = async (call: () => Promise<unknown>) => {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const start = process.hrtime.bigint();
      await call();
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    }
    return best;
  };
  const kinds = new Map<string, { route: number; bare: number; n: number }>();
  for (const [k, path] of mix.entries()) {
    const filtered = /&(group|status|trigger|favorite)=/.test(path);
    const kind = path.includes('q=')
      ? filtered
        ? 'keyword and filter'
        : 'keyword'
      : filtered
        ? 'filter'
        : 'plain page';
    const sums = kinds.get(kind) ?? { route: 0, bare: 0, n: 0 };
    sums.route += await fastest(() => app.inject({ method: 'GET', url: path, headers: headers(k) }));
    sums.bare += await fastest(() => bare.inject({ method: 'GET', url: `/same-bytes/${k}` }));
    sums.n += 1;
    kinds.set(kind, sums);
  }
  const all = [...kinds.values()].reduce((a, b) => ({
    route: a.route + b.route,
    bare: a.bare + b.bare,
    n: a.n + b.n,
  }));
  for (const [kind, sums] of [...kinds, ['all', all] as const])
    console.log(
      `  ${kind.padEnd(20)} ${String(sums.n).padStart(5)} requests  route ${(sums.route / sums.n).toFixed(3)} ms  bare ${(sums.bare / sums.n).toFixed(3)} ms  (bare/route ${((sums.bare / sums.route) * 100).toFixed(0)}%)`,
    );
}

async function main(): Promise<void> {
  let { app, address, token } = await startApp();
  const owner = (
    await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })
  ).json().id as string;
  await app.close();
  const catalogue = pipelineCatalogue(PIPELINES);
  const pipelineIds = catalogue.map((p) => p.id);
  const seeding = openSeeding();
  insertCatalogue(seeding, catalogue, owner);
  seeding.close();
  seedRuns(0, RUNS_SMALL, pipelineIds, owner);
  ({ app, address, token } = await startApp());
  const tokens = await seedUsers(app, pipelineIds);
  const auth = { authorization: `Bearer ${token}` };
  const body = (await app.inject({ method: 'GET', url: LIST_PATH, headers: auth })).body;
  const single = await bareRoute([body]);

  console.log(
    `${PIPELINES} pipelines, ${USERS} users; fixed page ${Buffer.byteLength(body)} bytes; ${DURATION} s per measurement, 20 connections\n`,
  );
  const baseline = await load(`${single.address}/same-bytes/0`, {});
  line('bare Fastify route, same bytes  [baseline]', baseline);
  const small = await load(`${address}${LIST_PATH}`, auth);
  line(`GET fixed page at ${RUNS_SMALL.toLocaleString()} runs`, small);
  await app.close();
  const uncached = await startApp(false);
  const smallUncached = await load(`${uncached.address}${LIST_PATH}`, {
    authorization: `Bearer ${uncached.token}`,
  });
  line(`  the same with PIPEWRIGHT_LIST_CACHE=false`, smallUncached);
  await uncached.app.close();

  const started = Date.now();
  seedRuns(RUNS_SMALL, RUNS_LARGE, pipelineIds, owner);
  console.log(
    `\n(seeded up to ${RUNS_LARGE.toLocaleString()} runs in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  ({ app, address, token } = await startApp());
  const large = await load(`${address}${LIST_PATH}`, { authorization: `Bearer ${token}` });
  line(`GET fixed page at ${RUNS_LARGE.toLocaleString()} runs`, large);
  const bigUncached = await startApp(false);
  const largeUncached = await load(`${bigUncached.address}${LIST_PATH}`, {
    authorization: `Bearer ${bigUncached.token}`,
  });
  line(`  the same with PIPEWRIGHT_LIST_CACHE=false`, largeUncached);
  // Measured again next to the rows it is compared with: this machine's speed drifts over minutes.
  const baselineLarge = await load(`${single.address}/same-bytes/0`, {});
  line('bare Fastify route, same bytes, again  [baseline]', baselineLarge);

  // The mix: request k is query mix[k] by user k % USERS; its bytes are recorded first.
  const mix = listQueryMix(catalogue, MIX_SIZE);
  const mixHeaders = (k: number) => ({ authorization: `Bearer ${tokens[k % USERS]}` });
  const bodies: string[] = [];
  let bytes = 0;
  for (const [k, path] of mix.entries()) {
    const res = await bigUncached.app.inject({ method: 'GET', url: path, headers: mixHeaders(k) });
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}: ${res.body}`);
    bodies.push(res.body);
    bytes += res.rawPayload.length;
  }
  const mixBare = await bareRoute(bodies);
  console.log(
    `\nvaried mix: ${MIX_SIZE} requests (${mix.filter((p) => p.includes('q=')).length} keyword searches), ${(bytes / MIX_SIZE / 1024).toFixed(1)} KB a response on average`,
  );
  const mixBaseline = await load(
    mixBare.address,
    {},
    replay((k) => ({ path: `/same-bytes/${k}` })),
  );
  line('bare Fastify route, same bytes per request  [baseline]', mixBaseline);
  const varied = await load(
    bigUncached.address,
    {},
    replay((k) => ({ path: mix[k]!, headers: mixHeaders(k) })),
  );
  line('GET the varied mix, PIPEWRIGHT_LIST_CACHE=false', varied);
  // Runs start all the time on a busy installation: each one changes its pipeline's row, which
  // the index reloads before the next read answers.
  const writes = constantWrites(bigUncached.app, pipelineIds, owner);
  const variedWriting = await load(
    bigUncached.address,
    {},
    replay((k) => ({ path: mix[k]!, headers: mixHeaders(k) })),
  );
  const written = await writes.stop();
  line(`  the same while ${WRITES_PER_SECOND} runs/s start`, variedWriting);
  console.log(`  (${written} runs started during the measurements)`);
  const mixBaselineAfter = await load(
    mixBare.address,
    {},
    replay((k) => ({ path: `/same-bytes/${k}` })),
  );
  line('bare Fastify route, same bytes per request, again  [baseline]', mixBaselineAfter);
  // The ratios use the mean of the baselines measured before and after: drift cancels out.
  const mixBaselineMean = { ...mixBaseline, rps: (mixBaseline.rps + mixBaselineAfter.rps) / 2 };
  console.log('\nper request of the mix, in-process (fastest of 5 inject calls each):');
  await perRequestCosts(bigUncached.app, mixBare.bare, mix, mixHeaders);
  await bigUncached.app.close();
  const sqlList = await startApp(false, false);
  const variedSql = await load(
    sqlList.address,
    {},
    replay((k) => ({ path: mix[k]!, headers: mixHeaders(k) })),
  );
  line('  the same from SQL, PIPEWRIGHT_LIST_INDEX=false', variedSql);
  console.log('\nper request of the mix from SQL, in-process:');
  await perRequestCosts(sqlList.app, mixBare.bare, mix, mixHeaders);
  await sqlList.app.close();
  await mixBare.bare.close();

  // Events come only from a run's own executor: a build hands its credential over and waits.
  const tokenDir = mkdtempSync(join(tmpdir(), 'pipewright-bench-token-'));
  chmodSync(tokenDir, 0o777); // builds run as an unprivileged user when the bench runs as root
  const ingestPipeline = (
    await app.inject({
      method: 'POST',
      url: '/api/pipelines',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        name: 'bench-ingest',
        stages: [
          {
            name: 'Build',
            steps: [
              {
                sh: `printf %s "$PIPEWRIGHT_RUN_TOKEN" > ${tokenDir}/t.tmp && mv ${tokenDir}/t.tmp ${tokenDir}/t`,
              },
            ],
          },
          { name: 'Hold', gate: { message: 'hold' }, steps: [{ echo: 'done' }] },
        ],
      },
    })
  ).json();
  const run = (
    await app.inject({
      method: 'POST',
      url: `/api/pipelines/${ingestPipeline.id}/runs`,
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    })
  ).json();
  for (let i = 0; i < 400 && !existsSync(join(tokenDir, 't')); i++)
    await new Promise((r) => setTimeout(r, 50));
  const runToken = readFileSync(join(tokenDir, 't'), 'utf8');
  // Every request carries new event ids: a replayed id would be skipped, not stored.
  let batch = 0;
  const events = (n: number) =>
    JSON.stringify(
      Array.from({ length: 50 }, (_, i) => ({
        id: `bench-${n}-${i}`,
        type: 'log',
        stage: 'Build',
        text: `line ${i} of a build log\n`,
      })),
    );
  const ingest = await load(
    `${address}/api/runs/${run.id}/events`,
    { authorization: `Bearer ${runToken}`, 'content-type': 'application/json' },
    {
      method: 'POST',
      connections: 10,
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: events(batch++) }) }],
    },
  );
  line('POST /api/runs/:id/events (50 events each)', ingest);

  console.log('');
  console.log(
    `varied list, cache off, ${RUNS_LARGE.toLocaleString()} runs: ${percent(varied, mixBaselineMean)} of the bare route's req/s (target >= 40%), p99 ${varied.p99} ms (target < 25 ms)`,
  );
  console.log(
    `  while ${WRITES_PER_SECOND} runs/s start: ${percent(variedWriting, mixBaselineMean)}, p99 ${variedWriting.p99} ms; from SQL (PIPEWRIGHT_LIST_INDEX=false): ${percent(variedSql, mixBaselineMean)}, p99 ${variedSql.p99} ms`,
  );
  console.log(
    `fixed page, cached:     ${percent(small, baseline)} of the req/s, p99 ${small.p99} ms; at ${RUNS_LARGE.toLocaleString()} runs ${percent(large, baselineLarge)}, p99 ${large.p99} ms`,
  );
  console.log(
    `fixed page, cache off:  ${percent(smallUncached, baseline)} of the req/s, p99 ${smallUncached.p99} ms; at ${RUNS_LARGE.toLocaleString()} runs ${percent(largeUncached, baselineLarge)}, p99 ${largeUncached.p99} ms`,
  );
  console.log(
    `list p50 at ${RUNS_LARGE.toLocaleString()} runs vs ${RUNS_SMALL.toLocaleString()}: ${(large.p50 / Math.max(small.p50, 1)).toFixed(2)}x cached, ${(largeUncached.p50 / Math.max(smallUncached.p50, 1)).toFixed(2)}x uncached (target <= 1.5x; whole ms); mean latency ${(large.mean / small.mean).toFixed(2)}x cached, ${(largeUncached.mean / smallUncached.mean).toFixed(2)}x uncached`,
  );
  console.log(
    `event ingestion:        ${(ingest.rps * 50).toFixed(0)} events/s on SQLite, every batch fsynced (target >= 5,000)`,
  );
  await app.close();
  await single.bare.close();
}

void main();
