import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../service/webhooks/push-event.js';
import type { PushOutcome } from '../../../service/webhooks/push-dispatcher.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { createPipeline, useService, type TestService } from '../../support/service.js';

const GITHUB_SECRET = 'github-secret-for-webhook-tests';
const GITLAB_TOKEN = 'gitlab-token-for-webhook-tests';
const COMMIT = '3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const TAG_COMMIT = '9e597618cb9102c993b3245f4e7c0843131ce335';

/**
 * A push as GitHub sends it, trimmed to the documented fields a receiver reads (GitHub docs,
 * "Webhook events and payloads", push: ref, before, after, created, deleted, head_commit,
 * commits, pusher, repository.clone_url/ssh_url/html_url). A tag push is the same event.
 */
function gitHubPush(ref: string, after = COMMIT) {
  return {
    ref,
    before: '0000000000000000000000000000000000000000',
    after,
    created: true,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: 'https://git.example.test/Team/Shop/compare/abc...def',
    commits: [
      {
        id: after,
        message: 'Fix the checkout total',
        author: { name: 'Ada Lovelace', email: 'ada@example.test' },
      },
    ],
    head_commit: {
      id: after,
      tree_id: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
      distinct: true,
      message: 'Fix the checkout total',
      timestamp: '2026-11-25T10:00:00+01:00',
      url: `https://git.example.test/Team/Shop/commit/${after}`,
      author: { name: 'Ada Lovelace', email: 'ada@example.test', username: 'ada' },
      committer: { name: 'Ada Lovelace', email: 'ada@example.test', username: 'ada' },
      added: [],
      removed: [],
      modified: ['src/checkout.ts'],
    },
    pusher: { name: 'ada', email: 'ada@example.test' },
    repository: {
      id: 1296269,
      name: 'Shop',
      full_name: 'Team/Shop',
      html_url: 'https://git.example.test/Team/Shop',
      clone_url: 'https://git.example.test/Team/Shop.git',
      ssh_url: 'git@git.example.test:Team/Shop.git',
      git_url: 'git://git.example.test/Team/Shop.git',
      default_branch: 'main',
    },
    sender: { login: 'ada', id: 1 },
  };
}

/**
 * GitLab's push and tag push hooks ("Webhook events": push events, tag events): object_kind,
 * ref, after, checkout_sha, user_username, project.git_http_url/git_ssh_url/web_url, commits[].
 */
function gitLabPush(kind: 'push' | 'tag_push', ref: string, after = COMMIT) {
  return {
    object_kind: kind,
    event_name: kind,
    before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
    after,
    ref,
    checkout_sha: after,
    message: kind === 'tag_push' ? 'Release 2.0' : null,
    user_id: 4,
    user_name: 'Grace Hopper',
    user_username: 'grace',
    user_email: 'grace@example.test',
    project_id: 15,
    project: {
      id: 15,
      name: 'Billing',
      web_url: 'https://lab.example.test/fin/billing',
      git_ssh_url: 'git@lab.example.test:fin/billing.git',
      git_http_url: 'https://lab.example.test/fin/billing.git',
      path_with_namespace: 'fin/billing',
      default_branch: 'main',
    },
    commits:
      kind === 'push'
        ? [
            {
              id: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
              message: 'Older commit',
              author: { name: 'Someone', email: 's@example.test' },
            },
            {
              id: after,
              message: 'Round invoices to cents\n',
              author: { name: 'Grace Hopper', email: 'grace@example.test' },
            },
          ]
        : [],
    total_commits_count: kind === 'push' ? 2 : 0,
    repository: { name: 'Billing', git_http_url: 'https://lab.example.test/fin/billing.git' },
  };
}

