import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type LogEvent,
  type MigrationProvider,
  type SqliteDatabase,
} from 'kysely';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { MIGRATIONS } from './migrations.js';
import { QueryErrorListeners } from './query-errors.js';
import { ensureTrigramIndexes } from './pipeline-search.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The PostgreSQL schema in use, when not the default. */
  schema?: string;
  /** PostgreSQL: the connection URL, for the sessions replicas coordinate through. */
  url?: string;
  /** Hears every failed query (metrics count them); absent on a database opened elsewhere. */
  queryErrors?: QueryErrorListeners;
  /**
   * SQLite: `PRAGMA data_version` read straight from the connection (about a microsecond; a
   * query through Kysely costs ten), or null while a transaction is open, when only a query in
   * Kysely's queue reads it right. The in-memory pipeline list asks it on every read.
   */
  dataVersion?: () => number | null;
}

export interface DatabaseOptions {
  /** postgres://... selects PostgreSQL; otherwise `sqliteFile` is used. */
  url?: string;
  /** SQLite file, or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each file its own). @default public */
  pgSchema?: string;
}

/**
 * Opens the store. SQLite runs in WAL mode with synchronous=FULL: a commit the service has
 * acknowledged is on disk when the process dies, at the cost of an fsync per commit.
 */
export function openDatabase(options: DatabaseOptions): OpenDatabase {
  const queryErrors = new QueryErrorListeners();
  const log = (event: LogEvent) => {
    if (event.level === 'error') queryErrors.emit(event.error);
  };
  if (options.url && /^postgres(ql)?:\/\//.test(options.url)) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    });
    // An idle connection the server ends (a restart, a failover) is an 'error' event on the pool;
    // unheard, it would end the process. The pool replaces the connection; the next query says more.
    pool.on('error', (error) => queryErrors.emit(error));
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log }),
      kind: 'postgres',
      schema: options.pgSchema,
      url: options.url,
      queryErrors,
    };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') {
    ensurePrivateDirectory(dirname(file));
    // SQLite gives the -wal and -shm files the main file's mode, so one 0600 file keeps all three private.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  if (file !== ':memory:')
    for (const companion of [`${file}-wal`, `${file}-shm`])
      if (existsSync(companion)) chmodSync(companion, 0o600);
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  // Inside an open transaction (Kysely keeps one open across its awaits) data_version holds the
  // value its snapshot began with: only Kysely's queue, which waits for the commit, reads it right.
  const readDataVersion = () => (sqlite.inTransaction ? null : (dataVersion.get() as number));
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log }),
    kind: 'sqlite',
    queryErrors,
    dataVersion: readDataVersion,
  };
}

/**
 * The data directory holds the database, the initial admin password and run workspaces: only the
 * service's own user may enter it, whatever the umask.
 */
export function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing costs more than running a small query. The same
 * SQL text always yields the same statement, so keep the most recent ones. Safe because
 * better-sqlite3 runs statements synchronously, one at a time.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Applies every pending migration, then the optional indexes (db/pipeline-search.ts); throws with
 * the failing migration's name. `warn` hears about an optional index that cannot be built.
 */
export async function migrate(
  open: OpenDatabase,
  warn: (message: string) => void = () => {},
): Promise<string[]> {
  const { db, schema } = open;
  // Kysely's migrator looks its tables up by name across schemas; name ours explicitly.
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message}`);
  }
  const notice = await ensureTrigramIndexes(open);
  if (notice) warn(notice);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
