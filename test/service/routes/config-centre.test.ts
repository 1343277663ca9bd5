import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { PASSWORD, useService } from '../../support/service.js';

describe.each(DATABASE_KINDS)('config centre and workbench on %s', (kind) => {
  const service = useService(kind);

  it('records every login attempt with user agent and outcome', async () => {
    const s = service();
    const failed = await s.call(null, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'viewer-user', password: 'wrong' },
      headers: { 'user-agent': 'probe/1.0' },
    });
    expect(failed.statusCode).toBe(401);
    const log = (
      await s.call(s.tokens.admin, { method: 'GET', url: '/api/login-log?username=viewer-user' })
    ).json();
    expect(log.items[0]).toMatchObject({
      username: 'viewer-user',
      success: false,
      userAgent: 'probe/1.0',
      ip: '127.0.0.1',
    });
    expect(log.items.some((e: { success: boolean }) => e.success)).toBe(true);
    expect(
      (await s.call(s.tokens.admin, { method: 'GET', url: '/api/login-log?success=false' }))
        .json()
        .items.every((e: { success: boolean }) => !e.success),
    ).toBe(true);
  });

  it('disabling a user ends their sessions and tokens', async () => {
    const s = service();
    const user = (
      await s.call(s.tokens.admin, {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'leaver', role: 'developer', password: PASSWORD },
      })
    ).json();
    const session = (
      await s.call(null, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'leaver', password: PASSWORD },
      })
    ).json().token;
    const apiToken = (
      await s.call(session, { method: 'POST', url: '/api/me/tokens', payload: { name: 'script' } })
    ).json().token;
    expect((await s.call(apiToken, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { disabled: true },
    });
    expect((await s.call(session, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await s.call(apiToken, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect(
      (
        await s.call(null, {
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'leaver', password: PASSWORD },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('logs out a session, and revokes a personal token', async () => {
    const s = service();
    const session = (
      await s.call(null, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'tester-user', password: PASSWORD },
      })
    ).json().token;
    const token = (
      await s.call(session, { method: 'POST', url: '/api/me/tokens', payload: { name: 'temp' } })
    ).json();
    expect(token.token).toMatch(/^pwt_/);
    expect(
      (await s.call(session, { method: 'GET', url: '/api/me/tokens' }))
        .json()
        .map((t: { name: string }) => t.name),
    ).toContain('temp');
    expect((await s.call(session, { method: 'DELETE', url: `/api/me/tokens/${token.id}` })).statusCode).toBe(
      204,
    );
    expect((await s.call(token.token, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await s.call(session, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await s.call(session, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
  });

  it('keeps environments with a namespace each, and rejects one Kubernetes would refuse', async () => {
    const s = service();
    const env = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: '/api/environments',
      payload: { name: 'staging', kubeconfigCredentialId: 'kube-staging' },
    });
    expect(env.json()).toMatchObject({
      name: 'staging',
      namespace: 'staging',
      online: true,
      kubeconfigCredentialId: 'kube-staging',
    });
    const off = await s.call(s.tokens.maintainer, {
      method: 'PATCH',
      url: `/api/environments/${env.json().id}`,
      payload: { online: false },
    });
    expect(off.json().online).toBe(false);
    const bad = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: '/api/environments',
      payload: { name: 'prod', namespace: 'Prod_NS' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].path).toBe('body.namespace');
  });

  it('stores settings and shows announcements', async () => {
    const s = service();
    expect(
      (
        await s.call(s.tokens.admin, {
          method: 'PUT',
          url: '/api/settings',
          payload: { siteName: 'Acme CI', retentionDays: 30 },
        })
      ).json(),
    ).toEqual({ siteName: 'Acme CI', retentionDays: 30 });
    await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: '/api/announcements',
      payload: { title: 'Freeze', body: 'No deploys on Friday' },
    });
    expect(
      (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/announcements' })).json()[0],
    ).toMatchObject({ title: 'Freeze' });
  });
});
