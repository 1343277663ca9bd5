import { sql, type Kysely } from 'kysely';
import type { OpenDatabase } from './open-database.js';

/**
 * Keyword search over pipeline names and descriptions: a case-insensitive substring match. Both
 * the stored text (table `pipeline_search`) and the keyword are folded here, in one place, so
 * SQLite and PostgreSQL agree whatever their collation or locale (SQLite's lower() only folds
 * ASCII; PostgreSQL's depends on LC_CTYPE). NFC first, so a composed and a decomposed "é" match.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/**
 * Trigram indexes (SQLite FTS5 `trigram`, PostgreSQL pg_trgm) can only serve keywords of at least
 * three characters; shorter ones are matched by scanning the folded text.
 */
export const TRIGRAM_MIN_LENGTH = 3;

/** Length in characters (code points), as both trigram tokenizers count. */
export function searchLength(folded: string): number {
  let n = 0;
  for (const _ of folded) n++;
  return n;
}

const TRIGRAM_INDEXES = [
  { name: 'pipeline_search_name_trgm', column: 'name' },
  { name: 'pipeline_search_description_trgm', column: 'description' },
] as const;

/**
 * PostgreSQL only: makes sure pg_trgm is installed and the folded columns carry GIN trigram
 * indexes. Idempotent, so a start after a DBA installed the extension adds the missing indexes.
 * Returns a line for the operator when the indexes cannot exist; search then still answers
 * correctly, by scanning `pipeline_search`.
 */
export async function ensureTrigramIndexes(open: OpenDatabase): Promise<string | null> {
  if (open.kind !== 'postgres') return null;
  const db = open.db as Kysely<unknown>;
  let schema = await extensionSchema(db);
  if (schema === null) {
    try {
      // A fixed schema, not the connection's first one: tests give each file a schema of its own
      // and drop it with CASCADE, which would take the extension (and others' indexes) with it.
      await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
    } catch (error) {
      // Two processes creating it at once: one wins, the other sees a duplicate key.
      if ((await extensionSchema(db)) === null)
        return (
          `pipeline search: cannot create the PostgreSQL extension pg_trgm (${(error as Error).message}); ` +
          'keyword search scans the pipelines instead of using trigram indexes. ' +
          'Run "CREATE EXTENSION pg_trgm" as a superuser and restart to index it.'
        );
    }
    schema = (await extensionSchema(db))!;
  }
  // Replicas start together: CREATE INDEX IF NOT EXISTS is not safe against a concurrent create
  // of the same index (a duplicate key in pg_class), so they take turns on a transaction lock.
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`pipewright:trigram-indexes:${open.schema ?? 'public'}`}))`.execute(
      trx,
    );
    for (const index of TRIGRAM_INDEXES)
      await sql`CREATE INDEX IF NOT EXISTS ${sql.id(index.name)} ON pipeline_search USING gin (${sql.id(index.column)} ${sql.id(schema)}.gin_trgm_ops)`.execute(
        trx,
      );
  });
  return null;
}

async function extensionSchema(db: Kysely<unknown>): Promise<string | null> {
  const { rows } = await sql<{ schema: string }>`
    SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm'`.execute(db);
  return rows[0]?.schema ?? null;
}
