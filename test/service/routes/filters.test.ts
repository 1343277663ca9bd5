import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { createPipeline, startRun, useService, waitForRun, type TestService } from '../../support/service.js';

const pipelineBody = (name: string) => ({ name, stages: [{ name: 'A', steps: [{ echo: 'x' }] }] });

/** Problems of a 400 answer, as `[path] message` lines. */
async function problemLines(s: TestService, url: string): Promise<string[]> {
  const res = await s.call(s.tokens.admin, { method: 'GET', url });
  expect(res.statusCode, `${url} -> ${res.body}`).toBe(400);
  return res.json().message.split('\n');
}

describe.each(DATABASE_KINDS)('list filters and request errors on %s', (kind) => {
  const service = useService(kind);

  it('filters run history by instants in any time zone and to the millisecond', async () => {
    const s = service();
    const pipeline = await createPipeline(s, pipelineBody('instants'));
    const run = await startRun(s, pipeline.id);
    await waitForRun(s, run.id);
    // GIVEN a run queued 480 ms into 04:31:18 UTC
    await s.app.db
      .updateTable('runs')
      .set({ queued_at: '2026-11-25T04:31:18.480Z' })
      .where('id', '=', run.id)
      .execute();
    const numbers = async (query: string) => {
      const res = await s.call(s.tokens.viewer, {
        method: 'GET',
        url: `/api/pipelines/${pipeline.id}/runs?${query}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((r: { number: number }) => r.number);
    };
    // THEN 04:31:18Z is before it, and 04:31:18.481Z after it
    expect(await numbers('from=2026-11-25T04:31:18Z')).toEqual([1]);
    expect(await numbers('to=2026-11-25T04:31:18Z')).toEqual([]);
    expect(await numbers('from=2026-11-25T04:31:18.481Z')).toEqual([]);
    // AND 12:31 at UTC+8 is 04:31 UTC, whether the `+` is sent as is (decoded to a space) or encoded
    expect(await numbers('from=2026-11-25T12:31:00+08:00')).toEqual([1]);
    expect(await numbers('from=2026-11-25T12:31:00%2B08:00')).toEqual([1]);
    expect(await numbers('to=2026-11-25T12:31:00+08:00')).toEqual([]);
    expect(await numbers('from=2026-11-25T12:32:00%2B08:00')).toEqual([]);
    // (as text, 04:00:00-01:00 sorts before the run; as an instant it is 05:00 UTC, after it)
    expect(await numbers('to=2026-11-25T04:00:00-01:00')).toEqual([1]);
    // AND something that is not an instant is one readable problem, quoting it
    expect(await problemLines(s, `/api/pipelines/${pipeline.id}/runs?from=yesterday`)).toEqual([
      '[querystring.from] must be an RFC 3339 instant such as 2026-11-25T12:31:00+08:00; got "yesterday"',
    ]);
    expect(await problemLines(s, `/api/pipelines/${pipeline.id}/runs?to=2026-02-31T00:00:00Z`)).toHaveLength(
      1,
    );
  });

  it('names operators by username in runs and in the operator filter', async () => {
    const s = service();
    const pipeline = await createPipeline(s, pipelineBody('operators'));
    const mine = await startRun(s, pipeline.id, {}, s.tokens.tester);
    await startRun(s, pipeline.id, {}, s.tokens.developer);
    expect(mine).toMatchObject({ operator: 'tester-user', operatorId: s.users.tester.id });
    const res = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: `/api/pipelines/${pipeline.id}/runs?operator=tester-user`,
    });
    expect(res.json().items.map((r: { id: string; operator: string }) => [r.id, r.operator])).toEqual([
      [mine.id, 'tester-user'],
    ]);
    expect(
      (
        await s.call(s.tokens.viewer, {
          method: 'GET',
          url: `/api/pipelines/${pipeline.id}/runs?operator=nobody`,
        })
      ).json().total,
    ).toBe(0);
    const detail = await waitForRun(s, mine.id);
    expect(detail.operator).toBe('tester-user');
    const listed = (
      await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines?q=operators' })
    ).json();
    expect(listed.items[0]).toMatchObject({ owner: 'developer-user', ownerId: s.users.developer.id });
  });

  it('answers an unknown enum value on every list route with one line listing the allowed values', async () => {
    const s = service();
    const pipeline = await createPipeline(s, pipelineBody('enums'));
    const statuses = 'queued, running, waiting, success, unstable, failed, aborted, interrupted';
    const cases: [string, string][] = [
      ['/api/pipelines?status=bogus', `[querystring.status] must be one of ${statuses}; got "bogus"`],
      [
        '/api/pipelines?trigger=bogus',
        '[querystring.trigger] must be one of manual, push, cron, api; got "bogus"',
      ],
      [
        '/api/pipelines?sort=colour',
        '[querystring.sort] must be one of name, updatedAt, lastRunAt; got "colour"',
      ],
      ['/api/pipelines?order=up', '[querystring.order] must be one of asc, desc; got "up"'],
      [
        `/api/pipelines/${pipeline.id}/runs?status=bogus`,
        `[querystring.status] must be one of ${statuses}; got "bogus"`,
      ],
      [
        `/api/pipelines/${pipeline.id}/runs?trigger=bogus`,
        '[querystring.trigger] must be one of manual, push, cron, api; got "bogus"',
      ],
      [
        `/api/pipelines/${pipeline.id}/runs?order=up`,
        '[querystring.order] must be one of asc, desc; got "up"',
      ],
      ['/api/login-log?success=maybe', '[querystring.success] must be boolean; got "maybe"'],
    ];
    for (const [url, line] of cases) expect(await problemLines(s, url)).toEqual([line]);
    // A bad value in a body union of constants is one line too
    const res = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/runs`,
      payload: { trigger: 'timer' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('[body.trigger] must be one of manual, push, cron, api; got "timer"');
  });

  it('takes a POST without a body where every field is optional, and keeps the remark of a rerun', async () => {
    const s = service();
    const pipeline = await createPipeline(s, pipelineBody('no-body'));
    const bare = await s.call(s.tokens.tester, { method: 'POST', url: `/api/pipelines/${pipeline.id}/runs` });
    expect(bare.statusCode, bare.body).toBe(201);
    const emptyJson = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/runs`,
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(emptyJson.statusCode, emptyJson.body).toBe(201);
    const required = await s.call(s.tokens.developer, { method: 'POST', url: '/api/pipelines' });
    expect(required.statusCode).toBe(400);
    const rerun = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/runs/${bare.json().id}/rerun`,
      payload: { remark: 'flaky network' },
    });
    expect(rerun.json()).toMatchObject({ remark: 'flaky network', rerunOf: bare.json().id });
    const plain = await s.call(s.tokens.tester, { method: 'POST', url: `/api/runs/${bare.json().id}/rerun` });
    expect(plain.json().remark).toBe(`rerun of #${bare.json().number}`);
    for (const run of [bare, emptyJson, rerun, plain]) await waitForRun(s, run.json().id);
  });

  it('says which options a saved template takes and refuses the others', async () => {
    const s = service();
    const pipeline = await createPipeline(s, pipelineBody('saved-source'));
    const saved = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/template`,
      payload: { name: 'saved-one', title: 'Saved one' },
    });
    expect(saved.json()).toMatchObject({ options: ['name', 'group'], createdBy: 'maintainer-user' });
    const listed = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/templates' })).json();
    expect(listed.find((t: { name: string }) => t.name === 'test-build').options).toEqual(
      expect.arrayContaining(['name', 'language', 'testCommand']),
    );
    const refused = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/templates/saved-one/pipelines',
      payload: { name: 'from-saved', language: 'go', testCommand: 'go test' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().problems.map((p: { path: string }) => p.path)).toEqual([
      'body.language',
      'body.testCommand',
    ]);
    expect(refused.json().message).toContain('takes name, group');
    const made = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/templates/saved-one/pipelines',
      payload: { name: 'from-saved', group: 'team-x' },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: 'from-saved', group: 'team-x', owner: 'developer-user' });
  });
});
