import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { defaultWorkspaceRoot } from '../../../service/plugins/runs.js';
import { RunStateRepository } from '../../../service/repositories/run-state.js';
import { applyRetention } from '../../../service/runs/retention.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { createPipeline, useService, type TestService } from '../../support/service.js';

const MiB = 1024 * 1024;
const DAY = 86_400_000;

/** A run that finished `daysAgo`, with `logMiB` of log written while it ran. */
async function finishedRun(s: TestService, pipelineId: string, daysAgo: number, logMiB = 0) {
  const run = await s.app.repos.runs.create(pipelineId, {
    trigger: 'api',
    operatorId: s.users.tester.id,
    stages: [{ name: 'A', parent: null }],
  });
  if (!run) throw new Error('no run');
  const state = new RunStateRepository(s.app.db, s.app.repos.runs, s.app.databaseKind === 'postgres');
  const line = 'l'.repeat(64 * 1024 - 1) + '\n';
  for (let b = 0; b < logMiB / 4; b++)
    await state.apply(
      run.id,
      Array.from({ length: 64 }, (_, i) => ({
        id: `l${b}-${i}`,
        type: 'log' as const,
        stage: 'A',
        text: line,
      })),
    );
  await s.app.db
    .updateTable('runs')
    .set({ status: 'success', finished_at: new Date(Date.now() - daysAgo * DAY).toISOString() })
    .where('id', '=', run.id)
    .execute();
  return run;
}

/** A workspace and an artifact folder for the run, each holding a file. */
function foldersOf(s: TestService, runId: string) {
  const folders = [join(defaultWorkspaceRoot(s.dataDir), runId), join(s.dataDir, 'artifacts', runId)];
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'out.txt'), 'x'.repeat(1000));
  }
  return folders;
}

const rowsOf = async (s: TestService, table: 'run_events' | 'run_stages', runId: string) =>
  (await s.app.db.selectFrom(table).select('run_id').where('run_id', '=', runId).execute()).length;

function sqliteBytes(s: TestService): number {
  const file = join(s.dataDir, 'test.sqlite');
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

describe.each(DATABASE_KINDS)('retention on %s', (kind) => {
  const service = useService(kind, { PIPEWRIGHT_RETENTION_DAYS: '30' });

  it('deletes expired runs with their rows and folders, and folders of deleted runs, and frees the space', async () => {
    const s = service();
    const retention = {
      db: s.app.db,
      kind: s.app.databaseKind,
      retentionDays: s.app.config.PIPEWRIGHT_RETENTION_DAYS,
      workspaceRoot: defaultWorkspaceRoot(s.dataDir),
      dataDir: s.dataDir,
    };
    // GIVEN a pipeline with two runs past 30 days (one with 24 MiB of log) and a recent latest run
    const pipeline = await createPipeline(s, {
      name: 'kept',
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    });
    const expired = [await finishedRun(s, pipeline.id, 100, 24), await finishedRun(s, pipeline.id, 31)];
    const recent = await finishedRun(s, pipeline.id, 1);
    // AND a pipeline whose only run is old: it is the pipeline's latest, so it stays
    const lone = await createPipeline(s, { name: 'lone', stages: [{ name: 'A', steps: [{ echo: 'x' }] }] });
    const latest = await finishedRun(s, lone.id, 400);
    // AND a deleted pipeline whose run left its folders behind
    const gone = await createPipeline(s, { name: 'gone', stages: [{ name: 'A', steps: [{ echo: 'x' }] }] });
    const orphan = await finishedRun(s, gone.id, 0);
    const orphanFolders = foldersOf(s, orphan.id);
    expect(
      (await s.call(s.tokens.admin, { method: 'DELETE', url: `/api/pipelines/${gone.id}` })).statusCode,
    ).toBe(204);
    const expiredFolders = expired.flatMap((r) => foldersOf(s, r.id));
    const keptFolders = [...foldersOf(s, recent.id), ...foldersOf(s, latest.id)];
    // AND a folder that is no run's at all
    const foreign = join(defaultWorkspaceRoot(s.dataDir), 'not-a-run');
    mkdirSync(foreign, { recursive: true });
    const bytesBefore = kind === 'sqlite' ? sqliteBytes(s) : 0;

    // WHEN retention keeps runs forever, only folders of runs that no longer exist go
    const forever = await applyRetention({ ...retention, retentionDays: 0 });
    expect(forever).toMatchObject({ runsDeleted: 0, workspacesRemoved: 1, artifactFoldersRemoved: 1 });
    expect(orphanFolders.filter(existsSync)).toEqual([]);
    expect(expiredFolders.every(existsSync)).toBe(true);

    // WHEN retention runs with 30 days
    const report = await applyRetention(retention);

    // THEN the expired runs are gone with their events, stages and folders
    expect(report).toMatchObject({ runsDeleted: 2, workspacesRemoved: 2, artifactFoldersRemoved: 2 });
    for (const run of expired) {
      expect(await s.app.repos.runs.findById(run.id)).toBeNull();
      expect(await rowsOf(s, 'run_events', run.id)).toBe(0);
      expect(await rowsOf(s, 'run_stages', run.id)).toBe(0);
    }
    expect(expiredFolders.filter(existsSync)).toEqual([]);
    // AND the recent run, the pipeline's latest run and the foreign folder stay
    for (const run of [recent, latest]) {
      expect(await s.app.repos.runs.findById(run.id)).not.toBeNull();
      expect(await rowsOf(s, 'run_stages', run.id)).toBe(1);
    }
    expect(keptFolders.every(existsSync)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
    // AND SQLite gave the log's pages back to the file system (PostgreSQL leaves it to autovacuum)
    if (kind === 'sqlite') {
      expect(report.reclaimedBytes).toBeGreaterThan(20 * MiB);
      expect(bytesBefore - sqliteBytes(s)).toBeGreaterThan(20 * MiB);
      const free = await sql<{ freelist_count: number }>`PRAGMA freelist_count`.execute(s.app.db);
      expect(Number(free.rows[0]!.freelist_count)).toBe(0);
    } else expect(report.reclaimedBytes).toBe(0);
  }, 60_000);
});
