import { sql, type RawBuilder } from 'kysely';
import { foldForSearch, searchLength, TRIGRAM_MIN_LENGTH } from '../db/pipeline-search.js';

/** `%` and `_` in a keyword are text, not wildcards. */
function likePattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** Trigger types are stored as `,manual,push,`; the type is a fixed word, never a wildcard. */
export function triggerTypePattern(trigger: string): string {
  return `%,${triggerTypeWord(trigger)},%`;
}

/** The trigger type as matched: LIKE's wildcards and the separator taken out, ASCII case folded as LIKE folds it. */
export function triggerTypeWord(trigger: string): string {
  return asciiLower(trigger.replace(/[\\%_,]/g, ''));
}

/** ASCII letters lowered and nothing else: how SQLite's LIKE compares case. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The keyword as one FTS5 phrase: inside double quotes only a double quote is special. */
export function ftsPhrase(folded: string): string {
  return `"${folded.replaceAll('"', '""')}"`;
}

/** The condition on `pipeline_search` that pg_trgm's indexes serve. */
function postgresKeywordCondition(folded: string) {
  if (searchLength(folded) < TRIGRAM_MIN_LENGTH)
    return sql`strpos(name, ${folded}) > 0 or strpos(description, ${folded}) > 0`;
  const pattern = likePattern(folded);
  return sql`name like ${pattern} escape '\\' or description like ${pattern} escape '\\'`;
}

/**
 * PostgreSQL: the ids of the pipelines matching a keyword, as a subquery that the page and count
 * queries plan around (a bitmap scan of the trigram indexes). SQLite's search is in
 * pipeline-list-sqlite.ts.
 */
export function postgresKeywordIds(keyword: string): RawBuilder<unknown> {
  const folded = foldForSearch(keyword);
  // PostgreSQL text cannot hold NUL, so no stored name contains it (and no query may carry it).
  if (folded.includes('\u0000')) return sql`(select pipeline_id from pipeline_search where false)`;
  return sql`(select pipeline_id from pipeline_search where ${postgresKeywordCondition(folded)})`;
}
