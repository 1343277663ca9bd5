import { sql, type Kysely, type RawBuilder } from 'kysely';
import { foldForSearch, searchLength, TRIGRAM_MIN_LENGTH } from '../db/pipeline-search.js';
import type { Database } from '../db/schema.js';
import { ftsPhrase, triggerTypePattern } from './pipeline-keyword.js';
import type { PipelineListOptions } from './pipelines.js';
import type { ListRow, ListSource } from './pipeline-list-index.js';
import { ownEntry } from '../../src/index.js';

/** What the SQLite list reads: the options of PipelineRepository.list, with their defaults. */
export type SqliteListQuery = Omit<PipelineListOptions, 'sort' | 'order' | 'limit' | 'offset'> & {
  /** A column of `pipelines` (the route's sort, mapped). */
  sortColumn: 'name' | 'updated_at' | 'last_run_started_at';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
};

const and = (conditions: RawBuilder<unknown>[]) =>
  conditions.length ? sql`and ${sql.join(conditions, sql` and `)}` : sql``;

/**
 * The pipeline list on SQLite, in raw SQL of a few fixed shapes (each prepared once, see the
 * statement cache in db/open-database.ts), so a request costs its queries and not their building.
 * Each row comes back as its PipelineSummary's JSON text, written by SQLite (summaryJson).
 *
 * - The total of group, status and trigger filters is a sum over `pipeline_counts` (a few dozen
 *   rows kept by triggers); with favorites it is a count over the caller's favorites.
 * - A keyword's matches stay inside SQLite: its total is counted first (FTS5 trigram index, or a
 *   scan of the folded copies for 1-2 characters), then the page is read either from the
 *   matches, sorted, or, when they are at least half of all pipelines, by walking the sort
 *   order's index and checking each pipeline's folded text, which stops after the page.
 */
export function sqlitePipelineList(
  db: Kysely<Database>,
  o: SqliteListQuery,
): Promise<{ items: string[]; total: number }> {
  // One read transaction: the counts, the page's keys and its rows come from one snapshot, so a
  // write between them (a pipeline deleted, its rowid reused by the next one) cannot show.
  return db.transaction().execute((trx) => readList(trx, o));
}

/** Sort columns of `pipelines`, by the name the list's options use. */
const SORT_SQL = { name: 'p.name', updated_at: 'p.updated_at', last_run_started_at: 'p.last_run_started_at' };

async function readList(
  db: Kysely<Database>,
  o: SqliteListQuery,
): Promise<{ items: string[]; total: number }> {
  const columns = columnConditions(o);
  const filters = [...columns, ...favoriteConditions(o)];
  // Raw SQL from fixed words only, whatever a caller passes.
  const direction = o.order === 'desc' ? 'desc' : 'asc';
  const column = ownEntry(SORT_SQL, o.sortColumn) ?? SORT_SQL.name;
  const order = sql.raw(`${column} ${direction}, p.name ${direction}`);
  const page = sql`order by ${order} limit ${o.limit} offset ${o.offset}`;
  if (o.q === undefined || o.q === '') {
    const keys = await pageKeys(
      db,
      sql`select p.rowid as k from pipelines p where 1 ${and(filters)} ${page}`,
    );
    const items = await summaryJson(db, keys, o.userId);
    if (keys.length < o.limit && (keys.length > 0 || o.offset === 0))
      return { items, total: o.offset + keys.length };
    return { items, total: await filteredTotal(db, o, columns) };
  }
  const folded = foldForSearch(o.q);
  const viaIndex = searchLength(folded) >= TRIGRAM_MIN_LENGTH && !folded.includes('\u0000');
  // Matches with every filter on `pipelines p`, joined by `search_key` (see migration 0017).
  const matches = viaIndex
    ? sql`pipeline_search_fts cross join pipelines p on p.search_key = pipeline_search_fts.rowid
        where pipeline_search_fts match ${ftsPhrase(folded)} ${and(filters)}`
    : sql`pipeline_search s cross join pipelines p on p.search_key = s.key
        where ${containsKeyword(folded)} ${and(filters)}`;
  const total = await count(
    db,
    filters.length > 0
      ? sql`select count(*) as n from ${matches}`
      : viaIndex
        ? sql`select count(*) as n from pipeline_search_fts where pipeline_search_fts match ${ftsPhrase(folded)}`
        : sql`select count(*) as n from pipeline_search s where ${containsKeyword(folded)}`,
  );
  if (total === 0 || o.offset >= total) return { items: [], total };
  const all = await count(db, sql`select count(*) as n from pipelines`);
  // Sorting the matches reads every one of them. Walking the sort order's index stops after the
  // page, but reads the non-matches before it too: as many as all - total when the matches sit
  // at the end of the order (a team's prefix in names sorted by name), so only when matches are
  // at least half of all is the walk never worse.
  const walk = total * 2 >= all;
  const keys = await pageKeys(
    db,
    walk
      ? sql`select p.rowid as k from pipelines p where exists (select 1 from pipeline_search s
          where s.key = p.search_key and ${containsKeyword(folded)}) ${and(filters)} ${page}`
      : sql`select p.rowid as k from ${matches} ${page}`,
  );
  return { items: await summaryJson(db, keys, o.userId), total };
}

