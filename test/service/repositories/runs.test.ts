import { describe, expect, it } from 'vitest';
import { createRepositories } from '../../../service/repositories/index.js';
import { DATABASE_KINDS, useDatabase } from '../../support/databases.js';

describe.each(DATABASE_KINDS)('runs on %s', (kind) => {
  const db = useDatabase(kind);

  async function pipelineWithOwner(name: string) {
    const repos = createRepositories(db());
    const owner = await repos.users.create({
      username: `owner-${name}`,
      role: 'developer',
      passwordHash: 'x',
    });
    const pipeline = await repos.pipelines.create(
      { name, stages: [{ name: 'A', steps: [{ echo: 'x' }] }] },
      owner.id,
    );
    return { repos, owner, pipeline };
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
    const { repos, owner, pipeline } = await pipelineWithOwner('history');
    const a = await repos.runs.create(pipeline.id, {
      trigger: 'manual',
      operatorId: owner.id,
      remark: 'first',
    });
    const b = await repos.runs.create(pipeline.id, { trigger: 'cron', operatorId: null });
    await repos.runs.update(a!.id, {
      status: 'failed',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:05.000Z',
    });
    await repos.runs.update(b!.id, {
      status: 'running',
      currentStage: 'A',
      startedAt: new Date().toISOString(),
    });
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
      (await repos.runs.list(pipeline.id, { operatorId: owner.id, limit: 10, offset: 0 })).items.map(
        (r) => r.number,
      ),
    ).toEqual([1]);
    expect((await repos.runs.list(pipeline.id, { from: '2999-01-01', limit: 10, offset: 0 })).total).toBe(0);
    expect((await repos.runs.findById(a!.id))!.durationMs).toBe(5000);
    const last = (await repos.pipelines.findById(pipeline.id))!.lastRun!;
    expect(last).toMatchObject({ number: 2, status: 'running', stage: 'A', trigger: 'cron' });
    // An update of an older run leaves the pipeline's last run alone.
    await repos.runs.update(a!.id, { status: 'aborted' });
    expect((await repos.pipelines.findById(pipeline.id))!.lastRun!.number).toBe(2);
  });

  it('marks unfinished runs interrupted after a restart', async () => {
    const { repos, owner, pipeline } = await pipelineWithOwner('restart');
    const run = await repos.runs.create(pipeline.id, { trigger: 'manual', operatorId: owner.id });
    await repos.runs.update(run!.id, { status: 'running' });
    expect(await repos.runs.markUnfinishedInterrupted()).toBeGreaterThanOrEqual(1);
    expect((await repos.runs.findById(run!.id))!.status).toBe('interrupted');
  });
});
