import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../service/app.js';
import { loadConfig } from '../../../service/config.js';
import { openDatabase } from '../../../service/db/open-database.js';
import { processesWithCookies, RUN_COOKIE_VARIABLE } from '../../../service/executor/process-cookies.js';
import { PLAN_RUN_COOKIE_PREFIX } from '../../../service/test-plans/local-test-runner.js';
import { ADMIN_PASSWORD, useService, type TestService } from '../../support/service.js';
import { api, createCases, waitForPlanRun } from './support.js';

const cookiesOf = (runId: string) =>
  [...processesWithCookies().values()].filter((c) => c === PLAN_RUN_COOKIE_PREFIX + runId);

async function untilNoCookies(runId: string) {
  for (let i = 0; i < 200 && cookiesOf(runId).length; i++) await new Promise((r) => setTimeout(r, 50));
  return cookiesOf(runId);
}

describe('plan runs share the run lifecycle', () => {
  // A "minute" of 300 ms: the plan timeout below fires in a fraction of a second.
  const service = useService('sqlite', {}, { minuteMs: 300 });
  const plan = async (s: TestService, name: string, cases: { name: string; run: object }[], extra = {}) => {
    const ids = await createCases(s, `svc-${name}`, cases);
    return api(s, s.tokens.tester, 'POST', '/api/test-plans', { name, cases: Object.values(ids), ...extra });
  };

  it('cancels a plan run: the running case is stopped and aborted, the rest skipped; only developers may', async () => {
    const s = service();
    await plan(s, 'cancel-me', [
      { name: 'slow', run: { script: 'sleep 60' } },
      { name: 'never', run: { script: 'true' } },
    ]);
    const started = await api(s, s.tokens.tester, 'POST', '/api/test-plans/cancel-me/runs');
    await waitForPlanRun(s, started.id, (r) => r.runStatus === 'running');
    for (let i = 0; i < 200 && cookiesOf(started.id).length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(cookiesOf(started.id).length).toBeGreaterThan(0);
    const denied = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/test-plan-runs/${started.id}/cancel`,
    });
    expect(denied.statusCode).toBe(403);
    const cancelled = await api(
      s,
      s.tokens.developer,
      'POST',
      `/api/test-plan-runs/${started.id}/cancel`,
      undefined,
      200,
    );
    expect(cancelled).toMatchObject({
      runStatus: 'aborted',
      status: 'error',
      reason: 'cancelled by developer-user',
    });
    const results = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${started.id}/results`);
    expect(results.map((r: { status: string }) => r.status)).toEqual(['aborted', 'skipped']);
    expect(await untilNoCookies(started.id)).toEqual([]);
    const again = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/test-plan-runs/${started.id}/cancel`,
    });
    expect(again.statusCode).toBe(409);
  });

  it("aborts a plan run past the plan's timeout", async () => {
    const s = service();
    await plan(s, 'too-slow', [{ name: 'forever', run: { script: 'sleep 60' } }], { timeoutMinutes: 1 });
    const started = await api(s, s.tokens.tester, 'POST', '/api/test-plans/too-slow/runs');
    const run = await waitForPlanRun(s, started.id);
    expect(run).toMatchObject({
      runStatus: 'aborted',
      status: 'error',
      reason: 'timed out after 1 minute(s)',
    });
    expect(await untilNoCookies(started.id)).toEqual([]);
  });

  it('times a case out, retries it, and stops on the first failure when the plan says so', async () => {
    const s = service();
    await plan(
      s,
      'strict',
      [
        { name: 'hangs', run: { script: 'sleep 60', timeoutSeconds: 1, retries: 1 } },
        { name: 'after', run: { script: 'true' } },
      ],
      { stopOnFirstFailure: true },
    );
    const run = await waitForPlanRun(
      s,
      (await api(s, s.tokens.tester, 'POST', '/api/test-plans/strict/runs')).id,
    );
    expect(run).toMatchObject({ runStatus: 'failed', passed: 0, failed: 1 });
    const [hangs, after] = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${run.id}/results`);
    expect(hangs).toMatchObject({
      status: 'failed',
      attempts: 2,
      message: 'timed out after 1 second(s) (after 2 attempts)',
    });
    expect(after).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(after.message).toContain('stops on the first failure');
  });

  it('passes a case on a retry, and reports cases that need containers as not runnable, never passed', async () => {
    const s = service();
    const flag = join(tmpdir(), `pipewright-retry-${process.pid}-${Date.now()}`);
    await plan(s, 'mixed', [
      // Fails the first time, passes the second: a marker file outlives the attempt's workspace.
      {
        name: 'second-time',
        run: { script: `test -e ${flag} && exit 0; touch ${flag}; exit 1`, retries: 2 },
      },
      { name: 'in-image', run: { image: 'alpine:3.20', script: 'true' } },
    ]);
    const run = await waitForPlanRun(
      s,
      (await api(s, s.tokens.tester, 'POST', '/api/test-plans/mixed/runs')).id,
    );
    expect(run).toMatchObject({
      runStatus: 'unstable',
      status: 'failed',
      passed: 1,
      failed: 0,
      notRunnable: 1,
    });
    const [retried, image] = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${run.id}/results`);
    expect(retried).toMatchObject({ status: 'passed', attempts: 2 });
    expect(image.status).toBe('not-runnable');
    expect(image.message).toContain('alpine:3.20');
    const junit = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: `/api/test-plan-runs/${run.id}/junit.xml`,
    });
    expect(junit.body).toContain('skipped="1"');
    expect(junit.body).toContain('<skipped message="not-runnable: not runnable on this machine');
  });
});

describe('plan runs in flight when the service stops', () => {
  it("are interrupted at the next start, and their left-over processes ended, but not another service's", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-plan-restart-'));
    const start = async () => {
      const app = await buildApp({
        config: loadConfig({
          PIPEWRIGHT_DATA_DIR: dataDir,
          PIPEWRIGHT_ADMIN_PASSWORD: ADMIN_PASSWORD,
          PIPEWRIGHT_LOG_LEVEL: 'silent',
        }),
        database: openDatabase({ sqliteFile: join(dataDir, 'test.sqlite') }),
        logger: false,
      });
      const token = (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'admin', password: ADMIN_PASSWORD },
        })
      ).json().token as string;
      return { app, headers: { authorization: `Bearer ${token}` } };
    };
    const first = await start();
    const group = (
      await first.app.inject({
        method: 'POST',
        url: '/api/test-case-groups',
        headers: first.headers,
        payload: { service: 's', name: 'g' },
      })
    ).json();
    const testCase = (
      await first.app.inject({
        method: 'POST',
        url: '/api/test-cases',
        headers: first.headers,
        payload: { groupId: group.id, name: 'slow', run: { script: 'sleep 60' } },
      })
    ).json();
    await first.app.inject({
      method: 'POST',
      url: '/api/test-plans',
      headers: first.headers,
      payload: { name: 'p', cases: [testCase.id] },
    });
    const run = (
      await first.app.inject({ method: 'POST', url: '/api/test-plans/p/runs', headers: first.headers })
    ).json();
    expect(run.runStatus).toBe('queued');
    await first.app.close();
    // A process the stopped service left behind (as after a crash), carrying the plan run's cookie,
    // and one of a plan run another service on this machine is running, which must survive.
    const sleeper = (runId: string) => {
      const child = spawn('sleep', ['60'], {
        env: { ...process.env, [RUN_COOKIE_VARIABLE]: PLAN_RUN_COOKIE_PREFIX + runId },
        detached: true,
        stdio: 'ignore',
      });
      child.unref();
      return child;
    };
    const othersRunId = `${run.id}-of-another-service`;
    sleeper(run.id);
    const others = sleeper(othersRunId);
    for (let i = 0; i < 100 && cookiesOf(run.id).length + cookiesOf(othersRunId).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(cookiesOf(run.id).length).toBe(1);
    expect(cookiesOf(othersRunId).length).toBe(1);

    const second = await start();
    try {
      const after = (
        await second.app.inject({
          method: 'GET',
          url: `/api/test-plan-runs/${run.id}`,
          headers: second.headers,
        })
      ).json();
      expect(after).toMatchObject({
        runStatus: 'interrupted',
        status: 'error',
        reason: 'the service stopped while the plan run was in progress',
      });
      const results = (
        await second.app.inject({
          method: 'GET',
          url: `/api/test-plan-runs/${run.id}/results`,
          headers: second.headers,
        })
      ).json();
      expect(results[0].status).toMatch(/^(interrupted|skipped)$/);
      expect(cookiesOf(run.id)).toEqual([]);
      expect(cookiesOf(othersRunId).length).toBe(1);
    } finally {
      others.kill('SIGKILL');
      await second.app.close();
    }
  });
});
