import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../service/app.js';
import { loadConfig } from '../../service/config.js';
import { runIdOfUrl } from '../../service/log-options.js';

const PASSWORD = 'admin-password-for-log-tests';

describe('log lines for ELK', () => {
  it('finds the run id in run routes only', () => {
    expect(runIdOfUrl('/api/runs/0b6e0a4e-5c1f-4f55-9b36-1e0ed0c3a2d1/logs?after=3')).toBe(
      '0b6e0a4e-5c1f-4f55-9b36-1e0ed0c3a2d1',
    );
    expect(runIdOfUrl('/api/runs/abc')).toBe('abc');
    expect(runIdOfUrl('/api/runs')).toBeNull();
    expect(runIdOfUrl('/api/pipelines/abc/runs')).toBeNull();
    expect(runIdOfUrl(undefined)).toBeNull();
  });

  it('GIVEN a run WHEN it changes status and is read THEN every line is JSON with its request id, and the lines about the run carry its runId', async () => {
    const lines: string[] = [];
    const config = loadConfig({
      PIPEWRIGHT_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'pipewright-logs-')), 'data'),
      PIPEWRIGHT_ADMIN_PASSWORD: PASSWORD,
      PIPEWRIGHT_LOG_LEVEL: 'info',
    });
    const app = await buildApp({ config, logStream: { write: (line: string) => void lines.push(line) } });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: PASSWORD },
      });
      const headers = { authorization: `Bearer ${login.json().token}` };
      const pipeline = await app.inject({
        method: 'POST',
        url: '/api/pipelines',
        headers,
        payload: { name: 'logged', stages: [{ name: 'Build', steps: [{ sh: 'true' }] }] },
      });
      const run = (
        await app.inject({
          method: 'POST',
          url: `/api/pipelines/${pipeline.json().id}/runs`,
          headers,
          payload: {},
        })
      ).json();
      for (let i = 0; i < 400; i++) {
        const read = await app.inject({ method: 'GET', url: `/api/runs/${run.id}`, headers });
        if (read.json().status === 'success') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const reads = records.filter(
        (r) => (r.req as { url?: string } | undefined)?.url === `/api/runs/${run.id}`,
      );
      expect(reads.length).toBeGreaterThan(0);
      for (const read of reads) expect(read).toMatchObject({ runId: run.id, reqId: expect.any(String) });
      const completed = records.filter((r) => r.msg === 'request completed' && r.runId === run.id);
      expect(completed.length).toBeGreaterThan(0);
      expect(
        records.filter((r) => r.msg === 'run status changed' && r.runId === run.id).map((r) => r.status),
      ).toEqual(['running', 'success']);
      // Lines of other requests carry no run id.
      const logins = records.filter(
        (r) => (r.req as { url?: string } | undefined)?.url === '/api/auth/login',
      );
      expect(logins.length).toBeGreaterThan(0);
      for (const l of logins) expect(l.runId).toBeUndefined();
      for (const r of records)
        expect(r).toMatchObject({
          level: expect.any(Number),
          time: expect.any(Number),
          msg: expect.any(String),
        });
    } finally {
      await app.close();
    }
  });
});
