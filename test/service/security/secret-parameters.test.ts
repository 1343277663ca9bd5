import { describe, expect, it } from 'vitest';
import { createPipeline, startRun, useService, waitForRun } from '../../support/service.js';

const SECRET = 'hunter2-deploy-key';

describe('password parameters', () => {
  const service = useService('sqlite');

  it('reach the build, but are never stored, shown or reused', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'with-secret',
      parameters: [{ name: 'DEPLOY_KEY', type: 'password' }],
      stages: [{ name: 'Use', steps: [{ sh: `echo "key is $DEPLOY_KEY"; test "$DEPLOY_KEY" = ${SECRET}` }] }],
    });
    const started = await startRun(s, pipeline.id, { parameters: { DEPLOY_KEY: SECRET } });
    expect(started.parameters.DEPLOY_KEY).toBe('****');
    const run = await waitForRun(s, started.id);
    // The step's own test proves the build got the real value.
    expect(run.status).toBe('success');
    const asViewer = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}` });
    expect(asViewer.body).not.toContain(SECRET);
    expect(asViewer.json().parameters.DEPLOY_KEY).toBe('****');
    const list = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/pipelines/${pipeline.id}/runs` });
    expect(list.body).not.toContain(SECRET);
    const log = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs/download` });
    expect(log.body).toContain('key is ****');
    expect(log.body).not.toContain(SECRET);
    const stored = await s.app.db
      .selectFrom('runs')
      .select('parameters')
      .where('id', '=', run.id)
      .executeTakeFirst();
    expect(stored!.parameters).not.toContain(SECRET);

    // A rerun asks for the password again instead of silently reusing it.
    const rerunWithout = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/runs/${run.id}/rerun`,
      payload: {},
    });
    expect(rerunWithout.statusCode).toBe(400);
    expect(rerunWithout.json().message).toContain('[body.parameters.DEPLOY_KEY]');
    const rerun = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/runs/${run.id}/rerun`,
      payload: { parameters: { DEPLOY_KEY: SECRET }, remark: 'again, with the key' },
    });
    expect(rerun.statusCode).toBe(201);
    expect(rerun.json()).toMatchObject({ remark: 'again, with the key', rerunOf: run.id });
    expect((await waitForRun(s, rerun.json().id)).status).toBe('success');
  });
});
