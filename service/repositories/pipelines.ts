import {
  PostgresAdapter,
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { GeneratedStatus, PipelineModel } from '../../src/index.js';
import type { Database, PipelinesTable } from '../db/schema.js';
import type { DatabaseKind } from '../db/open-database.js';
import { foldForSearch } from '../db/pipeline-search.js';
import { DEFAULT_PAGE_SIZE } from '../schemas/common.js';
import type { LastRun, PipelineSummary } from '../schemas/pipelines.js';
import type { RunStatus, TriggerType } from './runs.js';
import { ChangeCounter } from './change-counter.js';
import { postgresKeywordIds, triggerTypePattern } from './pipeline-keyword.js';
import { jsonPage, PipelineListIndex, type ListIndexOptions } from './pipeline-list-index.js';
import { sqliteListSource, sqlitePipelineList } from './pipeline-list-sqlite.js';
import { newId, now } from './ids.js';

export type { LastRun, PipelineSummary };

export interface PipelineRecord extends PipelineSummary {
  /** Bumped by every change of the definition; each run records the revision it ran. */
  revision: number;
  /**
   * For a pipeline whose repository keeps its Jenkinsfile (`source.jenkinsfile`), on Jenkins:
   * what that file was last found to be; null when not checked.
   */
  jenkinsfileStatus: GeneratedStatus | null;
  definition: PipelineModel;
}

export interface PipelineListOptions {
  userId: string;
  q?: string;
  group?: string;
  status?: RunStatus;
  trigger?: TriggerType;
  favorite?: boolean;
  sort?: 'name' | 'updatedAt' | 'lastRunAt';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** Everything but the definition, which a list never shows. */
const SUMMARY_COLUMNS = [
  'pipelines.id',
  'pipelines.name',
  'pipelines.group_name',
  'pipelines.description',
  'pipelines.owner_id',
  'pipelines.repository_url',
  'pipelines.trigger_types',
  'pipelines.last_run_id',
  'pipelines.last_run_number',
  'pipelines.last_run_status',
  'pipelines.last_run_stage',
  'pipelines.last_run_trigger',
  'pipelines.last_run_started_at',
  'pipelines.created_at',
  'pipelines.updated_at',
  'owners.username as owner',
] as const;

const SORT_COLUMNS = { name: 'name', updatedAt: 'updated_at', lastRunAt: 'last_run_started_at' } as const;

/** The page a list asks for, defaults filled in: names ascending, times newest first. */
function pageOf(o: PipelineListOptions) {
  const sort = o.sort ?? 'name';
  return {
    column: SORT_COLUMNS[sort],
    order: o.order ?? (sort === 'name' ? 'asc' : 'desc'),
    limit: o.limit ?? DEFAULT_PAGE_SIZE,
    offset: o.offset ?? 0,
  };
}

/** Trigger types kept as `,manual,push,` so one LIKE finds a type without parsing JSON. */
function triggerColumn(model: PipelineModel): string {
  const types = [...new Set((model.triggers ?? [{ type: 'manual' }]).map((t) => t.type))];
  return `,${types.join(',')},`;
}

function toSummary(
  row: Omit<
    Selectable<PipelinesTable>,
    'definition' | 'next_run_number' | 'revision' | 'jenkinsfile_status'
  > & {
    favorite?: unknown;
    owner: string | null;
  },
): PipelineSummary {
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    description: row.description,
    owner: row.owner,
    ownerId: row.owner_id,
    repositoryUrl: row.repository_url,
    triggers: row.trigger_types.split(',').filter(Boolean) as TriggerType[],
    favorite: Boolean(row.favorite),
    lastRun:
      row.last_run_id === null
        ? null
        : {
            id: row.last_run_id,
            number: Number(row.last_run_number),
            status: (row.last_run_status ?? 'queued') as RunStatus,
            stage: row.last_run_stage,
            trigger: (row.last_run_trigger ?? 'manual') as TriggerType,
            startedAt: row.last_run_started_at,
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function searchRow(id: string, model: PipelineModel) {
  return {
    pipeline_id: id,
    name: foldForSearch(model.name),
    description: foldForSearch(model.description ?? ''),
  };
}

export interface PipelineRepositoryOptions {
  /** SQLite: serve the list from memory (PIPEWRIGHT_LIST_INDEX); options for tests. @default true */
  listIndex?: boolean | ListIndexOptions;
  /** SQLite: PRAGMA data_version read from the connection directly (OpenDatabase.dataVersion). */
  dataVersion?: () => number | null;
}

export class PipelineRepository {
  private readonly kind: DatabaseKind;
  /** SQLite: the list served from memory (pipeline-list-index.ts); null: from SQL. */
  private readonly index: PipelineListIndex | null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes = new ChangeCounter(),
    options: PipelineRepositoryOptions = {},
  ) {
    this.kind = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    // PostgreSQL orders names by the database's collation, which the index cannot reproduce.
    const { listIndex = true } = options;
    const index =
      this.kind === 'sqlite' && listIndex !== false
        ? new PipelineListIndex(
            sqliteListSource(db, options.dataVersion),
            listIndex === true ? {} : listIndex,
          )
        : null;
    this.index = index;
    if (index)
      changes.onChange((ids, favoritesOf) => {
        if (favoritesOf !== undefined) index.favoritesChanged(favoritesOf);
        index.changed(ids);
      });
  }

  async create(model: PipelineModel, ownerId: string): Promise<PipelineRecord> {
    const at = now();
    const row = {
      id: newId(),
      name: model.name,
      group_name: model.group ?? 'development',
      description: model.description ?? '',
      owner_id: ownerId,
      repository_url: model.source?.git ?? null,
      definition: JSON.stringify(model),
      trigger_types: triggerColumn(model),
      next_run_number: 1,
      last_run_id: null,
      last_run_number: null,
      last_run_status: null,
      last_run_stage: null,
      last_run_trigger: null,
      last_run_started_at: null,
      created_at: at,
      updated_at: at,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('pipelines').values(row).execute();
      await trx.insertInto('pipeline_search').values(searchRow(row.id, model)).execute();
    });
    this.changes.bump([row.id]);
    const owner = await this.db
      .selectFrom('users')
      .select('username')
      .where('id', '=', ownerId)
      .executeTakeFirst();
    return {
      ...toSummary({ ...row, owner: owner?.username ?? null }),
      revision: 1,
      jenkinsfileStatus: null,
      definition: model,
    };
  }

  async findById(id: string, userId?: string): Promise<PipelineRecord | null> {
    const row = await this.db
      .selectFrom('pipelines')
      .leftJoin('users as owners', 'owners.id', 'pipelines.owner_id')
      .selectAll('pipelines')
      .select('owners.username as owner')
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('favorites')
              .select('user_id')
              .where('favorites.pipeline_id', '=', eb.ref('pipelines.id'))
              .where('favorites.user_id', '=', userId ?? ''),
          )
          .as('favorite'),
      )
      .where('pipelines.id', '=', id)
      .executeTakeFirst();
    return row
      ? {
          ...toSummary(row),
          revision: Number(row.revision),
          jenkinsfileStatus: (row.jenkinsfile_status ?? null) as GeneratedStatus | null,
          definition: JSON.parse(row.definition) as PipelineModel,
        }
      : null;
  }

  /** What the repository's Jenkinsfile was found to be (null: not kept there, or unknown). */
  async setJenkinsfileStatus(id: string, status: GeneratedStatus | null): Promise<void> {
    await this.db.updateTable('pipelines').set({ jenkinsfile_status: status }).where('id', '=', id).execute();
  }

  async findIdByName(name: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('pipelines')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async update(id: string, model: PipelineModel): Promise<PipelineRecord | null> {
    const result = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('pipelines')
        .set({
          name: model.name,
          group_name: model.group ?? 'development',
          description: model.description ?? '',
          repository_url: model.source?.git ?? null,
          definition: JSON.stringify(model),
          trigger_types: triggerColumn(model),
          updated_at: now(),
          revision: sql`revision + 1`,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      const { name, description } = searchRow(id, model);
      await trx
        .updateTable('pipeline_search')
        .set({ name, description })
        .where('pipeline_id', '=', id)
        .execute();
      return updated;
    });
    this.changes.bump([id]);
    return Number(result.numUpdatedRows) > 0 ? this.findById(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('pipelines').where('id', '=', id).executeTakeFirst();
    this.changes.bump([id]);
    return Number(result.numDeletedRows) > 0;
  }

  async setFavorite(userId: string, pipelineId: string, favorite: boolean): Promise<void> {
    if (favorite) {
      await this.db
        .insertInto('favorites')
        .values({ user_id: userId, pipeline_id: pipelineId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    } else {
      await this.db
        .deleteFrom('favorites')
        .where('user_id', '=', userId)
        .where('pipeline_id', '=', pipelineId)
        .execute();
    }
    // No pipeline's row changed: the list cache and the index's favorites have to hear of it.
    this.changes.bump([], userId);
  }

  /** The same page as `list`, as the route sends it: `{"items":[...],"total":n}` in UTF-8. */
  async listJson(o: PipelineListOptions): Promise<Buffer> {
    if (this.index) {
      const { items, total } = await this.indexPage(o);
      return jsonPage(items, total);
    }
    if (this.kind !== 'sqlite') return Buffer.from(JSON.stringify(await this.list(o)));
    const { items, total } = await this.sqlPage(o);
    return Buffer.from(`{"items":[${items.join(',')}],"total":${total}}`);
  }

  private indexPage(o: PipelineListOptions) {
    const { order, limit, offset } = pageOf(o);
    return this.index!.page({ ...o, order, limit, offset });
  }

  private sqlPage(o: PipelineListOptions) {
    const { column, order, limit, offset } = pageOf(o);
    return sqlitePipelineList(this.db, { ...o, sortColumn: column, order, limit, offset });
  }

  /**
   * One page of the list and `total`, the exact number of pipelines that match. SQLite reads it
   * in pipeline-list-sqlite.ts; PostgreSQL plans the search inside the page and count queries.
   */
  async list(o: PipelineListOptions): Promise<{ items: PipelineSummary[]; total: number }> {
    if (this.index) {
      const { items, total } = await this.indexPage(o);
      return { items: items.map((item) => JSON.parse(item.toString()) as PipelineSummary), total };
    }
    if (this.kind === 'sqlite') {
      const { items, total } = await this.sqlPage(o);
      return { items: items.map((item) => JSON.parse(item) as PipelineSummary), total };
    }
    const { column, order, limit, offset } = pageOf(o);
    const filtered = Boolean(o.q || o.group || o.status || o.trigger || o.favorite !== undefined);
    const filters = (eb: ExpressionBuilder<Database, 'pipelines'>) => {
      const conditions: Expression<SqlBool>[] = [];
      if (o.q) conditions.push(sql<SqlBool>`pipelines.id in ${postgresKeywordIds(o.q)}`);
      if (o.group) conditions.push(eb('pipelines.group_name', '=', o.group));
      if (o.status) conditions.push(eb('pipelines.last_run_status', '=', o.status));
      if (o.trigger) conditions.push(eb('pipelines.trigger_types', 'like', triggerTypePattern(o.trigger)));
      if (o.favorite !== undefined) {
        const favorites = eb
          .selectFrom('favorites')
          .select('favorites.pipeline_id')
          .where('favorites.user_id', '=', o.userId);
        conditions.push(eb('pipelines.id', o.favorite ? 'in' : 'not in', favorites));
      }
      return eb.and(conditions);
    };
    const rows = await this.summaries(o.userId)
      .$if(filtered, (qb) =>
        qb.where((eb) => filters(eb as unknown as ExpressionBuilder<Database, 'pipelines'>)),
      )
      .orderBy(`pipelines.${column}`, order)
      // Same direction as the sort column, so an index on (column, name) serves both.
      .orderBy('pipelines.name', order)
      .limit(limit)
      .offset(offset)
      .execute();
    const items = rows.map(toSummary);
    if (items.length < limit && (items.length > 0 || offset === 0))
      return { items, total: offset + items.length };
    const { n } = await this.db
      .selectFrom('pipelines')
      .$if(filtered, (qb) => qb.where(filters))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { items, total: Number(n) };
  }

  /** Summary rows with the caller's favorite mark, before any filter. */
  private summaries(userId: string) {
    return (
      this.db
        .selectFrom('pipelines')
        .leftJoin('users as owners', 'owners.id', 'pipelines.owner_id')
        .select(SUMMARY_COLUMNS)
        // A subquery in the select list runs for the rows it returns only.
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('favorites')
                .select('favorites.user_id')
                .where('favorites.user_id', '=', userId)
                .whereRef('favorites.pipeline_id', '=', 'pipelines.id'),
            )
            .as('favorite'),
        )
    );
  }
}
