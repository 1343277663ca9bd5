import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { createPipeline, startRun, useService, waitForRun } from '../../support/service.js';

/** The value of one series in Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inside = /\{(.*)\}/.exec(line)?.[1]?.split(',') ?? [];
    if (wanted.every((w) => inside.includes(w)) && inside.length === wanted.length)
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe.each(DATABASE_KINDS)('run and store metrics (%s)', (kind) => {
  const service = useService(kind);
  const scrape = async () => (await service().call(null, { method: 'GET', url: '/metrics' })).body;

  it('GIVEN runs of a group, one gated WHEN they finish THEN started, finished by status, duration, queue and gate waits are counted for that group', async () => {
    const s = service();
    const passing = await createPipeline(s, {
      name: 'metered',
      group: 'payments',
      stages: [{ name: 'Build', steps: [{ sh: 'true' }] }],
    });
    const failing = await createPipeline(s, {
      name: 'metered-fail',
      group: 'payments',
      stages: [{ name: 'Build', steps: [{ sh: 'exit 3' }] }],
    });
    const gated = await createPipeline(s, {
      name: 'metered-gate',
      group: 'payments',
      stages: [
        {
          name: 'Release',
          gate: { message: 'Ship?', submitters: { users: ['developer-user'] } },
          steps: [{ echo: 'shipped' }],
        },
      ],
    });
    await waitForRun(s, (await startRun(s, passing.id)).id);
    await waitForRun(s, (await startRun(s, failing.id)).id);
    const gatedRun = await startRun(s, gated.id);
    await waitForRun(s, gatedRun.id, s.tokens.admin, (r) => r.status === 'waiting');
    const during = await scrape();
    expect(sample(during, 'pipewright_runs_active', { status: 'waiting' })).toBe(1);
    expect(
      sample(during, 'pipewright_run_oldest_active_seconds', { status: 'waiting' }),
    ).toBeGreaterThanOrEqual(0);
    expect(sample(during, 'pipewright_run_oldest_active_seconds', { status: 'queued' })).toBe(0);
    const approved = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/runs/${gatedRun.id}/gates/Release`,
      payload: { approve: true },
    });
    expect(approved.statusCode).toBe(200);
    await waitForRun(s, gatedRun.id);

    const text = await scrape();
    const group = { group: 'payments' };
    expect(sample(text, 'pipewright_runs_started_total', group)).toBe(3);
    expect(sample(text, 'pipewright_runs_finished_total', { ...group, status: 'success' })).toBe(2);
    expect(sample(text, 'pipewright_runs_finished_total', { ...group, status: 'failed' })).toBe(1);
    // Statuses no run reached yet are there at zero, so ratios exist before the first of them.
    expect(sample(text, 'pipewright_runs_finished_total', { ...group, status: 'aborted' })).toBe(0);
    expect(sample(text, 'pipewright_run_duration_seconds_count', group)).toBe(3);
    expect(sample(text, 'pipewright_run_queue_wait_seconds_count', group)).toBe(3);
    expect(sample(text, 'pipewright_gate_wait_seconds_count', { ...group, outcome: 'approved' })).toBe(1);
    expect(sample(text, 'pipewright_gate_wait_seconds_count', { ...group, outcome: 'aborted' })).toBe(0);
    expect(sample(text, 'pipewright_runs_active', { status: 'waiting' })).toBe(0);
    // Jenkins is not used here: its series exist at zero for the alerts and the dashboard.
    expect(
      sample(text, 'pipewright_jenkins_requests_total', { endpoint: 'build', outcome: 'unreachable' }),
    ).toBe(0);
  });

  it('GIVEN a failing database call WHEN it fails THEN the store error counter names the store and the reason, and a refused duplicate counts as constraint', async () => {
    const s = service();
    const before = await scrape();
    const other = sample(before, 'pipewright_store_errors_total', { store: kind, reason: 'other' })!;
    const constraint = sample(before, 'pipewright_store_errors_total', {
      store: kind,
      reason: 'constraint',
    })!;
    await expect(
      s.app.db
        .selectFrom('no_such_table' as 'runs')
        .selectAll()
        .execute(),
    ).rejects.toThrow();
    await createPipeline(s, { name: 'twice', stages: [{ name: 'Build', steps: [{ sh: 'true' }] }] });
    const duplicate = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: { name: 'twice', stages: [{ name: 'Build', steps: [{ sh: 'true' }] }] },
    });
    expect(duplicate.statusCode).toBe(409);
    const after = await scrape();
    expect(sample(after, 'pipewright_store_errors_total', { store: kind, reason: 'other' })).toBe(other + 1);
    expect(sample(after, 'pipewright_store_errors_total', { store: kind, reason: 'constraint' })).toBe(
      constraint + 1,
    );
    expect(sample(after, 'pipewright_store_errors_total', { store: kind, reason: 'connection' })).toBe(0);
  });
});