const sign = (body: string, secret = GITHUB_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function postGitHub(
  s: TestService,
  payload: object,
  o: { event?: string; delivery?: string; signature?: string } = {},
) {
  const body = JSON.stringify(payload);
  return s.call(null, {
    method: 'POST',
    url: '/api/webhooks/github',
    headers: {
      'content-type': 'application/json',
      'x-github-event': o.event ?? 'push',
      'x-github-delivery': o.delivery ?? randomUUID(),
      'x-hub-signature-256': o.signature ?? sign(body),
    },
    payload: body,
  });
}

function postGitLab(
  s: TestService,
  payload: object,
  o: { event?: string; key?: string; token?: string } = {},
) {
  return s.call(null, {
    method: 'POST',
    url: '/api/webhooks/gitlab',
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': o.event ?? 'Push Hook',
      'x-gitlab-token': o.token ?? GITLAB_TOKEN,
      'idempotency-key': o.key ?? randomUUID(),
    },
    payload: JSON.stringify(payload),
  });
}

const pipeline = (name: string, git: string | null, triggers: object[]) => ({
  name,
  ...(git ? { source: { git } } : {}),
  triggers,
  stages: [{ name: 'Build', steps: [{ echo: 'build' }] }],
});

async function runsOf(s: TestService, pipelineId: string) {
  return (await s.call(s.tokens.admin, { method: 'GET', url: `/api/pipelines/${pipelineId}/runs` })).json()
    .items;
}

