import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useStepHarness } from '../support/step-harness.js';
import { useService } from '../support/service.js';
import { api, createCases } from '../service/test-plans/support.js';

/**
 * vars/runTestPlan.groovy under Groovy 2.4 with its sh steps really running the curl scripts of
 * resources/pipewright against the service listening on a port: the whole contract, both sides.
 */
describe('runTestPlan against the running service', () => {
  const service = useService();
  const run = useStepHarness();
  let base = '';
  let token = '';

  beforeAll(async () => {
    const s = service();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const address = s.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    // What Jenkins holds in the pipewright-token credential: a tester's personal API token.
    token = (await api(s, s.tokens.tester, 'POST', '/api/me/tokens', { name: 'jenkins' })).token;
    const ids = await createCases(s, 'shop', [
      { name: 'home-page', run: { script: 'echo ok' } },
      { name: 'checkout', run: { script: 'echo declined >&2; exit 1' } },
      { name: 'search', run: { script: 'true' } },
    ]);
    await api(s, s.tokens.tester, 'POST', '/api/test-plans', { name: 'nightly', cases: Object.values(ids) });
  });

  const scenario = (config: Record<string, unknown>) => {
    const workspace = mkdtempSync(join(tmpdir(), 'pipewright-jenkins-ws-'));
    return {
      workspace,
      scenario: {
        config: { plan: 'nightly', pollSeconds: 1, ...config },
        env: { PIPEWRIGHT_URL: base, BUILD_URL: 'http://jenkins/job/shop/7/', GIT_COMMIT: 'abc123' },
        execute: { workspace, credentials: { 'pipewright-token': token } },
      },
    };
  };

  it('starts the plan, waits for the verdict, publishes the report and marks the build unstable', async () => {
    const { workspace, scenario: sc } = scenario({ failThreshold: 50 });
    const result = await run('runTestPlan', sc);
    expect(result.error).toBeNull();
    expect(result.calls.find((c) => c.step === 'unstable')?.args).toBe(
      'runTestPlan: test plan nightly: 2/3 passed (66.7%), below the unstable threshold of 100%',
    );
    const verdict = result.result as { id: string; status: string; total: number; passed: number };
    expect(verdict).toMatchObject({ status: 'failed', total: 3, passed: 2, failed: 1 });
    const report = join(workspace, '.pipewright/test-plan-junit.xml');
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('name="checkout"');
    // The service recorded who asked and for what.
    const stored = await api(service(), service().tokens.viewer, 'GET', `/api/test-plan-runs/${verdict.id}`);
    expect(stored).toMatchObject({
      trigger: 'api',
      operator: 'tester-user',
      build: 'http://jenkins/job/shop/7/',
      commit: 'abc123',
      runStatus: 'failed',
    });
  });

  it('fails the build below the fail threshold', async () => {
    const { scenario: sc } = scenario({ failThreshold: 80 });
    const result = await run('runTestPlan', sc);
    expect(result.error).toBe(
      'runTestPlan: test plan nightly: 2/3 passed (66.7%), below the fail threshold of 80%',
    );
  });

  it('fails the build when the plan does not exist (the service answers 404)', async () => {
    const { scenario: sc } = scenario({ plan: 'no-such-plan' });
    const result = await run('runTestPlan', sc);
    expect(result.error).toBe('script returned exit code 22');
  });
});
