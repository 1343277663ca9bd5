import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { useService } from '../../support/service.js';
import { api, createCases, waitForPlanRun } from './support.js';

describe.each(DATABASE_KINDS)('test plans through the API, local runner (%s)', (kind) => {
  const service = useService(kind);

  it('runs a plan of three cases with one failing: results, verdict, JUnit, history and pass rates', async () => {
    const s = service();
    const ids = await createCases(s, 'checkout', [
      { name: 'login-works', run: { script: 'echo logged in as $WHO', env: { WHO: 'tester' } }, level: 'P0' },
      { name: 'cart-total', run: { script: 'echo wrong total >&2; exit 3' }, level: 'P1', tags: ['cart'] },
      { name: 'search-finds', run: { command: ['sh', '-c', 'test "$PLAN_VAR" = from-plan'] } },
    ]);
    const plan = await api(s, s.tokens.tester, 'POST', '/api/test-plans', {
      name: 'smoke',
      cases: [ids['login-works'], ids['cart-total'], ids['search-finds']],
      env: { PLAN_VAR: 'from-plan' },
    });
    expect(plan.cases.map((c: { name: string }) => c.name)).toEqual([
      'login-works',
      'cart-total',
      'search-finds',
    ]);

    const started = await api(s, s.tokens.tester, 'POST', '/api/test-plans/smoke/runs', {
      environment: 'staging',
      build: 'http://jenkins/job/x/1/',
      commit: 'abc123',
    });
    expect(started).toMatchObject({ plan: 'smoke', runner: 'local', total: 3, environment: 'staging' });
    const run = await waitForPlanRun(s, started.id);
    expect(run).toMatchObject({
      status: 'failed',
      runStatus: 'failed',
      total: 3,
      passed: 2,
      failed: 1,
      notRunnable: 0,
      operator: 'tester-user',
      trigger: 'manual',
    });
    const results = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${run.id}/results`);
    expect(results.map((r: { caseName: string; status: string }) => [r.caseName, r.status])).toEqual([
      ['login-works', 'passed'],
      ['cart-total', 'failed'],
      ['search-finds', 'passed'],
    ]);
    expect(results[0].output).toContain('logged in as tester');
    expect(results[1]).toMatchObject({ message: 'exited with code 3', attempts: 1 });
    expect(results[1].output).toContain('wrong total');

    const junit = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: `/api/test-plan-runs/${run.id}/junit.xml`,
    });
    expect(junit.statusCode).toBe(200);
    expect(junit.headers['content-type']).toContain('application/xml');
    expect(junit.body).toContain('tests="3" failures="1"');
    expect(junit.body).toContain('<failure message="exited with code 3"');

    // The failing case is fixed; a second run passes.
    await api(s, s.tokens.tester, 'PATCH', `/api/test-cases/${ids['cart-total']}`, {
      run: { script: 'true' },
    });
    const second = await waitForPlanRun(
      s,
      (await api(s, s.tokens.tester, 'POST', '/api/test-plans/smoke/runs')).id,
    );
    expect(second).toMatchObject({ status: 'passed', runStatus: 'success', passed: 3, failed: 0 });

    const history = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs?plan=smoke`);
    expect(history.total).toBe(2);
    expect(history.items.map((r: { id: string }) => r.id)).toEqual([second.id, run.id]);
    const failedOnly = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs?plan=smoke&status=failed`);
    expect(failedOnly.items.map((r: { id: string }) => r.id)).toEqual([run.id]);
    const byCase = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs?caseId=${ids['cart-total']}`);
    expect(byCase.total).toBe(2);
    const caseHistory = await api(s, s.tokens.viewer, 'GET', `/api/test-cases/${ids['cart-total']}/results`);
    expect(caseHistory.items.map((r: { status: string }) => r.status)).toEqual(['passed', 'failed']);
    const failedResults = await api(
      s,
      s.tokens.viewer,
      'GET',
      `/api/test-cases/${ids['cart-total']}/results?status=failed`,
    );
    expect(failedResults.total).toBe(1);

    const stats = await api(s, s.tokens.viewer, 'GET', '/api/test-plans/smoke/stats?last=10');
    expect(stats).toEqual([
      { caseId: ids['login-works'], runs: 2, passed: 2, passRate: 1, flips: 0, flakiness: 0 },
      { caseId: ids['cart-total'], runs: 2, passed: 1, passRate: 0.5, flips: 1, flakiness: 1 },
      { caseId: ids['search-finds'], runs: 2, passed: 2, passRate: 1, flips: 0, flakiness: 0 },
    ]);
  });

  it('counts pass rate and flakiness over the last N results only', async () => {
    const s = service();
    const ids = await createCases(s, 'flaky-service', [{ name: 'sometimes', run: { script: 'true' } }]);
    await api(s, s.tokens.tester, 'POST', '/api/test-plans', { name: 'flaky-plan', cases: [ids.sometimes] });
    // Outcomes oldest first: pass, fail, pass, pass, fail.
    for (const pass of [true, false, true, true, false]) {
      await api(s, s.tokens.tester, 'PATCH', `/api/test-cases/${ids.sometimes}`, {
        run: { script: pass ? 'true' : 'false' },
      });
      await waitForPlanRun(s, (await api(s, s.tokens.tester, 'POST', '/api/test-plans/flaky-plan/runs')).id);
    }
    const all = await api(s, s.tokens.viewer, 'GET', `/api/test-cases/${ids.sometimes}/stats?last=5`);
    expect(all).toEqual({
      caseId: ids.sometimes,
      runs: 5,
      passed: 3,
      passRate: 0.6,
      flips: 3,
      flakiness: 0.75,
    });
    // The last three: pass, pass, fail.
    const last3 = await api(s, s.tokens.viewer, 'GET', `/api/test-cases/${ids.sometimes}/stats?last=3`);
    expect(last3).toMatchObject({ runs: 3, passed: 2, flips: 1, flakiness: 0.5 });
  });
});
