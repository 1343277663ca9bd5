import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { Migrator } from 'kysely';
import { MIGRATIONS } from '../../service/db/migrations.js';
import {
  migrate,
  openDatabase,
  type DatabaseKind,
  type DatabaseOptions,
  type OpenDatabase,
} from '../../service/db/open-database.js';
import type { Database } from '../../service/db/schema.js';

/**
 * The stores every repository test runs against: embedded SQLite and a real PostgreSQL that
 * scripts/start-test-postgres.sh starts (its URL in PIPEWRIGHT_TEST_DATABASE_URL). Without that
 * URL the PostgreSQL tests fail; they are never skipped.
 */
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres'];

export async function freshDatabaseOptions(
  kind: DatabaseKind,
): Promise<{ options: DatabaseOptions; drop: () => Promise<void> }> {
  if (kind === 'sqlite') return { options: { sqliteFile: ':memory:' }, drop: async () => {} };
  const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'PIPEWRIGHT_TEST_DATABASE_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL',
    );
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    options: { url, pgSchema: schema },
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A migrated, empty database of the given kind for one describe block. */
export function useDatabase(kind: DatabaseKind): () => Kysely<Database> {
  let db: Kysely<Database> | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const fresh = await freshDatabaseOptions(kind);
    drop = fresh.drop;
    const open = openDatabase(fresh.options);
    db = open.db;
    await migrate(open);
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });
  return () => {
    if (!db) throw new Error('database not open');
    return db;
  };
}

/**
 * A fresh database of the given kind migrated up to and including `migration` only, for tests of
 * what a later migration does with a store's existing rows; closed and dropped after `use`.
 */
export async function withDatabaseAt(
  kind: DatabaseKind,
  migration: string,
  use: (open: OpenDatabase) => Promise<void>,
): Promise<void> {
  const fresh = await freshDatabaseOptions(kind);
  const open = openDatabase(fresh.options);
  try {
    const migrator = new Migrator({
      db: open.db,
      provider: { getMigrations: async () => MIGRATIONS },
      ...(open.schema ? { migrationTableSchema: open.schema } : {}),
    });
    const { error } = await migrator.migrateTo(migration);
    if (error) throw error;
    await use(open);
  } finally {
    await open.db.destroy();
    await fresh.drop();
  }
}
