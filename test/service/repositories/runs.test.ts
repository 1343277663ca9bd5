import { describe, expect, it } from 'vitest';
import { createRepositories } from '../../../service/repositories/index.js';
import { RunStateRepository } from '../../../service/repositories/run-state.js';
import { DATABASE_KINDS, useDatabase } from '../../support/databases.js';

describe.each(DATABASE_KINDS)('runs on %s', (kind) => {
  const db = useDatabase(kind);

  async function pipelineWithOwner(name: string) {
    const repos = createRepositories(db());
    const state = new RunStateRepository(db(), repos.runs, kind === 'postgres');
    const owner = await repos.users.create({
      username: `owner-${name}`,
      role: 'developer',
      passwordHash: 'x',
    });
    const pipeline = await repos.pipelines.create(
      { name, stages: [{ name: 'A', steps: [{ echo: 'x' }] }] },
      owner.id,
    );
    return { repos, state, owner, pipeline };
  }

  it('numbers 50 concurrent runs 1..50, each exactly once', async () => {
    const { repos, owner, pipeline } = await pipelineWithOwner('busy');
    // WHEN 50 triggers race
    const runs = await Promise.all(
      Array.from({ length: 50 }, () =>
        repos.runs.create(pipeline.id, { trigger: 'api', operatorId: owner.id }),
      ),
    );
    // THEN the numbers are exactly 1..50
    expect(runs.map((r) => r!.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const listed = await repos.runs.list(pipeline.id, { limit: 100, offset: 0 });
    expect(listed.total).toBe(50);
    expect((await repos.pipelines.findById(pipeline.id))!.lastRun!.number).toBe(50);
  });

  it('returns null for a run of a pipeline that does not exist', async () => {
    const { repos } = await pipelineWithOwner('other');
    expect(await repos.runs.create('no-such-pipeline', { trigger: 'manual', operatorId: null })).toBeNull();
    expect(await repos.runs.findById('no-such-run')).toBeNull();
  });

  it('filters history by status, trigger, operator and time, and mirrors the latest run on the pipeline', async () => {
    const { repos, state, owner, pipeline } = await pipelineWithOwner('history');
    const a = await repos.runs.create(pipeline.id, {
      trigger: 'manual',
      operatorId: owner.id,
      remark: 'first',
    });
    const b = await repos.runs.create(pipeline.id, { trigger: 'cron', operatorId: null });
    await state.apply(a!.id, [
      { id: '1', type: 'run.started' },
      { id: '2', type: 'run.finished', status: 'failed' },
    ]);
    await state.apply(b!.id, [{ id: '1', type: 'stage.started', stage: 'A' }]);
    expect(
      (await repos.runs.list(pipeline.id, { status: 'failed', limit: 10, offset: 0 })).items.map(
        (r) => r.number,
      ),
    ).toEqual([1]);
    expect(
      (await repos.runs.list(pipeline.id, { trigger: 'cron', limit: 10, offset: 0 })).items.map(
        (r) => r.number,
      ),
    ).toEqual([2]);
    expect(
      (await repos.runs.list(pipeline.id, { operator: owner.username })).items.map((r) => [
        r.number,
        r.operator,
        r.operatorId,
      ]),
    ).toEqual([[1, owner.username, owner.id]]);
    expect((await repos.runs.list(pipeline.id, { from: '2999-01-01T00:00:00Z' })).total).toBe(0);
    expect((await repos.runs.findById(a!.id))!.durationMs).toBeGreaterThanOrEqual(0);
    const last = (await repos.pipelines.findById(pipeline.id))!.lastRun!;
    expect(last).toMatchObject({ number: 2, status: 'running', stage: 'A', trigger: 'cron' });
    // A change of an older run leaves the pipeline's last run alone.
    await state.apply(a!.id, [{ type: 'gate.decided', stage: 'A', approve: true, by: 'x' }]);
    expect((await repos.pipelines.findById(pipeline.id))!.lastRun!.number).toBe(2);
  });

  it('records the stage tree, revision and executor a run was created with', async () => {
    const { repos, owner, pipeline } = await pipelineWithOwner('tree');
    const run = await repos.runs.create(pipeline.id, {
      trigger: 'manual',
      operatorId: owner.id,
      executor: 'local',
      pipelineRevision: 3,
      stages: [
        { name: 'A', parent: null },
        { name: 'B', parent: 'A' },
      ],
    });
    expect(run).toMatchObject({ executor: 'local', pipelineRevision: 3, status: 'queued' });
    expect((await repos.runDetails.stages(run!.id)).map((s) => [s.name, s.parent, s.status])).toEqual([
      ['A', null, 'pending'],
      ['B', 'A', 'pending'],
    ]);
  });

  it('compares time bounds as instants, whatever their offset or precision', async () => {
    const { repos, owner, pipeline } = await pipelineWithOwner('instants');
    const run = await repos.runs.create(pipeline.id, { trigger: 'manual', operatorId: owner.id });
    // GIVEN a run queued 480 ms into a second
    await db()
      .updateTable('runs')
      .set({ queued_at: '2026-11-25T04:31:18.480Z' })
      .where('id', '=', run!.id)
      .execute();
    const numbers = async (bounds: { from?: string; to?: string }) =>
      (await repos.runs.list(pipeline.id, bounds)).items.map((r) => r.number);
    // THEN the whole second before it is earlier, whatever the notation
    expect(await numbers({ from: '2026-11-25T04:31:18Z' })).toEqual([1]);
    expect(await numbers({ to: '2026-11-25T04:31:18Z' })).toEqual([]);
    expect(await numbers({ from: '2026-11-25T04:31:18.481Z' })).toEqual([]);
    // AND the same instant written in UTC+8 selects the same runs
    expect(await numbers({ from: '2026-11-25T12:31:00+08:00' })).toEqual([1]);
    expect(await numbers({ to: '2026-11-25T12:31:00+08:00' })).toEqual([]);
    expect(await numbers({ from: '2026-11-25T12:32:00+08:00' })).toEqual([]);
    // AND a text comparison would have got this one wrong: "2026-11-25T05" > "2026-11-25T04" as text
    expect(await numbers({ to: '2026-11-25T05:00:00+02:00' })).toEqual([]);
    await expect(repos.runs.list(pipeline.id, { from: 'yesterday' })).rejects.toThrow(/RFC 3339/);
  });

  it('applies a redelivered event once', async () => {
    const { repos, state, owner, pipeline } = await pipelineWithOwner('replay');
    const run = await repos.runs.create(pipeline.id, { trigger: 'manual', operatorId: owner.id });
    const batch = [
      { id: 'l1', type: 'log' as const, stage: null, text: 'hello\n' },
      { id: 'l1', type: 'log' as const, stage: null, text: 'hello\n' },
    ];
    expect((await state.apply(run!.id, batch))!.duplicates).toBe(1);
    expect((await state.apply(run!.id, batch))!.duplicates).toBe(2);
    const logs = await repos.runDetails.events(run!.id, { kind: 'log', limit: 10 });
    expect(logs.map((e) => e.data)).toEqual(['hello\n']);
  });
});
