import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepository } from '../../support/git-repositories.js';
import { artifact, BUILD, release, setUp } from '../../support/releases.js';
import { useService, waitForRun } from '../../support/service.js';

describe('Code release through the API, with the local executor', () => {
  const service = useService();
  const origin = makeGitRepository();
  let first: string;
  let second: string;

  beforeAll(() => {
    first = origin.commit('a.txt', 'First commit');
    origin.git('tag', '-a', 'v1', '-m', 'one');
    second = origin.commit('b.txt', 'Second commit');
  });

  it('registers a repository and creates its release pipeline from the built-in template', async () => {
    const s = service();
    const repo = await setUp(s, origin, 'shop');
    expect(repo).toMatchObject({
      identifier: 'shop',
      owner: 'developer-user',
      latest: { offline: null, online: null },
      recordPushCandidates: false,
    });
    const pipeline = (
      await s.call(s.tokens.viewer, { method: 'GET', url: `/api/pipelines/${repo.pipelineId}` })
    ).json();
    expect(pipeline.name).toBe('shop-release');
    expect(pipeline.description).toMatch(/test-build-image-deploy/);
    expect(pipeline.definition.stages.map((st: { name: string }) => st.name)).toEqual([
      'Checkout',
      'Test',
      'Build',
      'Build image',
      'Deploy to shop-test',
      'Deploy to shop-prod',
    ]);
    const list = (
      await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines?q=shop-release' })
    ).json();
    expect(list.items.map((p: { id: string }) => p.id)).toContain(repo.pipelineId);
    const again = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/repositories',
      payload: { identifier: 'shop', name: 'x', gitUrl: origin.url },
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a bad configuration with every problem at once', async () => {
    const s = service();
    const res = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/repositories',
      payload: {
        identifier: 'bad-one',
        name: 'Bad',
        gitUrl: 'https://bob:secret@git.example/x.git',
        credentialsId: 'nope',
        basic: { local: true },
        build: { dockerfile: 'Dockerfile' },
        release: { environments: { offline: 'shop-prod', online: 'missing' }, deployer: 'kubernetes' },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .problems.map((p: { path: string }) => p.path)
        .sort(),
    ).toEqual([
      'body.build.dockerfile',
      'body.credentialsId',
      'body.gitUrl',
      'body.release.deployer',
      'body.release.environments.offline',
      'body.release.environments.online',
    ]);
    const shape = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/repositories',
      payload: { identifier: 'Not URL safe', name: 'x', gitUrl: origin.url, release: { chart: 'x' } },
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().message).toMatch(/identifier/);
    expect(shape.json().message).toMatch(/chart/);
  });

  it('releases a branch end to end; the version follows its run and records what was deployed', async () => {
    const s = service();
    const res = await release(s, 'shop', { type: 'offline', ref: 'main' });
    expect(res.statusCode, res.body).toBe(202);
    const { version, run } = res.json();
    expect(version).toMatchObject({
      type: 'offline',
      number: '1.0.0',
      ref: 'main',
      commitId: second,
      commitMessage: 'Second commit',
      commitAuthor: 'Ada Lovelace',
      branch: 'main',
      tag: null,
      publisher: 'developer-user',
      environment: 'shop-test',
      image: 'team/shop:1.0.0',
      runId: run.id,
      buildUrl: `/api/runs/${run.id}`,
      candidate: false,
    });
    const finished = await waitForRun(s, run.id);
    const log = (await s.call(s.tokens.admin, { method: 'GET', url: `/api/runs/${run.id}/logs` })).body;
    expect(finished.status, log).toBe('success');
    expect(finished.parameters).toMatchObject({
      VERSION: '1.0.0',
      IMAGE: 'team/shop:1.0.0',
      DEPLOY_TO: 'offline',
    });
    const statuses = Object.fromEntries(
      finished.stages.map((st: { name: string; status: string }) => [st.name, st.status]),
    );
    expect(statuses).toMatchObject({
      Checkout: 'success',
      Test: 'success',
      Build: 'success',
      'Build image': 'success',
      'Deploy to shop-test': 'success',
      'Deploy to shop-prod': 'skipped',
    });
    expect(artifact(s, run.id, 'deployment.json')).toEqual({
      image: 'team/shop:1.0.0',
      version: '1.0.0',
      type: 'offline',
      environment: 'shop-test',
      namespace: 'shop-test',
      strategy: 'rolling',
      commit: second,
    });
    expect(artifact(s, run.id, 'image.json')).toMatchObject({
      image: 'team/shop:1.0.0',
      built: false,
      commit: second,
    });
    const stored = (
      await s.call(s.tokens.viewer, { method: 'GET', url: `/api/repositories/shop/versions/${version.id}` })
    ).json();
    expect(stored.status).toBe('success');
    const repo = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/shop' })).json();
    expect(repo.latest.offline.number).toBe('1.0.0');
    expect(repo.latest.online).toBeNull();
  });

  it('marks the version failed when its run fails', async () => {
    const s = service();
    const res = await release(s, 'shop', { type: 'offline', ref: 'v1', bump: 'minor' });
    expect(res.statusCode, res.body).toBe(202);
    const { version, run } = res.json();
    // v1 predates b.txt, but the test looks for a.txt: it passes; then break the build on purpose.
    expect(version).toMatchObject({ number: '1.1.0', tag: 'v1', commitId: first });
    await waitForRun(s, run.id);
    const patched = await s.call(s.tokens.developer, {
      method: 'PATCH',
      url: '/api/repositories/shop',
      payload: { build: { ...BUILD, testCommand: 'exit 3' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const failing = (await release(s, 'shop', { type: 'offline', ref: first.slice(0, 8) })).json();
    expect(failing.version).toMatchObject({ number: '1.1.1', commitId: first, branch: null });
    expect((await waitForRun(s, failing.run.id)).status).toBe('failed');
    const stored = (
      await s.call(s.tokens.viewer, {
        method: 'GET',
        url: `/api/repositories/shop/versions/${failing.version.id}`,
      })
    ).json();
    expect(stored.status).toBe('failed');
    await s.call(s.tokens.developer, {
      method: 'PATCH',
      url: '/api/repositories/shop',
      payload: { build: BUILD },
    });
  });

  it('rolls back by deploying an earlier version’s image without building', async () => {
    const s = service();
    const earlier = (
      await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/shop/versions?number=1.0.0' })
    ).json().items[0];
    const res = await release(s, 'shop', { type: 'offline', fromVersion: earlier.id });
    expect(res.statusCode, res.body).toBe(202);
    const { version, run } = res.json();
    expect(version).toMatchObject({
      number: '1.1.2',
      image: 'team/shop:1.0.0',
      rollbackOf: earlier.id,
      commitId: second,
    });
    const finished = await waitForRun(s, run.id);
    expect(finished.status).toBe('success');
    const statuses = Object.fromEntries(
      finished.stages.map((st: { name: string; status: string }) => [st.name, st.status]),
    );
    expect(statuses).toMatchObject({
      Test: 'skipped',
      Build: 'skipped',
      'Build image': 'skipped',
      'Deploy to shop-test': 'success',
    });
    expect(artifact(s, run.id, 'deployment.json')).toMatchObject({
      image: 'team/shop:1.0.0',
      version: '1.1.2',
    });
    const failed = (
      await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/shop/versions?status=failed' })
    ).json().items[0];
    const refused = await release(s, 'shop', { type: 'offline', fromVersion: failed.id });
    expect(refused.statusCode).toBe(409);
  });

  it('lets only maintainers release online, and the online deploy waits for the environment’s approvers', async () => {
    const s = service();
    const envs = (await s.call(s.tokens.admin, { method: 'GET', url: '/api/environments' })).json();
    const prod = envs.find((e: { name: string }) => e.name === 'shop-prod');
    await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/environments/${prod.id}`,
      payload: { approvers: { users: ['admin'], groups: [] } },
    });
    expect((await release(s, 'shop', { type: 'online', ref: 'main' })).statusCode).toBe(403);
    const res = await release(
      s,
      'shop',
      { type: 'online', ref: 'main', strategy: 'canary' },
      s.tokens.maintainer,
    );
    expect(res.statusCode, res.body).toBe(202);
    const { version, run } = res.json();
    // Online numbers count on their own.
    expect(version).toMatchObject({
      type: 'online',
      number: '1.0.0',
      environment: 'shop-prod',
      strategy: 'canary',
    });
    const waiting = await waitForRun(s, run.id, s.tokens.admin, (r) =>
      ['waiting', 'success', 'failed'].includes(r.status),
    );
    expect(waiting.status, JSON.stringify(waiting.stages)).toBe('waiting');
    expect(waiting.gates[0]).toMatchObject({
      stage: 'Deploy to shop-prod',
      submitters: { users: ['admin'] },
    });
    const decided = await s.call(s.tokens.admin, {
      method: 'POST',
      url: `/api/runs/${run.id}/gates/${encodeURIComponent('Deploy to shop-prod')}`,
      payload: { approve: true },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await waitForRun(s, run.id)).status).toBe('success');
    expect(artifact(s, run.id, 'deployment.json')).toMatchObject({
      environment: 'shop-prod',
      strategy: 'canary',
    });
    const repo = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/shop' })).json();
    expect(repo.latest.online).toMatchObject({ number: '1.0.0', status: 'success' });
  });

  it('lets a group grant of maintainer on the pipeline group release online', async () => {
    const s = service();
    const group = (
      await s.call(s.tokens.admin, {
        method: 'POST',
        url: '/api/groups',
        payload: { name: 'shop-releasers' },
      })
    ).json();
    const granted = await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      payload: { members: ['tester-user'], grants: [{ pipelineGroup: 'development', role: 'maintainer' }] },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const res = await release(s, 'shop', { type: 'online', ref: 'main' }, s.tokens.tester);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().version).toMatchObject({ type: 'online', number: '1.0.1', publisher: 'tester-user' });
    await s.call(s.tokens.admin, {
      method: 'POST',
      url: `/api/runs/${res.json().run.id}/cancel`,
    });
    await waitForRun(s, res.json().run.id);
    // Without the grant the same user may not even release offline.
    const other = await setUp(s, origin, 'elsewhere', { basic: { local: true, group: 'other-team' } });
    expect((await release(s, other.id, { type: 'offline' }, s.tokens.tester)).statusCode).toBe(403);
  });

  it('answers 400 naming an unknown ref and 502 for an unreachable repository, taking no number', async () => {
    const s = service();
    const unknown = await release(s, 'shop', { type: 'offline', ref: 'no-such-branch' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('"no-such-branch"');
    await setUp(s, { url: 'http://127.0.0.1:1/x.git' }, 'gone');
    const unreachable = await release(s, 'gone', { type: 'offline', ref: 'main' });
    expect(unreachable.statusCode).toBe(502);
    expect(unreachable.json().message).toMatch(/cannot read git repository http:\/\/127\.0\.0\.1:1\/x\.git/);
    const versions = (
      await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/gone/versions' })
    ).json();
    expect(versions.total).toBe(0);
  });

  it('gives 20 concurrent releases 20 distinct consecutive numbers', async () => {
    const s = service();
    const repo = await setUp(s, origin, 'burst');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => release(s, repo.id, { type: 'offline', ref: 'main' })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(202));
    const numbers = answers.map((a) => a.json().version.number as string);
    expect(numbers.map((n) => Number(n.split('.')[2])).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    for (const a of answers) expect((await waitForRun(s, a.json().run.id)).status).toBe('success');
    const page = (
      await s.call(s.tokens.viewer, {
        method: 'GET',
        url: `/api/repositories/${repo.id}/versions?status=success&limit=200`,
      })
    ).json();
    expect(page.total).toBe(20);
  });

  it('finds versions by number, publisher, commit id, branch and tag; filters by type and status', async () => {
    const s = service();
    const find = async (query: string) => {
      const res = await s.call(s.tokens.viewer, {
        method: 'GET',
        url: `/api/repositories/shop/versions?${query}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { number: string; type: string }[]).map((v) => `${v.type} ${v.number}`);
    };
    // shop has: offline 1.0.0 (main), 1.1.0 (tag v1), 1.1.1 (first commit, failed), 1.1.2 (rollback);
    // online 1.0.0 (maintainer), 1.0.1 (tester through a group grant, cancelled).
    expect(await find('number=1.1')).toEqual(['offline 1.1.2', 'offline 1.1.1', 'offline 1.1.0']);
    expect(await find('number=1.0.0')).toEqual(['online 1.0.0', 'offline 1.0.0']);
    expect(await find('publisher=maintainer-user')).toEqual(['online 1.0.0']);
    expect(await find(`commitId=${first.slice(0, 6)}`)).toEqual(['offline 1.1.1', 'offline 1.1.0']);
    expect(await find(`commitId=${second.toUpperCase()}&type=offline`)).toEqual([
      'offline 1.1.2',
      'offline 1.0.0',
    ]);
    expect(await find('branch=main&type=online')).toEqual(['online 1.0.1', 'online 1.0.0']);
    expect(await find('status=aborted')).toEqual(['online 1.0.1']);
    expect(await find('tag=v1')).toEqual(['offline 1.1.0']);
    expect(await find('status=failed')).toEqual(['offline 1.1.1']);
    expect(await find('publisher=nobody-at-all')).toEqual([]);
  });

  it('pages with a cursor that neither repeats nor skips a version while new ones arrive', async () => {
    const s = service();
    const url = (cursor?: string) =>
      `/api/repositories/burst/versions?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
    const seen: string[] = [];
    let page = (await s.call(s.tokens.viewer, { method: 'GET', url: url() })).json();
    expect(page.total).toBe(20);
    seen.push(...page.items.map((v: { number: string }) => v.number));
    // A release lands between pages: it is newer than the cursor, so it does not shift the pages.
    const extra = (await release(s, 'burst', { type: 'offline', ref: 'main' })).json();
    while (page.nextCursor) {
      page = (await s.call(s.tokens.viewer, { method: 'GET', url: url(page.nextCursor) })).json();
      seen.push(...page.items.map((v: { number: string }) => v.number));
    }
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    expect(seen).not.toContain(extra.version.number);
    await waitForRun(s, extra.run.id);
  });

  it('answers 400 for bad query parameters, each named', async () => {
    const s = service();
    const bad = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: '/api/repositories/shop/versions?type=staging&status=done&limit=0&commitId=xyz&number=v1&colour=red',
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().problems.map((p: { path: string }) => p.path);
    for (const name of ['type', 'status', 'limit', 'commitId', 'number'])
      expect(paths.join(' ')).toContain(name);
    expect(bad.json().message).toContain('colour');
    const cursor = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: '/api/repositories/shop/versions?cursor=nonsense',
    });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().problems[0].path).toBe('querystring.cursor');
    const missing = await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/nope/versions' });
    expect(missing.statusCode).toBe(404);
  });

  it('records a push as an offline candidate build when the repository asks for it', async () => {
    const s = service();
    await setUp(s, origin, 'pushy', { recordPushCandidates: true });
    const third = origin.commit('c.txt', 'Third commit');
    // Another way of writing the same URL still names the repository; shop does not ask for candidates.
    const recorded = await s.app.releases.recordPushCandidate(`${origin.url}.git/`, {
      commit: third,
      branch: 'main',
      author: 'Grace Hopper',
      message: 'Third commit',
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      type: 'offline',
      number: '1.0.0',
      candidate: true,
      publisher: 'Grace Hopper',
      commitId: third,
      branch: 'main',
      environment: null,
    });
    const run = await waitForRun(s, recorded[0]!.runId!);
    expect(run).toMatchObject({ status: 'success', trigger: 'push', operator: null });
    const statuses = Object.fromEntries(
      run.stages.map((st: { name: string; status: string }) => [st.name, st.status]),
    );
    expect(statuses).toMatchObject({ 'Build image': 'success', 'Deploy to pushy-test': 'skipped' });
    const stored = (
      await s.call(s.tokens.viewer, {
        method: 'GET',
        url: `/api/repositories/pushy/versions/${recorded[0]!.id}`,
      })
    ).json();
    expect(stored.status).toBe('success');
    expect(
      await s.app.releases.recordPushCandidate('file:///elsewhere.git', {
        commit: third,
        author: 'x',
        message: 'y',
      }),
    ).toEqual([]);
  });

  it('records a candidate when GitHub delivers a signed push to the registered repository', async () => {
    const s = service();
    const secret = 'release-webhook-secret-of-some-length';
    const put = await s.call(s.tokens.admin, {
      method: 'PUT',
      url: '/api/settings',
      payload: { 'webhooks.githubSecret': secret },
    });
    expect(put.statusCode).toBe(200);
    const fourth = origin.commit('d.txt', 'Fourth commit');
    // The fields GitHub's push event carries ("Webhook events and payloads": push).
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      after: fourth,
      deleted: false,
      head_commit: {
        id: fourth,
        message: 'Fourth commit',
        author: { name: 'Ada', email: 'ada@example.test' },
      },
      commits: [{ id: fourth, message: 'Fourth commit', author: { name: 'Ada', email: 'ada@example.test' } }],
      pusher: { name: 'ada' },
      repository: { clone_url: origin.url, html_url: origin.url, ssh_url: origin.url },
    });
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const delivered = await s.app.inject({
      method: 'POST',
      url: '/api/webhooks/github',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'release-candidate-1',
        'x-hub-signature-256': signature,
      },
      payload: body,
    });
    expect(delivered.statusCode).toBeLessThan(300);
    const found = async () =>
      (
        await s.call(s.tokens.viewer, {
          method: 'GET',
          url: `/api/repositories/pushy/versions?commitId=${fourth}`,
        })
      ).json().items as { candidate: boolean; commitId: string; type: string }[];
    let items = await found();
    for (let i = 0; i < 100 && items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      items = await found();
    }
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ candidate: true, commitId: fourth, type: 'offline' });
  });

  it('recreates the release pipeline at the next release when it was deleted', async () => {
    const s = service();
    const repo = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/pushy' })).json();
    expect(
      (await s.call(s.tokens.admin, { method: 'DELETE', url: `/api/pipelines/${repo.pipelineId}` }))
        .statusCode,
    ).toBe(204);
    expect(
      (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/repositories/pushy' })).json().pipelineId,
    ).toBeNull();
    const res = await release(s, 'pushy', { type: 'offline' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().run.pipelineId).not.toBe(repo.pipelineId);
    expect((await waitForRun(s, res.json().run.id)).status).toBe('success');
  });

  it('promotes an offline version online by deploying its image, counted as an online version', async () => {
    const s = service();
    const offline = (
      await s.call(s.tokens.viewer, {
        method: 'GET',
        url: '/api/repositories/shop/versions?type=offline&number=1.0.0',
      })
    ).json().items[0];
    const res = await release(s, 'shop', { type: 'online', fromVersion: offline.id }, s.tokens.maintainer);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().version).toMatchObject({
      type: 'online',
      number: '1.0.2',
      image: 'team/shop:1.0.0',
      rollbackOf: offline.id,
      environment: 'shop-prod',
    });
    // shop-prod has approvers: the promotion waits like any online deploy.
    const run = await waitForRun(s, res.json().run.id, s.tokens.admin, (r) => r.status === 'waiting');
    expect(run.gates[0].stage).toBe('Deploy to shop-prod');
    await s.call(s.tokens.admin, { method: 'POST', url: `/api/runs/${run.id}/cancel` });
    await waitForRun(s, run.id);
  });
});
