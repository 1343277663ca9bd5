import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepository } from '../../support/git-repositories.js';
import { release, setUp } from '../../support/releases.js';
import { useService, waitForRun } from '../../support/service.js';

describe('Code repositories and git credentials', () => {
  const service = useService();
  const origin = makeGitRepository();
  beforeAll(() => {
    origin.commit('a.txt', 'First commit');
  });

  it('keeps git credentials write-only and sealed in the store', async () => {
    const s = service();
    const put = await s.call(s.tokens.maintainer, {
      method: 'PUT',
      url: '/api/git-credentials/ci-bot',
      payload: { username: 'ci-bot', secret: 'ghp_supersecret', description: 'CI' },
    });
    expect(put.statusCode, put.body).toBe(201);
    expect(put.body).not.toContain('ghp_supersecret');
    const list = await s.call(s.tokens.developer, { method: 'GET', url: '/api/git-credentials' });
    expect(list.json()).toEqual([
      expect.objectContaining({ id: 'ci-bot', username: 'ci-bot', description: 'CI' }),
    ]);
    expect(list.body).not.toContain('ghp_supersecret');
    const row = await s.app.db.selectFrom('git_credentials').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('ghp_supersecret');
    // A stored credential goes to the repository's host: a developer may not attach one...
    const refused = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/repositories',
      payload: {
        identifier: 'stolen',
        name: 'x',
        gitUrl: 'https://attacker.example/x.git',
        credentialsId: 'ci-bot',
      },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('credential:write');
    // ...nor send it in the clear, nor read a repository out of the service's own data directory
    const clear = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: '/api/repositories',
      payload: {
        identifier: 'clear',
        name: 'x',
        gitUrl: 'http://git.example/x.git',
        credentialsId: 'ci-bot',
      },
    });
    expect(clear.statusCode).toBe(400);
    expect(clear.json().problems).toContainEqual(expect.objectContaining({ path: 'body.credentialsId' }));
    const inside = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/repositories',
      payload: { identifier: 'inside', name: 'x', gitUrl: `file://${s.dataDir}/git-mirrors/x.git` },
    });
    expect(inside.statusCode).toBe(400);
    expect(inside.json().problems).toContainEqual(
      expect.objectContaining({ path: 'body.gitUrl', message: expect.stringContaining('data directory') }),
    );
    const repo = await setUp(s, origin, 'private', { credentialsId: 'ci-bot' }, s.tokens.maintainer);
    expect((await s.app.releases.credentialOf({ ...repo, ownerId: '' }))?.secret).toBe('ghp_supersecret');
    const inUse = await s.call(s.tokens.maintainer, { method: 'DELETE', url: '/api/git-credentials/ci-bot' });
    expect(inUse.statusCode).toBe(409);
  });

  it('lists repositories by identifier with their latest versions, and searches them', async () => {
    const s = service();
    await setUp(s, origin, 'listed');
    const done = (await release(s, 'listed', { type: 'offline' })).json();
    await waitForRun(s, done.run.id);
    const list = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories?q=LIST' })).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      identifier: 'listed',
      latest: { offline: { number: '1.0.0', status: 'success' }, online: null },
    });
    const all = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories?limit=1' })).json();
    expect(all.total).toBe(2);
    expect(all.items.map((r: { identifier: string }) => r.identifier)).toEqual(['listed']);
    const patched = await s.call(s.tokens.developer, {
      method: 'PATCH',
      url: '/api/repositories/listed',
      payload: { release: { environments: { online: 'listed-test' } } },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().problems[0].path).toBe('body.release.environments.online');
    const mirror = join(s.dataDir, 'git-mirrors', `${list.items[0].id}.git`);
    expect(existsSync(mirror)).toBe(true);
    const removed = await s.call(s.tokens.maintainer, { method: 'DELETE', url: '/api/repositories/listed' });
    expect(removed.statusCode).toBe(204);
    expect(existsSync(mirror)).toBe(false);
    expect(
      (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/listed' })).statusCode,
    ).toBe(404);
  });
});

describe('Concurrent releases on PostgreSQL', () => {
  const service = useService('postgres');
  const origin = makeGitRepository();
  beforeAll(() => {
    origin.commit('a.txt', 'First commit');
  });

  it('gives 20 concurrent releases of one type 20 distinct consecutive numbers, the other type its own', async () => {
    const s = service();
    const repo = await setUp(s, origin, 'pg-burst');
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => release(s, repo.id, { type: 'offline', ref: 'main' })),
      ...Array.from({ length: 3 }, () =>
        release(s, repo.id, { type: 'online', ref: 'main' }, s.tokens.maintainer),
      ),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual(Array(23).fill(202));
    const patches = (type: string) =>
      answers
        .map((a) => a.json().version)
        .filter((v: { type: string }) => v.type === type)
        .map((v: { number: string }) => Number(v.number.split('.')[2]))
        .sort((a: number, b: number) => a - b);
    expect(patches('offline')).toEqual([...Array(20).keys()]);
    expect(patches('online')).toEqual([0, 1, 2]);
    for (const a of answers) await waitForRun(s, a.json().run.id);
  });
});
