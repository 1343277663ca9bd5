import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServiceProcess } from '../support/service-process.js';

const PASSWORD = 'replica-admin-password';

interface Replica {
  base: string;
  process: ChildProcess;
}

const until = async <T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const UNITS = ['retention', 'run-recovery', 'plan-run-recovery', 'webhook-delivery-prune'];

/** pipewright_background_work_owned per unit on one replica (1 when it owns the unit). */
async function owned(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^pipewright_background_work_owned\{unit="([^"]+)"\} (\d+)/gm))
    out[m[1]!] = Number(m[2]);
  return out;
}

/** How many of these replicas own each unit. */
async function owners(bases: string[]): Promise<Record<string, number>> {
  const all = await Promise.all(bases.map(owned));
  return Object.fromEntries(UNITS.map((u) => [u, all.reduce((n, o) => n + (o[u] ?? 0), 0)]));
}

/**
 * Two real service processes on one PostgreSQL database, as a Deployment with two replicas
 * runs them: they start together, share sessions, see each other's writes at once, number
 * runs without gaps or repeats, and do each unit of background work exactly once.
 */
describe('two service replicas on one PostgreSQL', () => {
  const adminUrl = process.env.PIPEWRIGHT_TEST_DATABASE_URL;
  const database = `pw_replicas_${randomBytes(4).toString('hex')}`;
  let replicas: Replica[] = [];
  let token = '';

  const call = async (r: Replica, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${r.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, text };
  };

  const start = async (): Promise<Replica> => {
    if (!adminUrl)
      throw new Error('PIPEWRIGHT_TEST_DATABASE_URL is not set: run the tests through scripts/test.sh');
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-replica-'));
    const child = await startServiceProcess(port, {
      PIPEWRIGHT_DATA_DIR: dataDir,
      PIPEWRIGHT_DATABASE_URL: url.toString(),
      PIPEWRIGHT_ADMIN_PASSWORD: PASSWORD,
    });
    return { base: `http://127.0.0.1:${port}`, process: child };
  };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // Together, as a Deployment starts them: migrations and the first admin must not collide.
    replicas = await Promise.all([start(), start()]);
    const login = await fetch(`${replicas[0]!.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    token = ((await login.json()) as { token: string }).token;
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) r.process.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('accepts a session made on one replica on the other', async () => {
    const [a, b] = replicas as [Replica, Replica];
    expect((await call(a, 'GET', '/api/me')).status).toBe(200);
    expect((await call(b, 'GET', '/api/me')).json.username).toBe('admin');
  });

  it("shows one replica's write through the other at once, though the other caches its list", async () => {
    const [a, b] = replicas as [Replica, Replica];
    // B has the empty list cached (asked twice)...
    for (let i = 0; i < 2; i++)
      expect((await call(b, 'GET', '/api/pipelines?q=coherent')).json.items).toEqual([]);
    // ...when A creates a pipeline
    const created = await call(a, 'POST', '/api/templates/test-build/pipelines', {
      name: 'coherent',
      local: true,
      testCommand: 'true',
      buildCommand: 'true',
    });
    expect(created.status).toBe(201);
    await until(
      async () => {
        const items = (await call(b, 'GET', '/api/pipelines?q=coherent')).json.items as unknown[];
        return items.length === 1 ? true : undefined;
      },
      "B to list the pipeline A created (well inside the list cache's 60 s lifetime, so B heard of the write)",
      20_000,
    );
  });

  it('numbers 100 concurrent triggers spread over both replicas 1..100', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const created = await call(a, 'POST', '/api/templates/test-build/pipelines', {
      name: 'numbered',
      local: true,
      testCommand: 'true',
      buildCommand: 'true',
    });
    const id = created.json.id as string;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(i % 2 ? b : a, 'POST', `/api/pipelines/${id}/runs`, {})),
    );
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const numbers = results.map((r) => r.json.number as number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const listed = await until(
      async () => {
        const page = (await call(b, 'GET', `/api/pipelines/${id}/runs?limit=100`)).json;
        return page.items.every((r: { status: string }) => ['success', 'failed'].includes(r.status))
          ? page
          : undefined;
      },
      'all 100 runs to finish',
      120_000,
    );
    expect(listed.total).toBe(100);
    expect(listed.items.every((r: { status: string }) => r.status === 'success')).toBe(true);
  }, 180_000);

  it('does each unit of background work on exactly one replica', async () => {
    const bases = replicas.map((r) => r.base);
    // Replicas ask for units every 2 s: wait until every unit has its owner.
    const counts = await until(async () => {
      const c = await owners(bases);
      return UNITS.every((u) => c[u]! >= 1) ? c : undefined;
    }, 'every unit to have an owner');
    expect(counts).toEqual(Object.fromEntries(UNITS.map((u) => [u, 1])));
    // And the work itself runs on the owner only: run recovery passes every 10 s.
    const passes = async (base: string) =>
      Number(
        /^pipewright_background_work_passes_total\{unit="run-recovery"\} (\d+)/m.exec(
          await (await fetch(`${base}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const ownerIndex = (await Promise.all(bases.map(owned))).findIndex((o) => o['run-recovery'] === 1);
    await until(
      async () => ((await passes(bases[ownerIndex]!)) >= 2 ? true : undefined),
      'two passes of run recovery on its owner',
      40_000,
    );
    for (const [i, base] of bases.entries()) if (i !== ownerIndex) expect(await passes(base)).toBe(0);
  }, 60_000);

  it("leaves the other replica's runs alone while it lives, and interrupts them once it is killed", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const created = await call(a, 'POST', '/api/pipelines', {
      name: 'long-on-a',
      stages: [{ name: 'Wait', steps: [{ sh: 'sleep 120' }] }],
    });
    expect(created.status).toBe(201);
    const run = (await call(a, 'POST', `/api/pipelines/${created.json.id}/runs`, {})).json;
    await until(
      async () =>
        (await call(b, 'GET', `/api/runs/${run.id}`)).json.status === 'running' ? true : undefined,
      'the run to start on A',
    );
    // B starts up (a new replica joining): A's run is not B's to interrupt
    const joined = await start();
    replicas.push(joined);
    expect((await call(b, 'GET', `/api/runs/${run.id}`)).json.status).toBe('running');
    // WHEN A dies without warning
    a.process.kill('SIGKILL');
    // THEN the replica that owns run recovery ends A's run as interrupted
    const ended = await until(
      async () => {
        const now = (await call(b, 'GET', `/api/runs/${run.id}`)).json;
        return now.status === 'running' ? undefined : now;
      },
      "A's run to be interrupted by another replica",
      60_000,
    );
    expect(ended.status).toBe('interrupted');
    // ...and whatever A owned moved: every unit has exactly one owner among those left.
    const left = replicas.filter((r) => r !== a).map((r) => r.base);
    const counts = await until(async () => {
      const c = await owners(left);
      return UNITS.every((u) => c[u] === 1) ? c : undefined;
    }, "A's units to move to the replicas left");
    expect(counts).toEqual(Object.fromEntries(UNITS.map((u) => [u, 1])));
  }, 120_000);
});