/**
 * Conditions for the group, status and trigger filters, on `pipelines p` or (table '') on
 * `pipeline_counts`, which has the same three columns.
 */
function columnConditions(o: SqliteListQuery, table: 'p.' | '' = 'p.'): RawBuilder<unknown>[] {
  const column = (name: string) => sql.raw(table + name);
  const conditions: RawBuilder<unknown>[] = [];
  if (o.group) conditions.push(sql`${column('group_name')} = ${o.group}`);
  if (o.status) conditions.push(sql`${column('last_run_status')} = ${o.status}`);
  if (o.trigger) conditions.push(sql`${column('trigger_types')} like ${triggerTypePattern(o.trigger)}`);
  return conditions;
}

function favoriteConditions(o: SqliteListQuery): RawBuilder<unknown>[] {
  if (o.favorite === undefined) return [];
  const operator = sql.raw(o.favorite ? 'in' : 'not in');
  return [sql`p.id ${operator} (select pipeline_id from favorites where user_id = ${o.userId})`];
}

/** The folded name or description of `pipeline_search s` contains the folded keyword. */
function containsKeyword(folded: string) {
  return sql`(instr(s.name, ${folded}) > 0 or instr(s.description, ${folded}) > 0)`;
}

/**
 * The number of pipelines the filters (no keyword) leave. Group, status and trigger alone are
 * summed from `pipeline_counts`; favorites are counted from the caller's favorites, few rows.
 */
async function filteredTotal(db: Kysely<Database>, o: SqliteListQuery, columns: RawBuilder<unknown>[]) {
  const counted = columnConditions(o, '');
  const summed = () =>
    count(db, sql`select coalesce(sum(n), 0) as n from pipeline_counts where 1 ${and(counted)}`);
  if (o.favorite === undefined) return summed();
  const favorites = await count(
    db,
    sql`select count(*) as n from favorites f cross join pipelines p on p.id = f.pipeline_id
      where f.user_id = ${o.userId} ${and(columns)}`,
  );
  return o.favorite ? favorites : (await summed()) - favorites;
}

