import { Migrator, sql, type MigrationProvider } from 'kysely';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdminCli } from '../../../service/admin-cli.js';
import { buildApp } from '../../../service/app.js';
import { passwordDerivations } from '../../../service/auth/passwords.js';
import { loadConfig } from '../../../service/config.js';
import { MIGRATIONS } from '../../../service/db/migrations.js';
import { migrate, openDatabase } from '../../../service/db/open-database.js';
import { DATABASE_KINDS, freshDatabaseOptions } from '../../support/databases.js';
import { ADMIN_PASSWORD, PASSWORD, useService, type TestService } from '../../support/service.js';

const login = (s: TestService, username: string, password: string, remoteAddress?: string) =>
  s.call(null, {
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });

async function createUser(s: TestService, username: string, role = 'viewer') {
  const res = await s.call(s.tokens.admin, {
    method: 'POST',
    url: '/api/users',
    payload: { username, role, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; username: string };
}

describe('a password change or reset ends the sessions and tokens of the account', () => {
  const service = useService();

  it('kills the old session and API token when an admin resets the password', async () => {
    const s = service();
    const user = await createUser(s, 'reset-me');
    const session = (await login(s, 'reset-me', PASSWORD)).json().token;
    const apiToken = (
      await s.call(session, { method: 'POST', url: '/api/me/tokens', payload: { name: 'ci' } })
    ).json().token;
    for (const token of [session, apiToken])
      expect((await s.call(token, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    const reset = await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { password: 'a-brand-new-password' },
    });
    expect(reset.statusCode).toBe(200);
    for (const token of [session, apiToken])
      expect((await s.call(token, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await login(s, 'reset-me', 'a-brand-new-password')).statusCode).toBe(200);
  });

  it('kills them on the user’s own change too, handing back one fresh session', async () => {
    const s = service();
    await createUser(s, 'changes-own');
    const session = (await login(s, 'changes-own', PASSWORD)).json().token;
    const wrong = await s.call(session, {
      method: 'PUT',
      url: '/api/me/password',
      payload: { currentPassword: 'not-it', newPassword: 'my-next-password' },
    });
    expect(wrong.statusCode).toBe(403);
    const changed = await s.call(session, {
      method: 'PUT',
      url: '/api/me/password',
      payload: { currentPassword: PASSWORD, newPassword: 'my-next-password' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers['cache-control']).toBe('no-store');
    expect((await s.call(session, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await s.call(changed.json().token, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
  });
});

describe('login rate limits and equal work for unknown users', () => {
  // An hour's window: under load 51 scrypt logins may take longer than a minute, and the limit
  // must not reset halfway. Fewer than the limit per hour is fewer per minute too.
  const service = useService('sqlite', {
    PIPEWRIGHT_LOGIN_LIMIT_PER_ADDRESS: '20',
    PIPEWRIGHT_LOGIN_LIMIT_WINDOW_SECONDS: '3600',
  });

  it(
    'answers 401 to 50 wrong passwords in a minute and refuses the 51st, logging the lockout',
    { timeout: 600_000 },
    async () => {
      const s = service();
      await createUser(s, 'guessed');
      // Spread over addresses, as 20 parallel guessers would be: the per-user limit still holds.
      const codes: number[] = [];
      for (let i = 0; i < 51; i++)
        codes.push((await login(s, 'guessed', `guess-${i}`, `192.0.2.${i % 20}`)).statusCode);
      expect(codes.slice(0, 50)).toEqual(Array(50).fill(401));
      expect(codes[50]).toBe(429);
      // Locked means locked: the right password is refused too until the minute is over.
      const right = await login(s, 'GUESSED', PASSWORD, '192.0.2.99');
      expect(right.statusCode).toBe(429);
      expect(right.json().code).toBe('LOGIN_LOCKED');
      const log = (
        await s.call(s.tokens.admin, { method: 'GET', url: '/api/login-log?username=guessed&limit=200' })
      ).json();
      expect(log.items.filter((e: { locked: boolean }) => e.locked)).toHaveLength(1);
      expect(
        log.items.filter((e: { locked: boolean; success: boolean }) => !e.locked && !e.success),
      ).toHaveLength(50);
    },
  );

  it('limits one client address over many usernames', { timeout: 300_000 }, async () => {
    const s = service();
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await login(s, `nobody-${i}`, 'x', '198.51.100.7')).statusCode);
    expect(codes.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(codes[20]).toBe(429);
    // Another address is not affected.
    expect((await login(s, 'nobody-else', 'x', '198.51.100.8')).statusCode).toBe(401);
  });

  it('runs one password derivation for an unknown, a disabled and a known user alike', async () => {
    const s = service();
    const disabled = await createUser(s, 'switched-off');
    await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/users/${disabled.id}`,
      payload: { disabled: true },
    });
    const work = async (username: string, password: string) => {
      const before = passwordDerivations();
      const res = await login(s, username, password, '203.0.113.1');
      return { status: res.statusCode, derivations: passwordDerivations() - before };
    };
    expect(await work('no-such-user', 'whatever')).toEqual({ status: 401, derivations: 1 });
    expect(await work('switched-off', PASSWORD)).toEqual({ status: 401, derivations: 1 });
    expect(await work('viewer-user', 'wrong-password')).toEqual({ status: 401, derivations: 1 });
    expect(await work('viewer-user', PASSWORD)).toEqual({ status: 200, derivations: 1 });
  });
});

describe.each(DATABASE_KINDS)('usernames are unique regardless of case on %s', (kind) => {
  const service = useService(kind);

  it('refuses ADMIN beside admin, and signs in whatever the case', async () => {
    const s = service();
    const res = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'ADMIN', role: 'admin', password: PASSWORD },
    });
    expect(res.statusCode).toBe(409);
    expect((await login(s, 'Admin', ADMIN_PASSWORD)).statusCode).toBe(200);
    // The index itself refuses it, whatever the route checks.
    await expect(
      s.app.repos.users.create({ username: 'VIEWER-user', role: 'viewer', passwordHash: 'x' }),
    ).rejects.toThrow();
  });

  it('migrates a store that already holds ADMIN beside admin by renaming the newer one', async () => {
    const fresh = await freshDatabaseOptions(kind);
    const open = openDatabase(kind === 'sqlite' ? { sqliteFile: ':memory:' } : fresh.options);
    try {
      const before: MigrationProvider = {
        getMigrations: async () =>
          Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0006')),
      };
      const old = new Migrator({
        db: open.db,
        provider: before,
        ...(open.schema ? { migrationTableSchema: open.schema } : {}),
      });
      expect((await old.migrateToLatest()).error).toBeUndefined();
      for (const [id, username, at] of [
        ['1', 'admin', '2024-01-01'],
        ['2', 'ADMIN', '2024-02-01'],
        ['3', 'Admin', '2024-03-01'],
      ])
        await sql`insert into users (id, username, display_name, password_hash, role, disabled, created_at)
                  values (${id}, ${username}, ${username}, 'x', 'admin', 0, ${at})`.execute(open.db);
      await migrate(open);
      const names = (await open.db.selectFrom('users').select('username').orderBy('id').execute()).map(
        (r) => r.username,
      );
      expect(names).toEqual(['admin', 'ADMIN~1', 'Admin~2']);
      await expect(
        sql`insert into users (id, username, display_name, password_hash, role, disabled, created_at)
            values ('4', 'aDmIn', 'x', 'x', 'viewer', 0, '2024-04-01')`.execute(open.db),
      ).rejects.toThrow();
    } finally {
      await open.db.destroy();
      await fresh.drop();
    }
  });
});

describe.each(DATABASE_KINDS)('the last active admin stays on %s', (kind) => {
  const service = useService(kind);

  it('cannot be demoted, disabled or deleted while no other admin exists', async () => {
    const s = service();
    const admin = s.users.admin.id;
    const tries = [
      { method: 'PATCH', url: `/api/users/${admin}`, payload: { role: 'maintainer' } },
      { method: 'PATCH', url: `/api/users/${admin}`, payload: { disabled: true } },
      { method: 'DELETE', url: `/api/users/${admin}` },
    ] as const;
    for (const attempt of tries) {
      const res = await s.call(s.tokens.admin, attempt);
      expect(res.statusCode, `${attempt.method} ${JSON.stringify(attempt)}`).toBe(409);
      expect(res.json().code).toBe('LAST_ADMIN');
    }
    expect((await s.call(s.tokens.admin, { method: 'GET', url: '/api/users' })).statusCode).toBe(200);
  });

  it('can step down once another admin exists, and a custom role with user:admin counts', async () => {
    const s = service();
    const custom = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/roles',
      payload: { name: 'people-admin', permissions: ['pipeline:read', 'user:admin'] },
    });
    expect(custom.statusCode).toBe(201);
    const deputy = await createUser(s, 'deputy', 'people-admin');
    const deputyToken = (await login(s, 'deputy', PASSWORD)).json().token;
    const stepDown = await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/users/${s.users.admin.id}`,
      payload: { role: 'viewer' },
    });
    expect(stepDown.statusCode, stepDown.body).toBe(200);
    // Now the deputy is the last one: the role cannot lose user:admin, the deputy cannot go.
    const weaken = await s.call(deputyToken, {
      method: 'PUT',
      url: '/api/roles/people-admin',
      payload: { permissions: ['pipeline:read'] },
    });
    expect(weaken.statusCode).toBe(409);
    const demote = await s.call(deputyToken, {
      method: 'PATCH',
      url: `/api/users/${deputy.id}`,
      payload: { role: 'viewer' },
    });
    expect(demote.statusCode).toBe(409);
    // And can make the old admin admin again: there is always a way back.
    const back = await s.call(deputyToken, {
      method: 'PATCH',
      url: `/api/users/${s.users.admin.id}`,
      payload: { role: 'admin' },
    });
    expect(back.statusCode).toBe(200);
  });
});

describe('pipewright admin reset-password', () => {
  it('sets a new password in the configured store, ends old sessions, and prints only to a terminal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-reset-'));
    const env = { PIPEWRIGHT_DATA_DIR: dataDir, PIPEWRIGHT_LOG_LEVEL: 'silent' };
    const config = loadConfig(env);
    const first = await buildApp({ config, logger: false });
    const initial = readFileSync(first.initialAdminPasswordFile!, 'utf8').trim();
    const token = (
      await first.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: initial },
      })
    ).json().token;
    await first.close();

    const out: string[] = [];
    const err: string[] = [];
    const io = (terminal: boolean) => ({
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      stdoutIsTerminal: terminal,
    });
    expect(await runAdminCli(['reset-password', 'admin'], io(false), env)).toBe(2);
    expect(out).toEqual([]);
    expect(await runAdminCli(['reset-password', 'nobody'], io(true), env)).toBe(1);
    expect(await runAdminCli(['reset-password', 'ADMIN'], io(true), env)).toBe(0);
    const password = /New password for admin: (\S+)/.exec(out.join(''))![1]!;
    expect(existsSync(join(dataDir, 'initialAdminPassword'))).toBe(false);

    const second = await buildApp({ config, logger: false });
    const call = (username: string, pw: string) =>
      second.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: pw } });
    expect((await call('admin', initial)).statusCode).toBe(401);
    expect((await call('admin', password)).statusCode).toBe(200);
    expect(
      (await second.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(401);
    await second.close();
  });
});