describe.each(DATABASE_KINDS)('webhooks on %s', (kind) => {
  const service = useService(kind);
  const ids: Record<string, string> = {};
  const pushes: [PushEvent, PushOutcome][] = [];

  it('keeps the webhook secrets write-only: set by an admin, shown only as set', async () => {
    const s = service();
    const put = await s.call(s.tokens.admin, {
      method: 'PUT',
      url: '/api/settings',
      payload: {
        'webhooks.githubSecret': GITHUB_SECRET,
        'webhooks.gitlabToken': GITLAB_TOKEN,
        siteName: 'x',
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ 'webhooks.githubSecret': true, 'webhooks.gitlabToken': true });
    const read = await s.call(s.tokens.admin, { method: 'GET', url: '/api/settings' });
    expect(read.body).not.toContain(GITHUB_SECRET);
    expect(read.body).not.toContain(GITLAB_TOKEN);
    const maintainer = await s.call(s.tokens.maintainer, {
      method: 'PUT',
      url: '/api/settings',
      payload: { 'webhooks.githubSecret': 'another-secret-of-some-length' },
    });
    expect(maintainer.statusCode).toBe(403);
    // A bad secret is refused without quoting it, even where the validator would quote a value.
    for (const bad of ['short-secret', 'x'.repeat(20_000), 12345]) {
      const res = await s.call(s.tokens.admin, {
        method: 'PUT',
        url: '/api/settings',
        payload: { 'webhooks.gitlabToken': bad },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toEqual([
        { path: 'body["webhooks.gitlabToken"]', message: expect.stringContaining('16 to 1000') },
      ]);
      expect(res.body).not.toContain(String(bad).slice(0, 10));
    }
    expect(await s.app.repos.settings.writeOnly('webhooks.gitlabToken')).toBe(GITLAB_TOKEN);
  });

  it('a signed GitHub push starts exactly the pipelines bound to the repository whose branch filter matches', async () => {
    const s = service();
    s.app.webhooks.onPush((event, outcome) => void pushes.push([event, outcome]));
    // GIVEN pipelines bound to the pushed repository in three URL forms, and some that must not start
    const git = 'https://git.example.test/Team/Shop.git';
    ids.main = (
      await createPipeline(
        s,
        pipeline('shop-main', 'git@GIT.example.test:team/shop.git', [{ type: 'push', branches: ['main'] }]),
      )
    ).id;
    ids.all = (
      await createPipeline(
        s,
        pipeline('shop-all', 'ssh://git@git.example.test:2222/Team/Shop', [{ type: 'push' }]),
      )
    ).id;
    ids.release = (
      await createPipeline(s, pipeline('shop-release', git, [{ type: 'push', branches: ['release/*'] }]))
    ).id;
    ids.tags = (
      await createPipeline(s, pipeline('shop-tags', git, [{ type: 'push', branches: [], tags: ['v*'] }]))
    ).id;
    ids.manual = (await createPipeline(s, pipeline('shop-manual', git, [{ type: 'manual' }]))).id;
    ids.other = (
      await createPipeline(
        s,
        pipeline('other-repo', 'https://git.example.test/Team/Shopping.git', [{ type: 'push' }]),
      )
    ).id;
    ids.local = (await createPipeline(s, pipeline('no-repo', null, [{ type: 'push' }]))).id;
    // WHEN GitHub delivers a signed push to main
    const res = await postGitHub(s, gitHubPush('refs/heads/main'), { delivery: 'delivery-1' });
    // THEN exactly the two matching pipelines start, and the answer says so at once
    expect(res.statusCode, res.body).toBe(202);
    expect(
      res
        .json()
        .started.map((r: { pipeline: string }) => r.pipeline)
        .sort(),
    ).toEqual(['shop-all', 'shop-main']);
    for (const name of ['release', 'tags', 'manual', 'other', 'local'])
      expect(await runsOf(s, ids[name]!)).toEqual([]);
    // AND the run records the push: trigger, commit, author, message, branch
    const runId = res.json().started.find((r: { pipeline: string }) => r.pipeline === 'shop-main').runId;
    const run = (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${runId}` })).json();
    expect(run).toMatchObject({
      trigger: 'push',
      operator: null,
      remark: `push to main (${COMMIT.slice(0, 12)})`,
    });
    expect(run.cause).toEqual({
      kind: 'push',
      source: 'github',
      delivery: 'delivery-1',
      repository: 'https://git.example.test/Team/Shop.git',
      ref: 'refs/heads/main',
      branch: 'main',
      tag: null,
      commit: COMMIT,
      author: 'Ada Lovelace <ada@example.test>',
      message: 'Fix the checkout total',
      pusher: 'ada',
    });
    expect((await runsOf(s, ids.main!))[0].cause).toEqual(run.cause);
    // AND listeners heard of it with what started
    expect(pushes.at(-1)![0]).toMatchObject({ commit: COMMIT, branch: 'main' });
    expect(pushes.at(-1)![1].started).toHaveLength(2);
  });

  it('a redelivered id starts nothing new', async () => {
    const s = service();
    const before = (await runsOf(s, ids.main!)).length;
    const res = await postGitHub(s, gitHubPush('refs/heads/main'), { delivery: 'delivery-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ duplicate: true, started: [] });
    expect(await runsOf(s, ids.main!)).toHaveLength(before);
  });

  it('a captured delivery sent again under a new delivery id starts nothing new (the id is not signed)', async () => {
    const s = service();
    const before = (await runsOf(s, ids.main!)).length;
    const res = await postGitHub(s, gitHubPush('refs/heads/main'), { delivery: 'replayed-under-a-new-id' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ duplicate: true, started: [] });
    expect(await runsOf(s, ids.main!)).toHaveLength(before);
  });

  it('a bad or missing signature is 401 and starts nothing, whatever session token comes with it', async () => {
    const s = service();
    const before = (await runsOf(s, ids.all!)).length;
    const payload = gitHubPush('refs/heads/main');
    const tampered = JSON.stringify({ ...payload, ref: 'refs/heads/other' });
    for (const signature of [
      sign(tampered, 'wrong-secret-wrong-secret'),
      sign(JSON.stringify(payload)).replace(/.$/, '0'),
      'sha1=abc',
      '',
    ]) {
      const res = await s.call(s.tokens.admin, {
        method: 'POST',
        url: '/api/webhooks/github',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': signature,
        },
        payload: tampered,
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('BAD_SIGNATURE');
      expect(res.body).not.toContain(GITHUB_SECRET);
    }
    expect(await runsOf(s, ids.all!)).toHaveLength(before);
  });

  it('a tag push starts only pipelines whose push trigger asks for that tag', async () => {
    const s = service();
    const res = await postGitHub(s, gitHubPush('refs/tags/v1.2.0', TAG_COMMIT));
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().started.map((r: { pipeline: string }) => r.pipeline)).toEqual(['shop-tags']);
    const run = (await runsOf(s, ids.tags!))[0];
    expect(run.cause).toMatchObject({ tag: 'v1.2.0', branch: null, commit: TAG_COMMIT });
    const other = await postGitHub(s, gitHubPush('refs/tags/nightly', TAG_COMMIT));
    expect(other.statusCode).toBe(200);
    expect(other.json().started).toEqual([]);
  });

  it('answers ping, other events and deleted branches 200 without starting anything', async () => {
    const s = service();
    const ping = await postGitHub(s, { zen: 'Keep it logically awesome.', hook_id: 1 }, { event: 'ping' });
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toMatchObject({ event: 'ping', started: [] });
    const star = await postGitHub(s, { action: 'created' }, { event: 'star' });
    expect(star.statusCode).toBe(200);
    const deleted = await postGitHub(s, {
      ...gitHubPush('refs/heads/main', '0'.repeat(40)),
      deleted: true,
      head_commit: null,
    });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ ignored: 'refs/heads/main was deleted', started: [] });
  });

  it('reports every missing field of a signed push at once, without starting anything', async () => {
    const s = service();
    const res = await postGitHub(s, { ref: 42, repository: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['body.ref', 'body.after', 'body.repository.clone_url']),
    );
  });

  it('a GitLab push hook with the right token starts the bound pipelines and records the head commit', async () => {
    const s = service();
    ids.billing = (
      await createPipeline(
        s,
        pipeline('billing', 'git@lab.example.test:fin/billing.git', [
          { type: 'push', branches: ['main', 'hotfix/**'], tags: ['v*'] },
        ]),
      )
    ).id;
    const wrong = await postGitLab(s, gitLabPush('push', 'refs/heads/main'), {
      token: 'not-the-token-at-all',
    });
    expect(wrong.statusCode).toBe(401);
    expect(await runsOf(s, ids.billing!)).toEqual([]);
    const res = await postGitLab(s, gitLabPush('push', 'refs/heads/hotfix/eu/vat'), { key: 'gl-1' });
    expect(res.statusCode, res.body).toBe(202);
    const run = (await runsOf(s, ids.billing!))[0];
    expect(run.trigger).toBe('push');
    expect(run.cause).toMatchObject({
      source: 'gitlab',
      delivery: 'gl-1',
      branch: 'hotfix/eu/vat',
      commit: COMMIT,
      author: 'Grace Hopper <grace@example.test>',
      message: 'Round invoices to cents\n',
      pusher: 'grace',
    });
    const again = await postGitLab(s, gitLabPush('push', 'refs/heads/hotfix/eu/vat'), { key: 'gl-1' });
    expect(again.json()).toMatchObject({ duplicate: true, started: [] });
    const tag = await postGitLab(s, gitLabPush('tag_push', 'refs/tags/v2.0.0', TAG_COMMIT), {
      event: 'Tag Push Hook',
    });
    expect(tag.statusCode).toBe(202);
    expect((await runsOf(s, ids.billing!))[0].cause).toMatchObject({ tag: 'v2.0.0', message: 'Release 2.0' });
    expect(await runsOf(s, ids.billing!)).toHaveLength(2);
  });
});

describe('webhook limits', () => {
  const service = useService('sqlite', {
    PIPEWRIGHT_WEBHOOK_LIMIT_PER_MINUTE: '3',
    PIPEWRIGHT_BODY_LIMIT: '4096',
  });

  it('refuses a body past the body limit (413) and more than the per-address rate (429), signed or not', async () => {
    const s = service();
    await s.call(s.tokens.admin, {
      method: 'PUT',
      url: '/api/settings',
      payload: { 'webhooks.githubSecret': GITHUB_SECRET },
    });
    const large = { ...gitHubPush('refs/heads/main'), padding: 'x'.repeat(5000) };
    expect((await postGitHub(s, large)).statusCode).toBe(413);
    const answers: number[] = [];
    for (let i = 0; i < 3; i++)
      answers.push((await postGitHub(s, { zen: 'z' }, { event: 'ping' })).statusCode);
    expect(answers).toEqual([200, 200, 429]);
  });
});
