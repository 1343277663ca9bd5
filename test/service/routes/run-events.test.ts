import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../service/auth/roles.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { createPipeline, startRun, useService, waitForRun, type TestService } from '../../support/service.js';

/** Starts a run that hands its credential to the test and then waits at a gate. */
async function heldRun(s: TestService, pipelineId: string) {
  const run = await startRun(s, pipelineId);
  await waitForRun(s, run.id, s.tokens.admin, (r) => r.status === 'waiting');
  const file = join(dirname(s.dataDir), `token-${run.id}`);
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  return { run, token: readFileSync(file, 'utf8') };
}

describe.each(DATABASE_KINDS)("run events come only from the run's own executor, on %s", (kind) => {
  const service = useService(kind);

  async function setup() {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: `events-${Math.random().toString(36).slice(2, 8)}`,
      stages: [
        {
          name: 'Token',
          steps: [
            { sh: `printf %s "$PIPEWRIGHT_RUN_TOKEN" > ${dirname(s.dataDir)}/token-"$PIPEWRIGHT_RUN_ID"` },
          ],
        },
        { name: 'Hold', gate: { message: 'hold' }, steps: [{ echo: 'released' }] },
      ],
    });
    return { s, pipeline };
  }

  const post = (s: TestService, runId: string, token: string | null, body: unknown) =>
    s.call(token, { method: 'POST', url: `/api/runs/${runId}/events`, payload: body as object });

  it('applies a replayed event once', async () => {
    const { s, pipeline } = await setup();
    const { run, token } = await heldRun(s, pipeline.id);
    const event = [{ id: 'ext-1', type: 'log', stage: 'Hold', text: 'from the build\n' }];
    const first = await post(s, run.id, token, event);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await post(s, run.id, token, event);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const logs = (
      await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs?stage=Hold` })
    ).json();
    expect(logs.filter((e: { data: string }) => e.data === 'from the build\n')).toHaveLength(1);
  });

  it("refuses users' tokens of every role, another run's credential, and any credential once the run ended", async () => {
    const { s, pipeline } = await setup();
    const a = await heldRun(s, pipeline.id);
    const b = await heldRun(s, pipeline.id);
    const note = [{ id: 'n', type: 'note', text: 'forged' }];
    expect((await post(s, a.run.id, null, note)).statusCode).toBe(401);
    for (const role of ROLES)
      expect((await post(s, a.run.id, s.tokens[role], note)).statusCode, role).toBe(403);
    expect((await post(s, a.run.id, b.token, note)).statusCode).toBe(403);
    expect((await post(s, a.run.id, a.token, note)).statusCode).toBe(201);
    // WHEN run A ends
    const approved = await s.call(s.tokens.admin, {
      method: 'POST',
      url: `/api/runs/${a.run.id}/gates/Hold`,
      payload: { approve: true },
    });
    expect(approved.statusCode).toBe(200);
    expect((await waitForRun(s, a.run.id)).status).toBe('success');
    // THEN its credential is worth nothing
    expect((await post(s, a.run.id, a.token, [{ id: 'late', type: 'note', text: 'late' }])).statusCode).toBe(
      403,
    );
    await s.call(s.tokens.admin, { method: 'POST', url: `/api/runs/${b.run.id}/cancel` });
    expect((await waitForRun(s, b.run.id)).status).toBe('aborted');
  });

  it('moves the run through what its executor reports, in the RunEvent contract', async () => {
    const { s, pipeline } = await setup();
    const { run, token } = await heldRun(s, pipeline.id);
    const bad = await post(s, run.id, token, [{ kind: 'note', data: 'old shape' }]);
    expect(bad.statusCode).toBe(400);
    const finished = await post(s, run.id, token, [
      { id: 'fin', type: 'run.finished', status: 'failed', reason: 'reported' },
    ]);
    expect(finished.json()).toMatchObject({ accepted: 1, status: 'failed' });
    const detail = await waitForRun(s, run.id);
    expect(detail).toMatchObject({ status: 'failed', reason: 'reported' });
    for (const st of detail.stages) expect(['pending', 'running', 'waiting']).not.toContain(st.status);
    expect(detail.gates[0].status).toBe('aborted');
  });
});
