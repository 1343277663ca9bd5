import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactDir } from '../../../service/executor/local-executor.js';
import { jsonBoundProblems, MAX_JSON_DEPTH } from '../../../service/plugins/bounded-json.js';
import { createPipeline, startRun, useService } from '../../support/service.js';

const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const json = { 'content-type': 'application/json' };

describe('hostile input gets 400, never a 500', () => {
  const service = useService();

  it('refuses 10,000-deep JSON on pipeline routes before anything recurses through it', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'deep',
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    });
    const bodies = [
      `{"name":"deep-2","stages":${deep(10_000)}}`,
      `{"name":"deep-3","stages":[{"name":"A","steps":[{"echo":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}]}]}`,
    ];
    for (const [method, url] of [
      ['POST', '/api/pipelines'],
      ['PUT', `/api/pipelines/${pipeline.id}`],
    ] as const) {
      for (const payload of bodies) {
        const res = await s.call(s.tokens.developer, { method, url, headers: json, payload });
        expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 200)}`).toBe(400);
        expect(res.json().message).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
      }
    }
  });

  it('refuses an array longer than 10,000 items, naming where it is', async () => {
    const s = service();
    const steps = Array.from({ length: 10_001 }, () => '{"echo":"x"}').join(',');
    const res = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      headers: json,
      payload: `{"name":"long","stages":[{"name":"A","steps":[${steps}]}]}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      { path: 'body.stages[0].steps', message: 'has more than 10000 items' },
    ]);
  });

  it('refuses offsets past any table on the list routes', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'paged',
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    });
    for (const url of ['/api/pipelines', `/api/pipelines/${pipeline.id}/runs`, '/api/login-log']) {
      const res = await s.call(s.tokens.admin, { method: 'GET', url: `${url}?offset=99999999999999999999` });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().problems[0].path).toBe('querystring.offset');
      expect((await s.call(s.tokens.admin, { method: 'GET', url: `${url}?offset=5` })).statusCode).toBe(200);
    }
  });

  it('refuses setting keys that are not setting names, naming each one', async () => {
    const s = service();
    const bad = ['', ' ', '../..', 'a\u0000b', 'x'.repeat(500), 'trailing.', 'Upper'];
    const res = await s.call(s.tokens.admin, {
      method: 'PUT',
      url: '/api/settings',
      payload: Object.fromEntries([...bad.map((k) => [k, 1]), ['siteName', 'ok']]),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toHaveLength(bad.length);
    expect(res.json().problems.map((p: { path: string }) => p.path)).toContain('body["../.."]');
    const settings = (await s.call(s.tokens.admin, { method: 'GET', url: '/api/settings' })).json();
    expect(settings).not.toHaveProperty('siteName'); // nothing of a refused request is stored
    const good = await s.call(s.tokens.admin, {
      method: 'PUT',
      url: '/api/settings',
      payload: { siteName: 'x', 'mail.fromAddress': 'ci@example.com' },
    });
    expect(good.statusCode).toBe(200);
  });

  it('refuses an artifact that is a symlink out of the run’s folder', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'linked',
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    });
    const run = await startRun(s, pipeline.id);
    const outside = mkdtempSync(join(tmpdir(), 'pipewright-outside-'));
    writeFileSync(join(outside, 'shadow'), 'root:secret-hash:19000:0:99999:7:::\n');
    const root = artifactDir(s.dataDir, run.id);
    mkdirSync(join(root, 'reports'), { recursive: true });
    writeFileSync(join(root, 'reports', 'ok.txt'), 'fine');
    symlinkSync(join(outside, 'shadow'), join(root, 'shadow'));
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync(join(root, 'reports', 'ok.txt'), join(root, 'inside-link'));
    const get = (path: string) =>
      s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/artifacts/${path}` });
    for (const path of ['shadow', 'escape/shadow', 'reports/..%2F..%2F..%2Fetc%2Fpasswd']) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain('secret-hash');
    }
    expect((await get('reports/ok.txt')).body).toBe('fine');
    // A link that stays inside the folder is an ordinary artifact.
    expect((await get('inside-link')).body).toBe('fine');
    const listed = (
      await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/artifacts` })
    ).json();
    expect(listed.map((f: { path: string }) => f.path)).toEqual(['reports/ok.txt']);
  });
});

describe('the JSON bounds scanner', () => {
  it('measures without recursion and names the path of the problem', () => {
    expect(jsonBoundProblems('{"a":[1,2,3],"b":{"c":[[]]}}', { depth: 4, items: 3 })).toEqual([]);
    expect(jsonBoundProblems('{"a":[1,2,3,4]}', { depth: 3, items: 3 })).toEqual([
      { path: 'body.a', message: 'has more than 3 items' },
    ]);
    expect(jsonBoundProblems('{"a":[0,{"b c":[[[1]]]}]}', { depth: 4, items: 10 })).toEqual([
      { path: 'body.a[1]["b c"][0]', message: 'nests deeper than 4 levels' },
    ]);
    // Brackets and quotes inside strings are text, not structure.
    expect(
      jsonBoundProblems(JSON.stringify({ s: '[[[[[\\"]]]', t: ',,,,' }), { depth: 1, items: 1 }),
    ).toEqual([]);
    expect(jsonBoundProblems(deep(1_000_000))).toHaveLength(1);
  });
});
