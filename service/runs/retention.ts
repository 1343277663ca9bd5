import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../db/open-database.js';
import type { Database } from '../db/schema.js';

/** Runs deleted per statement: each id is a bound variable, and SQLite allows 32,766. */
const DELETE_BATCH = 500;

/** Free pages worth a VACUUM: below this the copy costs more than the space it returns. */
const VACUUM_FREE_BYTES = 8 * 1024 * 1024;

/** Workspaces and artifact folders are named after their run's id (a UUID); nothing else is touched. */
const RUN_FOLDER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface RetentionOptions {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Finished runs older than this many days are deleted; 0 keeps runs forever. */
  retentionDays: number;
  /** Where local builds get their workspaces (`<root>/<run id>`). */
  workspaceRoot: string;
  /** The data directory; artifacts live in `<data dir>/artifacts/<run id>`. */
  dataDir: string;
  /** @default the current time */
  now?: Date;
}

export interface RetentionReport {
  runsDeleted: number;
  workspacesRemoved: number;
  artifactFoldersRemoved: number;
  /** Bytes the database file gave back (SQLite); PostgreSQL leaves that to autovacuum. */
  reclaimedBytes: number;
}

/**
 * Deletes finished runs past the retention period (their events, stages and gates go with
 * them through the foreign keys), then removes workspaces and artifact folders whose run no
 * longer exists (expired here, or deleted with their pipeline), then gives freed database
 * pages back to the file system. A pipeline's latest run is kept, so its last-run summary
 * always points at a run that exists.
 */
export async function applyRetention(options: RetentionOptions): Promise<RetentionReport> {
  const runsDeleted = await deleteExpiredRuns(options);
  const workspacesRemoved = await removeOrphanFolders(options.db, options.workspaceRoot);
  const artifactFoldersRemoved = await removeOrphanFolders(options.db, join(options.dataDir, 'artifacts'));
  const reclaimedBytes = runsDeleted > 0 && options.kind === 'sqlite' ? await vacuumSqlite(options.db) : 0;
  return { runsDeleted, workspacesRemoved, artifactFoldersRemoved, reclaimedBytes };
}

async function deleteExpiredRuns({ db, retentionDays, now }: RetentionOptions): Promise<number> {
  if (retentionDays <= 0) return 0;
  const cutoff = new Date((now ?? new Date()).getTime() - retentionDays * 86_400_000).toISOString();
  let deleted = 0;
  for (;;) {
    const ids = await db
      .selectFrom('runs')
      .select('id')
      .where('finished_at', 'is not', null)
      .where('finished_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('pipelines').select('pipelines.id').whereRef('pipelines.last_run_id', '=', 'runs.id'),
          ),
        ),
      )
      .limit(DELETE_BATCH)
      .execute();
    if (ids.length === 0) return deleted;
    const result = await db
      .deleteFrom('runs')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
}

/** Removes `<dir>/<run id>` folders whose run is not in the store; returns how many. */
async function removeOrphanFolders(db: Kysely<Database>, dir: string): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => RUN_FOLDER.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (let i = 0; i < names.length; i += DELETE_BATCH) {
    const slice = names.slice(i, i + DELETE_BATCH);
    const existing = await db.selectFrom('runs').select('id').where('id', 'in', slice).execute();
    const kept = new Set(existing.map((r) => r.id));
    for (const name of slice) {
      if (kept.has(name)) continue;
      rmSync(join(dir, name), { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}

/**
 * SQLite keeps deleted pages in its file: VACUUM rewrites it without them once enough are free
 * (incremental_vacuum would need auto_vacuum set before the tables were made). It holds the
 * write lock while it copies, which is why it only follows a delete that freed a lot.
 */
async function vacuumSqlite(db: Kysely<Database>): Promise<number> {
  const pragma = async (name: string) =>
    Number(Object.values((await sql.raw(`PRAGMA ${name}`).execute(db)).rows[0] as object)[0]);
  const pageSize = await pragma('page_size');
  const before = (await pragma('page_count')) * pageSize;
  if ((await pragma('freelist_count')) * pageSize < VACUUM_FREE_BYTES) return 0;
  await sql`VACUUM`.execute(db);
  // In WAL mode the rewritten pages sit in the -wal file until a checkpoint moves them.
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  return before - (await pragma('page_count')) * pageSize;
}