async function count(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`${query}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function pageKeys(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number[]> {
  const { rows } = await sql<{ k: number }>`${query}`.execute(db);
  return rows.map((r) => r.k);
}

/**
 * The page's rows as PipelineSummary JSON, in the order of `keys`: SQLite writes the text, which
 * costs half of reading the columns into objects and serializing those (PipelineRepository's
 * toSummary is the same mapping in TypeScript; a test holds the two equal). Read apart from the
 * keys: SQLite reads every skipped row in full when one query both pages and joins.
 */
async function summaryJson(db: Kysely<Database>, keys: number[], userId: string): Promise<string[]> {
  if (keys.length === 0) return [];
  const favorite = sql`exists (select 1 from favorites f where f.user_id = ${userId} and f.pipeline_id = p.id)`;
  const { rows } = await sql<{
    k: number;
    json: string;
  }>`select p.rowid as k, ${summaryObject(favorite)} as json
    from pipelines p left join users owners on owners.id = p.owner_id
    where p.rowid in (select value from json_each(${JSON.stringify(keys)}))`.execute(db);
  const byKey = new Map(rows.map((row) => [row.k, row.json]));
  // A pipeline deleted between the two reads is left out, as a later read would leave it.
  return keys.flatMap((key) => byKey.get(key) ?? []);
}

/** A row of `pipelines p` (owners joined) as its PipelineSummary's JSON, `favorite` a condition. */
function summaryObject(favorite: RawBuilder<unknown>): RawBuilder<unknown> {
  // Trigger types are words of a fixed vocabulary, stored as `,manual,push,`; a value written
  // some other way comes back whole, as one string, rather than as JSON it would break.
  return sql`json_object(
      'id', p.id, 'name', p.name, 'group', p.group_name, 'description', p.description,
      'owner', owners.username, 'ownerId', p.owner_id, 'repositoryUrl', p.repository_url,
      'triggers', json(case when trim(p.trigger_types, ',') = '' then '[]'
        when p.trigger_types glob '*[^a-z,]*' then json_array(p.trigger_types)
        else '["' || replace(trim(p.trigger_types, ','), ',', '","') || '"]' end),
      'favorite', json(case when ${favorite} then 'true' else 'false' end),
      'lastRun', case when p.last_run_id is null then null else json_object(
        'id', p.last_run_id, 'number', p.last_run_number, 'status', coalesce(p.last_run_status, 'queued'),
        'stage', p.last_run_stage, 'trigger', coalesce(p.last_run_trigger, 'manual'),
        'startedAt', p.last_run_started_at) end,
      'createdAt', p.created_at, 'updatedAt', p.updated_at)`;
}

/**
 * The list's rows for the in-memory index (pipeline-list-index.ts), each pipeline's JSON written
 * by the same expression the SQL list uses, so both answer in the same bytes.
 */
export function sqliteListSource(db: Kysely<Database>, dataVersion?: () => number | null): ListSource {
  let seenVersion: number | null = null;
  const pragma = sql<{ data_version: number }>`pragma data_version`.compile(db);
  const read = async (ids: string[] | null) => {
    const { rows } = await sql<ListRow>`select p.id as id, p.name as name, p.group_name as "group",
        p.last_run_status as status, p.trigger_types as triggers, p.updated_at as updatedAt,
        p.last_run_started_at as lastRunAt, s.name as searchName, s.description as searchDescription,
        ${summaryObject(sql`0`)} as json
      from pipelines p left join users owners on owners.id = p.owner_id
      join pipeline_search s on s.key = p.search_key
      ${ids === null ? sql`` : sql`where p.id in (select value from json_each(${JSON.stringify(ids)}))`}`.execute(
      db,
    );
    return rows;
  };
  return {
    all: () => read(null),
    some: (ids) => (ids.length ? read(ids) : Promise.resolve([])),
    async favorites(userId) {
      const { rows } = await sql<{
        id: string;
      }>`select pipeline_id as id from favorites where user_id = ${userId}`.execute(db);
      return new Set(rows.map((row) => row.id));
    },
    async changedElsewhere() {
      // data_version moves when another connection commits to the file, never for this one's own.
      const version = dataVersion?.() ?? Number((await db.executeQuery(pragma)).rows[0]?.data_version);
      const moved = seenVersion !== null && version !== seenVersion;
      seenVersion = version;
      return moved;
    },
  };
}
