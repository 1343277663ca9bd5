import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { createPipeline, startRun, useService, waitForRun } from '../../support/service.js';

// A timeout "minute" lasts 200 ms here, so timeouts can be tested.
describe.each(DATABASE_KINDS)('runs through the local executor on %s', (kind) => {
  const service = useService(kind, {}, { minuteMs: 200 });

  it('runs a pipeline made from the test+build template and records history, stage durations and logs', async () => {
    const s = service();
    // GIVEN a pipeline from the built-in template, with local shell commands
    const created = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/templates/test-build/pipelines',
      payload: {
        name: 'shop',
        local: true,
        testCommand: 'echo "tests pass"; sleep 0.2',
        buildCommand: 'echo built > artifact.txt && cat artifact.txt',
      },
    });
    expect(created.statusCode).toBe(201);
    const pipeline = created.json();
    // WHEN a tester starts it with a remark
    const started = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/runs`,
      payload: { remark: 'release candidate' },
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({
      number: 1,
      trigger: 'manual',
      remark: 'release candidate',
      operatorId: s.users.tester.id,
    });
    // THEN it succeeds, with both stages timed and logged
    const run = await waitForRun(s, started.json().id);
    expect(run.status).toBe('success');
    expect(run.stages.map((st: { name: string; status: string }) => [st.name, st.status])).toEqual([
      ['Test', 'success'],
      ['Build', 'success'],
    ]);
    expect(run.stages[0].durationMs).toBeGreaterThanOrEqual(200);
    expect(run.durationMs).toBeGreaterThanOrEqual(run.stages[0].durationMs);
    const logs = (
      await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs?stage=Build` })
    ).json();
    expect(logs.map((e: { data: string }) => e.data).join('')).toContain('built\n');
    const tail = (
      await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs?tail=1` })
    ).json();
    expect(tail).toHaveLength(1);
    expect(tail[0].data).toBe('Finished: SUCCESS\n');
    const download = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: `/api/runs/${run.id}/logs/download`,
    });
    expect(download.headers['content-disposition']).toContain('run-1.log');
    expect(download.body).toContain('tests pass');
    // History and the pipeline list show it
    const history = (
      await s.call(s.tokens.viewer, {
        method: 'GET',
        url: `/api/pipelines/${pipeline.id}/runs?status=success`,
      })
    ).json();
    expect(history.total).toBe(1);
    const listed = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines?q=shop' })).json();
    expect(listed.items[0].lastRun).toMatchObject({ number: 1, status: 'success', trigger: 'manual' });
    // A rerun gets the next number
    const rerun = await s.call(s.tokens.tester, { method: 'POST', url: `/api/runs/${run.id}/rerun` });
    expect(rerun.json()).toMatchObject({ number: 2, rerunOf: run.id });
    await waitForRun(s, rerun.json().id);
  });

  it('runs parallel branches, and lets only the listed submitter pass the gate', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'gated',
      stages: [
        {
          name: 'Checks',
          parallel: [
            { name: 'lint', steps: [{ sh: 'sleep 0.3; echo lint ok' }] },
            { name: 'unit', steps: [{ sh: 'sleep 0.3; echo unit ok' }] },
          ],
        },
        {
          name: 'Release',
          gate: { message: 'Ship it?', submitters: { users: ['developer-user'] } },
          steps: [{ echo: 'shipped' }],
        },
      ],
    });
    const run = await startRun(s, pipeline.id, {}, s.tokens.tester);
    const waiting = await waitForRun(s, run.id, s.tokens.admin, (r) => r.status === 'waiting');
    // The branches ran side by side: each took ~0.3 s, and they overlapped.
    const [lint, unit] = ['lint', 'unit'].map((n) =>
      waiting.stages.find((st: { name: string }) => st.name === n),
    );
    expect(lint.status).toBe('success');
    expect(Date.parse(lint.startedAt)).toBeLessThan(Date.parse(unit.finishedAt));
    expect(Date.parse(unit.startedAt)).toBeLessThan(Date.parse(lint.finishedAt));
    // The gate is the submitter's todo, not the maintainer's
    const todos = (await s.call(s.tokens.developer, { method: 'GET', url: '/api/workbench/todos' })).json()
      .items;
    expect(todos).toEqual([
      expect.objectContaining({ kind: 'approval', runId: run.id, stage: 'Release', message: 'Ship it?' }),
    ]);
    expect(
      (await s.call(s.tokens.maintainer, { method: 'GET', url: '/api/workbench/todos' })).json().items,
    ).toEqual([]);
    const refused = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: `/api/runs/${run.id}/gates/Release`,
      payload: { approve: true },
    });
    expect(refused.statusCode).toBe(403);
    const approved = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/runs/${run.id}/gates/Release`,
      payload: { approve: true, comment: 'go' },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: 'developer-user', comment: 'go' });
    const again = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/runs/${run.id}/gates/Release`,
      payload: { approve: false },
    });
    expect(again.statusCode).toBe(409);
    const done = await waitForRun(s, run.id);
    expect(done.status).toBe('success');
    expect(done.gates).toEqual([
      expect.objectContaining({ stage: 'Release', status: 'approved', decidedBy: 'developer-user' }),
    ]);
  });

  it('gives 50 concurrent API triggers the numbers 1..50 exactly once', async () => {
    const s = service();
    const pipeline = (
      await s.call(s.tokens.developer, {
        method: 'POST',
        url: '/api/pipelines',
        payload: { name: 'busy', stages: [{ name: 'A', steps: [{ echo: 'x' }] }] },
      })
    ).json();
    const token = (
      await s.call(s.tokens.tester, { method: 'POST', url: '/api/me/tokens', payload: { name: 'ci' } })
    ).json().token;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        s.call(token, { method: 'POST', url: `/api/pipelines/${pipeline.id}/runs`, payload: {} }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    expect(responses.map((r) => r.json().number).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(responses.every((r) => r.json().trigger === 'api')).toBe(true);
    for (const r of responses) await waitForRun(s, r.json().id);
  });

  it('cancels a run and kills the whole process group it started', async () => {
    const s = service();
    const marker = `pw-cancel-${process.pid}`;
    const pipeline = await createPipeline(s, {
      name: 'slow',
      stages: [{ name: 'Wait', steps: [{ sh: `(sleep 31.7; touch done) & sleep 31.7 # ${marker}` }] }],
    });
    const run = await startRun(s, pipeline.id, {}, s.tokens.developer);
    await waitForRun(s, run.id, s.tokens.admin, (r) => r.status === 'running');
    await new Promise((r) => setTimeout(r, 300));
    expect(execFileSync('ps', ['-eo', 'args']).toString()).toContain('sleep 31.7');
    expect(
      (await s.call(s.tokens.tester, { method: 'POST', url: `/api/runs/${run.id}/cancel` })).statusCode,
    ).toBe(403);
    expect(
      (await s.call(s.tokens.developer, { method: 'POST', url: `/api/runs/${run.id}/cancel` })).statusCode,
    ).toBe(200);
    const done = await waitForRun(s, run.id);
    expect(done.status).toBe('aborted');
    await new Promise((r) => setTimeout(r, 200));
    expect(execFileSync('ps', ['-eo', 'args']).toString()).not.toContain('sleep 31.7');
    expect(existsSync(join(s.dataDir, 'workspaces', run.id, 'done'))).toBe(false);
    expect(
      (await s.call(s.tokens.developer, { method: 'POST', url: `/api/runs/${run.id}/cancel` })).statusCode,
    ).toBe(409);
  });

  it('fails steps that need Jenkins with a message that says what is needed, and skips stages by condition', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'needs-jenkins',
      parameters: [{ name: 'TARGET', type: 'choice', choices: ['staging', 'production'] }],
      stages: [
        { name: 'Only on release', when: { branch: 'release/*' }, steps: [{ sh: 'exit 1' }] },
        { name: 'Only by hand', manual: true, steps: [{ echo: 'by hand' }] },
        { name: 'Image', steps: [{ step: 'buildImage', with: { image: 'team/app' } }] },
      ],
    });
    const bad = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/runs`,
      payload: { parameters: { TARGET: 'moon', NOPE: 'x' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems.map((p: { path: string }) => p.path)).toEqual([
      'body.parameters.TARGET',
      'body.parameters.NOPE',
    ]);
    const token = (
      await s.call(s.tokens.tester, { method: 'POST', url: '/api/me/tokens', payload: { name: 'bot' } })
    ).json().token;
    const run = (
      await s.call(token, {
        method: 'POST',
        url: `/api/pipelines/${pipeline.id}/runs`,
        payload: { parameters: { TARGET: 'production' } },
      })
    ).json();
    expect(run.parameters).toEqual({ TARGET: 'production' });
    const done = await waitForRun(s, run.id);
    expect(done.status).toBe('failed');
    expect(done.stages.map((st: { status: string }) => st.status)).toEqual(['skipped', 'skipped', 'failed']);
    const logs = (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs/download` }))
      .body;
    expect(logs).toContain('buildImage builds with kaniko inside a Kubernetes agent pod: connect Jenkins');
    // A failed run of a favorite is on the workbench of whoever favorited it
    await s.call(s.tokens.viewer, { method: 'PUT', url: `/api/pipelines/${pipeline.id}/favorite` });
    const todos = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/workbench/todos' })).json()
      .items;
    expect(todos).toEqual([
      expect.objectContaining({ kind: 'failed-run', pipelineName: 'needs-jenkins', runId: run.id }),
    ]);
  });

  it('archives artifacts, serves them, and refuses paths outside the run', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'artifacts',
      stages: [
        {
          name: 'Package',
          steps: [
            {
              sh: 'mkdir -p dist/sub && echo one > dist/a.txt && echo two > dist/sub/b.txt && echo no > notes.md',
            },
            { step: 'archiveArtifacts', with: { artifacts: 'dist/**' } },
          ],
        },
      ],
    });
    const run = await waitForRun(s, (await startRun(s, pipeline.id, {}, s.tokens.tester)).id);
    expect(run.status).toBe('success');
    const list = (
      await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/artifacts` })
    ).json();
    expect(list).toEqual([
      { path: 'dist/a.txt', size: 4 },
      { path: 'dist/sub/b.txt', size: 4 },
    ]);
    const file = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: `/api/runs/${run.id}/artifacts/dist/sub/b.txt`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('two\n');
    expect(file.headers['content-disposition']).toBe('attachment; filename="b.txt"');
    expect(
      (
        await s.call(s.tokens.viewer, {
          method: 'GET',
          url: `/api/runs/${run.id}/artifacts/..%2F..%2Fpipewright.sqlite`,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/artifacts/notes.md` }))
        .statusCode,
    ).toBe(404);
  });

  it('aborts a stage that runs past its timeout and still runs the post steps', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'too-slow',
      stages: [
        {
          name: 'Slow',
          timeoutMinutes: 1,
          steps: [{ sh: 'sleep 20' }],
          post: { aborted: [{ echo: 'stage aborted' }] },
        },
        { name: 'Never', steps: [{ echo: 'not reached' }] },
      ],
      post: { always: [{ echo: 'cleaning up' }] },
    });
    // 'aborted' (not 'success' after the 20 s sleep) shows the 1-"minute" (200 ms) timeout fired.
    const run = await waitForRun(s, (await startRun(s, pipeline.id, {}, s.tokens.tester)).id);
    expect(run.status).toBe('aborted');
    expect(run.stages.map((st: { status: string }) => st.status)).toEqual(['aborted', 'skipped']);
    const logs = (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs/download` }))
      .body;
    expect(logs).toContain('stage aborted');
    expect(logs).toContain('cleaning up');
    expect(logs).not.toContain('not reached');
  });
});
