import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../service/app.js';
import { loadConfig } from '../../../service/config.js';
import { redactUrl } from '../../../service/log-options.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Builds the app on a fresh data directory with every log line (debug and up) kept in memory. */
async function appWithLog(env: Record<string, string> = {}) {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'pipewright-secrets-')), 'data');
  // An existing, world-readable data directory, as an older install left it.
  mkdirSync(dataDir, { mode: 0o755 });
  const lines: string[] = [];
  const config = loadConfig({ PIPEWRIGHT_DATA_DIR: dataDir, PIPEWRIGHT_LOG_LEVEL: 'debug', ...env });
  const app = await buildApp({ config, logStream: { write: (line: string) => void lines.push(line) } });
  return { app, dataDir, log: () => lines.join('') };
}

describe('secrets stay out of stdout, logs and other users’ reach', () => {
  it('writes the generated admin password to a 0600 file, and removes it once the password is changed', async () => {
    const { app, dataDir, log } = await appWithLog();
    const file = join(dataDir, 'initialAdminPassword');
    expect(app.initialAdminPasswordFile).toBe(file);
    expect(mode(file)).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password },
    });
    expect(login.statusCode).toBe(200);
    const admin = login.json();
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/users/${admin.user.id}`,
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { password: 'the-admins-own-choice' },
    });
    expect(changed.statusCode).toBe(200);
    expect(existsSync(file)).toBe(false);
    expect(log()).not.toContain(password);
    await app.close();
  });

  it('keeps the data directory 0700 and the SQLite files 0600', async () => {
    const { app, dataDir } = await appWithLog({ PIPEWRIGHT_ADMIN_PASSWORD: 'chosen-admin-password' });
    // A write, so the write-ahead log exists too.
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'chosen-admin-password' },
    });
    expect(mode(dataDir)).toBe(0o700);
    for (const file of ['pipewright.sqlite', 'pipewright.sqlite-wal', 'pipewright.sqlite-shm'])
      expect(mode(join(dataDir, file)), file).toBe(0o600);
    expect(existsSync(join(dataDir, 'initialAdminPassword'))).toBe(false);
    await app.close();
  });

  it('writes no password or token into the log of a session that uses them every way', async () => {
    const metricsToken = 'metrics-token-0123456789abcdef';
    const { app, log } = await appWithLog({
      PIPEWRIGHT_ADMIN_PASSWORD: 'admin-secret-password',
      PIPEWRIGHT_METRICS_TOKEN: metricsToken,
    });
    const call = (token: string | null, options: InjectOptions) =>
      app.inject({ ...options, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    const secrets = [
      'admin-secret-password',
      'wrong-guess-password',
      'user-first-password',
      'user-second-password',
    ];
    expect(
      (
        await call(null, {
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'admin', password: 'wrong-guess-password' },
        })
      ).statusCode,
    ).toBe(401);
    const session = (
      await call(null, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'admin-secret-password' },
      })
    ).json().token as string;
    const apiToken = (
      await call(session, { method: 'POST', url: '/api/me/tokens', payload: { name: 'ci' } })
    ).json().token as string;
    const user = (
      await call(session, {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'someone', role: 'viewer', password: 'user-first-password' },
      })
    ).json();
    await call(session, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { password: 'user-second-password' },
    });
    // A token in the query string is refused, and must not reach the log with the URL.
    for (const url of [
      `/api/me?token=${apiToken}`,
      `/api/me?access_token=${session}`,
      `/api/pipelines?q=${apiToken}`,
    ])
      expect((await call(null, { method: 'GET', url })).statusCode).toBe(401);
    expect((await call(apiToken, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    expect((await call(metricsToken, { method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    await app.close();

    const text = log();
    // The log did record these requests: the check below looks at real lines.
    expect(text).toContain('/api/me?token=[REDACTED]');
    expect(text).toContain('/api/pipelines?q=[REDACTED]');
    for (const secret of [...secrets, session, apiToken, metricsToken]) expect(text).not.toContain(secret);
  });
});

describe('URL redaction', () => {
  it('hides secret-named query values and anything shaped like a token, keeping the rest', () => {
    expect(redactUrl('/api/x?limit=5&api_key=abc&Password=p&q=hello')).toBe(
      '/api/x?limit=5&api_key=[REDACTED]&Password=[REDACTED]&q=hello',
    );
    expect(redactUrl('/api/runs/pwt_abcdefghijklmnop/logs')).toBe('/api/runs/[REDACTED]/logs');
    expect(redactUrl('/api/x?%74oken=1')).toBe('/api/x?%74oken=[REDACTED]');
  });
});
