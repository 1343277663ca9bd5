import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../service/app.js';
import { ConfigError, loadConfig } from '../../service/config.js';
import { useService } from '../support/service.js';

describe('start-up', () => {
  const service = useService();

  it('checks the environment at boot and names every bad variable', () => {
    expect(loadConfig({}).PIPEWRIGHT_PORT).toBe(8080);
    expect(loadConfig({ PIPEWRIGHT_PORT: '9090' }).PIPEWRIGHT_PORT).toBe(9090);
    let error: unknown;
    try {
      loadConfig({
        PIPEWRIGHT_PORT: 'eighty',
        PIPEWRIGHT_DATABASE_URL: 'mysql://x',
        PIPEWRIGHT_ADMIN_PASSWORD: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines.map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual(
      expect.arrayContaining([
        '[PIPEWRIGHT_PORT]',
        '[PIPEWRIGHT_DATABASE_URL]',
        '[PIPEWRIGHT_ADMIN_PASSWORD]',
      ]),
    );
  });

  it('stops with one line and exit 2 on a busy port, before creating the database or the admin', async () => {
    // GIVEN something already listening on the port
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-busy-'));
    try {
      // WHEN the real server process starts on it
      const child = spawn(process.execPath, ['--import', 'tsx', 'service/server.ts'], {
        cwd: new URL('../../', import.meta.url).pathname,
        env: { ...process.env, PIPEWRIGHT_DATA_DIR: dataDir, PIPEWRIGHT_PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      // THEN it says so in one line, exits 2, prints no password and leaves the data directory empty
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toEqual([
        `pipewright: port 127.0.0.1:${port} is already in use; stop what holds it or set PIPEWRIGHT_PORT to another port`,
      ]);
      expect(stdout).not.toContain('password');
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      holder.close();
    }
  }, 60_000);

  it('creates the admin with a generated password once, and seeds the built-in templates', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-start-'));
    const config = loadConfig({ PIPEWRIGHT_DATA_DIR: dataDir, PIPEWRIGHT_LOG_LEVEL: 'silent' });
    const first = await buildApp({ config, logger: false });
    expect(first.initialAdminPasswordFile).toBe(join(dataDir, 'initialAdminPassword'));
    const password = readFileSync(first.initialAdminPasswordFile!, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const login = await first.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password },
    });
    expect(login.statusCode).toBe(200);
    const templates = (
      await first.inject({
        method: 'GET',
        url: '/api/templates',
        headers: { authorization: `Bearer ${login.json().token}` },
      })
    ).json();
    expect(
      templates
        .filter((t: { builtIn: boolean }) => t.builtIn)
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual(['custom', 'test-build', 'test-build-image', 'test-build-image-deploy']);
    await first.close();
    // The second start over the same data keeps the account and writes no new password.
    const second = await buildApp({ config, logger: false });
    expect(second.initialAdminPasswordFile).toBeNull();
    expect(
      (
        await second.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'admin', password },
        })
      ).statusCode,
    ).toBe(200);
    await second.close();
  });

  it('serves health, readiness, Prometheus metrics and the OpenAPI document', async () => {
    const s = service();
    expect((await s.call(null, { method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await s.call(null, { method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines' });
    const metrics = await s.call(null, { method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /pipewright_http_request_duration_seconds_count\{method="GET",route="\/api\/pipelines",status="200"\} \d+/,
    );
    const ui = await s.call(null, { method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const openapi = (await s.call(null, { method: 'GET', url: '/docs/json' })).json();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/pipelines',
        '/api/pipelines/{id}/runs',
        '/api/runs/{runId}/gates/{stage}',
      ]),
    );
  });
});
