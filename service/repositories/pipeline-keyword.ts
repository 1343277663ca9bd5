import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseKind } from '../db/open-database.js';
import { foldForSearch, searchLength, TRIGRAM_MIN_LENGTH } from '../db/pipeline-search.js';
import type { Database } from '../db/schema.js';

/** `%` and `_` in a keyword are text, not wildcards. */
function likePattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** The keyword as one FTS5 phrase: inside double quotes only a double quote is special. */
function ftsPhrase(folded: string): string {
  return `"${folded.replaceAll('"', '""')}"`;
}

/** Pipelines matching a keyword: `ids` to filter the page by, `count` when already known. */
export interface KeywordMatch {
  ids: RawBuilder<unknown>;
  count: number | null;
  /** Matches are many: walk the sorted list and keep the matches, rather than sort them all. */
  broad: boolean;
  /** SQLite: the matching `pipeline_search` keys as a JSON list, to look the pipelines up from. */
  keys?: string;
}

/**
 * The query for the keys of the `pipeline_search` rows (one per pipeline) that contain a folded
 * keyword: the FTS5 trigram index when the keyword is long enough for one (its rowids are the
 * keys), else a scan of the folded copies (a few hundred bytes a pipeline, not the pipeline rows).
 */
function sqliteKeywordKeys(folded: string) {
  // FTS5's query parser ends a string at NUL; instr compares the whole value.
  if (searchLength(folded) < TRIGRAM_MIN_LENGTH || folded.includes('\u0000'))
    return sql<{ key: number }>`select key from pipeline_search
      where instr(name, ${folded}) > 0 or instr(description, ${folded}) > 0`;
  return sql<{ key: number }>`select rowid as key from pipeline_search_fts
    where pipeline_search_fts match ${ftsPhrase(folded)}`;
}

/** The same on PostgreSQL, as a condition on `pipeline_search` that pg_trgm's indexes serve. */
function postgresKeywordCondition(folded: string) {
  if (searchLength(folded) < TRIGRAM_MIN_LENGTH)
    return sql`strpos(name, ${folded}) > 0 or strpos(description, ${folded}) > 0`;
  const pattern = likePattern(folded);
  return sql`name like ${pattern} escape '\\' or description like ${pattern} escape '\\'`;
}

/**
 * On SQLite the matches are looked up once, as integer keys: their number is the keyword's
 * total, and the page query reads them back instead of searching again. PostgreSQL plans the
 * search inside the page and count queries (a bitmap scan of the trigram indexes).
 */
export async function keywordMatch(
  db: Kysely<Database>,
  kind: DatabaseKind,
  keyword: string,
  pageEnd: number,
): Promise<KeywordMatch> {
  const folded = foldForSearch(keyword);
  // PostgreSQL text cannot hold NUL, so no stored name contains it (and no query may carry it).
  if (kind === 'postgres' && folded.includes('\u0000'))
    return { ids: sql`(select pipeline_id from pipeline_search where false)`, count: 0, broad: false };
  if (kind === 'postgres')
    return {
      ids: sql`(select pipeline_id from pipeline_search where ${postgresKeywordCondition(folded)})`,
      count: null,
      broad: false,
    };
  const { rows } = await sqliteKeywordKeys(folded).execute(db);
  const keys = JSON.stringify(rows.map((r) => r.key));
  // Walking the list reads about pageEnd * all / matches rows; looking the matches up and
  // sorting them costs about as many rows as there are matches.
  const { all } = await db
    .selectFrom('pipelines')
    .select((eb) => eb.fn.countAll<number>().as('all'))
    .executeTakeFirstOrThrow();
  return {
    broad: rows.length * rows.length > pageEnd * Number(all),
    ids: sql`(select pipeline_id from pipeline_search where key in (select value from json_each(${keys})))`,
    count: rows.length,
    keys,
  };
}
