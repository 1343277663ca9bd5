import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesWithCookies } from '../../service/executor/process-cookies.js';
import { freePort, startServiceProcess } from '../support/service-process.js';

const PASSWORD = 'durability-admin-password';

/** Starts the real service process (server.ts) on SQLite in `dataDir`. */
const startService = (dataDir: string, port: number) =>
  startServiceProcess(port, { PIPEWRIGHT_DATA_DIR: dataDir, PIPEWRIGHT_ADMIN_PASSWORD: PASSWORD });

describe('durability', () => {
  it('keeps every acknowledged run event when the process is killed with SIGKILL mid-write', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-durability-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let service = await startService(dataDir, port);
    const json = { 'content-type': 'application/json' };
    const login = async () =>
      (
        await (
          await fetch(`${base}/api/auth/login`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ username: 'admin', password: PASSWORD }),
          })
        ).json()
      ).token as string;
    let auth = { ...json, authorization: `Bearer ${await login()}` };
    // The build hands its own run credential to the test, as pipewrightNotify would use it.
    const tokenDir = mkdtempSync(join(tmpdir(), 'pipewright-token-'));
    chmodSync(tokenDir, 0o777); // builds run as an unprivileged user when the tests run as root
    const tokenFile = join(tokenDir, 'token');
    const pipeline = await (
      await fetch(`${base}/api/pipelines`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          name: 'durable',
          stages: [
            {
              name: 'Wait',
              steps: [
                {
                  sh: `printf %s "$PIPEWRIGHT_RUN_TOKEN" > ${tokenFile}.tmp; mv ${tokenFile}.tmp ${tokenFile}; sleep 60`,
                },
              ],
            },
          ],
        }),
      })
    ).json();
    const run = await (
      await fetch(`${base}/api/pipelines/${pipeline.id}/runs`, { method: 'POST', headers: auth, body: '{}' })
    ).json();
    for (let i = 0; i < 200 && !existsSync(tokenFile); i++) await new Promise((r) => setTimeout(r, 50));
    const executorAuth = { ...json, authorization: `Bearer ${readFileSync(tokenFile, 'utf8')}` };

    // GIVEN eight clients writing batches of log events as fast as the service acknowledges them
    const acknowledged: string[] = [];
    let stop = false;
    const client = async (c: number) => {
      for (let i = 0; !stop; i++) {
        const batch = Array.from({ length: 5 }, (_, j) => ({
          id: `c${c}-${i}-${j}`,
          type: 'log',
          stage: 'Wait',
          text: `c${c}-${i}-${j}\n`,
        }));
        try {
          const res = await fetch(`${base}/api/runs/${run.id}/events`, {
            method: 'POST',
            headers: executorAuth,
            body: JSON.stringify(batch),
          });
          if (res.status === 201) acknowledged.push(...batch.map((e) => e.text));
        } catch {
          return; // the service is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));
    // WHEN the process is killed without warning while they write
    // Count, not time: on a loaded machine the first hundreds of acknowledgements take a while.
    const deadline = Date.now() + 60_000;
    while (acknowledged.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    service.kill('SIGKILL');
    await new Promise((r) => service.once('exit', r));
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThan(100);

    // THEN after a restart every acknowledged event is there, and the run is not left "running"
    service = await startService(dataDir, port);
    try {
      auth = { ...json, authorization: `Bearer ${await login()}` };
      const present = new Set<string>();
      for (let after = 0; ;) {
        const page = (await (
          await fetch(`${base}/api/runs/${run.id}/logs?stage=Wait&after=${after}`, { headers: auth })
        ).json()) as { seq: number; data: string }[];
        if (page.length === 0) break;
        for (const e of page) present.add(e.data);
        after = page[page.length - 1]!.seq;
      }
      const lost = acknowledged.filter((d) => !present.has(d));
      expect(lost).toEqual([]);
      console.log(
        `durability: ${acknowledged.length} acknowledged events, all ${present.size >= acknowledged.length ? 'present' : 'checked'} after SIGKILL`,
      );
      const after = await (await fetch(`${base}/api/runs/${run.id}`, { headers: auth })).json();
      expect(after.status).toBe('interrupted');
      expect(after.stages.map((st: { status: string }) => st.status)).toEqual(['interrupted']);
      // The build process of the interrupted run (sleep 60) was ended at start-up.
      expect([...processesWithCookies().values()]).not.toContain(run.id);
    } finally {
      service.kill('SIGKILL');
    }
  }, 180_000);
});
