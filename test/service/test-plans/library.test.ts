import { describe, expect, it } from 'vitest';
import { decideBuildUser, lookupUser } from '../../../service/executor/build-user.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { useService } from '../../support/service.js';
import { api, createCases, waitForPlanRun } from './support.js';

const COMPOSE = `
services:
  app:
    image: shop-tests:1
    privileged: true
    depends_on: [db]
  db:
    build: .
`;

describe.each(DATABASE_KINDS)('the test library (%s)', (kind) => {
  const service = useService(kind);

  it("validates compose cases on save with the operator's conversion, every problem at once", async () => {
    const s = service();
    const group = await api(s, s.tokens.tester, 'POST', '/api/test-case-groups', {
      service: 'shop',
      name: 'e2e',
    });
    const res = await s.call(s.tokens.tester, {
      method: 'POST',
      url: '/api/test-cases',
      payload: {
        groupId: group.id,
        name: 'with-db',
        run: { image: 'x:1', compose: { files: [{ name: 'docker-compose.yml', content: COMPOSE }] } },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message.split('\n')).toEqual([
      '[body.run.image] a compose case takes its images from the compose file; remove image',
      '[body.run.compose.services.app.privileged] a test pod does not run privileged containers',
      '[body.run.compose.services.db.build] a test pod runs images and cannot build one: build and push it in the pipeline (buildImage), then set image:',
      '[body.run.compose.services.db.image] every service needs image: (a test pod cannot build one)',
    ]);
    const nothing = await s.call(s.tokens.tester, {
      method: 'POST',
      url: '/api/test-cases',
      payload: { groupId: group.id, name: 'empty', run: {} },
    });
    expect(nothing.json().message).toBe(
      '[body.run] give a script, a command or a compose file: the case has nothing to run',
    );
    const good = await api(s, s.tokens.tester, 'POST', '/api/test-cases', {
      groupId: group.id,
      name: 'with-db',
      run: {
        script: 'npm test',
        compose: {
          files: [
            {
              name: 'docker-compose.yml',
              content:
                'services:\n  app: { image: shop-tests:1, depends_on: [db] }\n  db: { image: postgres:16 }\n',
            },
          ],
        },
      },
    });
    expect(good).toMatchObject({ service: 'shop', group: 'e2e', level: 'P2', status: 'draft', type: 'api' });
  });

  it('searches by keyword, tags, levels, status and service, paged', async () => {
    const s = service();
    const ids = await createCases(s, 'search-svc', [
      { name: 'login-ok', run: { script: 'true' }, level: 'P0', tags: ['auth', 'smoke'] },
      { name: 'login-locked', run: { script: 'true' }, level: 'P1', tags: ['auth'] },
      {
        name: 'refund',
        run: { script: 'true' },
        level: 'P2',
        tags: ['payments'],
        steps: 'refund 100% of order_total',
      },
    ]);
    const names = async (query: string) =>
      (await api(s, s.tokens.viewer, 'GET', `/api/test-cases?service=search-svc&${query}`)).items.map(
        (c: { name: string }) => c.name,
      );
    expect(await names('q=LOGIN')).toEqual(['login-locked', 'login-ok']);
    expect(await names('tag=auth,smoke')).toEqual(['login-ok']);
    expect(await names('tag=aut')).toEqual([]);
    expect(await names('level=P0,P2')).toEqual(['login-ok', 'refund']);
    // % and _ are literal characters, not wildcards.
    expect(await names(`q=${encodeURIComponent('100% of order_t')}`)).toEqual(['refund']);
    expect(await names('q=1%25')).toEqual([]);
    expect(await names('q=l_g')).toEqual([]);
    const page = await api(s, s.tokens.viewer, 'GET', '/api/test-cases?service=search-svc&limit=2&offset=2');
    expect(page).toMatchObject({ total: 3 });
    expect(page.items.map((c: { name: string }) => c.name)).toEqual(['refund']);
    await api(s, s.tokens.tester, 'PATCH', `/api/test-cases/${ids['login-ok']}`, { status: 'ready' });
    expect(await names('status=ready')).toEqual(['login-ok']);
  });

  it('refuses to delete a case or group a plan uses; runs outlive their plan', async () => {
    const s = service();
    const ids = await createCases(s, 'keep-svc', [{ name: 'kept', run: { script: 'true' } }]);
    await api(s, s.tokens.tester, 'POST', '/api/test-plans', { name: 'keeper', cases: [ids.kept] });
    const res = await s.call(s.tokens.tester, { method: 'DELETE', url: `/api/test-cases/${ids.kept}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('test plans keeper use this case');
    const missing = await s.call(s.tokens.tester, {
      method: 'POST',
      url: '/api/test-plans',
      payload: { name: 'broken', cases: [ids.kept, 'nope'] },
    });
    expect(missing.json().message).toBe('[body.cases[1]] no test case nope');
    const run = await waitForPlanRun(
      s,
      (await api(s, s.tokens.tester, 'POST', '/api/test-plans/keeper/runs')).id,
    );
    await api(s, s.tokens.tester, 'DELETE', '/api/test-plans/keeper', undefined, 204);
    await api(s, s.tokens.tester, 'DELETE', `/api/test-cases/${ids.kept}`, undefined, 204);
    const history = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs?plan=${run.planId}`);
    expect(history.items.map((r: { id: string; plan: string }) => [r.id, r.plan])).toEqual([
      [run.id, 'keeper'],
    ]);
  });

  it("runs case commands as the build user, never as root, with none of the service's environment", async () => {
    const s = service();
    process.env.PIPEWRIGHT_SERVICE_ONLY_SECRET = 'not-for-tests';
    try {
      await createCases(s, 'who-svc', [
        { name: 'whoami', run: { script: 'id -u; echo "secret=[$PIPEWRIGHT_SERVICE_ONLY_SECRET]"' } },
      ]);
      const ids = (await api(s, s.tokens.viewer, 'GET', '/api/test-cases?service=who-svc')).items.map(
        (c: { id: string }) => c.id,
      );
      await api(s, s.tokens.tester, 'POST', '/api/test-plans', { name: 'who', cases: ids });
      const run = await waitForPlanRun(
        s,
        (await api(s, s.tokens.tester, 'POST', '/api/test-plans/who/runs')).id,
      );
      const [result] = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${run.id}/results`);
      const decision = decideBuildUser({ allowRootBuilds: false });
      const expected = 'runAs' in decision && decision.runAs ? decision.runAs.uid : process.getuid!();
      if (process.getuid!() === 0) expect(expected).toBe(lookupUser('nobody')!.uid);
      expect(result.output.split('\n')[0]).toBe(String(expected));
      expect(result.output).toContain('secret=[]');
    } finally {
      delete process.env.PIPEWRIGHT_SERVICE_ONLY_SECRET;
    }
  });
});
