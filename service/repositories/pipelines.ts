import {
  PostgresAdapter,
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { PipelineModel } from '../../src/index.js';
import type { Database, PipelinesTable } from '../db/schema.js';
import type { DatabaseKind } from '../db/open-database.js';
import { foldForSearch, searchLength, TRIGRAM_MIN_LENGTH } from '../db/pipeline-search.js';
import { ChangeCounter } from './change-counter.js';
import { newId, now } from './ids.js';

export interface LastRun {
  id: string;
  number: number;
  status: string;
  stage: string | null;
  trigger: string;
  startedAt: string | null;
}

export interface PipelineSummary {
  id: string;
  name: string;
  group: string;
  description: string;
  ownerId: string;
  repositoryUrl: string | null;
  triggers: string[];
  favorite: boolean;
  lastRun: LastRun | null;
  createdAt: string;
  updatedAt: string;
}

export interface PipelineRecord extends PipelineSummary {
  definition: PipelineModel;
}

export interface PipelineListOptions {
  userId: string;
  q?: string;
  group?: string;
  status?: string;
  trigger?: string;
  favorite?: boolean;
  sort?: 'name' | 'updatedAt' | 'lastRunAt';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
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
] as const;

const SORT_COLUMNS = { name: 'name', updatedAt: 'updated_at', lastRunAt: 'last_run_started_at' } as const;

/** Trigger types kept as `,manual,push,` so one LIKE finds a type without parsing JSON. */
function triggerColumn(model: PipelineModel): string {
  const types = [...new Set((model.triggers ?? [{ type: 'manual' }]).map((t) => t.type))];
  return `,${types.join(',')},`;
}

function toSummary(
  row: Omit<Selectable<PipelinesTable>, 'definition' | 'next_run_number'> & { favorite?: unknown },
): PipelineSummary {
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    description: row.description,
    ownerId: row.owner_id,
    repositoryUrl: row.repository_url,
    triggers: row.trigger_types.split(',').filter(Boolean),
    favorite: Boolean(row.favorite),
    lastRun:
      row.last_run_id === null
        ? null
        : {
            id: row.last_run_id,
            number: Number(row.last_run_number),
            status: row.last_run_status ?? 'queued',
            stage: row.last_run_stage,
            trigger: row.last_run_trigger ?? 'manual',
            startedAt: row.last_run_started_at,
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `%` and `_` in a keyword are text, not wildcards. */
function likePattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** The keyword as one FTS5 phrase: inside double quotes only a double quote is special. */
function ftsPhrase(folded: string): string {
  return `"${folded.replaceAll('"', '""')}"`;
}

/**
 * Ids of the pipelines whose folded name or description contains the folded keyword, served by
 * the trigram index when the keyword is long enough for one and by a scan of the folded copies
 * (a few hundred bytes a pipeline) when not.
 */
function matchingIds(keyword: string, kind: DatabaseKind) {
  const folded = foldForSearch(keyword);
  if (searchLength(folded) < TRIGRAM_MIN_LENGTH) {
    const contains = kind === 'postgres' ? sql.raw('strpos') : sql.raw('instr');
    return sql`(select pipeline_id from pipeline_search
      where ${contains}(name, ${folded}) > 0 or ${contains}(description, ${folded}) > 0)`;
  }
  if (kind === 'postgres') {
    const pattern = likePattern(folded);
    return sql`(select pipeline_id from pipeline_search
      where name like ${pattern} escape '\\' or description like ${pattern} escape '\\')`;
  }
  return sql`(select pipeline_id from pipeline_search where key in
    (select rowid from pipeline_search_fts where pipeline_search_fts match ${ftsPhrase(folded)}))`;
}

function searchRow(id: string, model: PipelineModel) {
  return {
    pipeline_id: id,
    name: foldForSearch(model.name),
    description: foldForSearch(model.description ?? ''),
  };
}

export class PipelineRepository {
  private readonly kind: DatabaseKind;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes = new ChangeCounter(),
  ) {
    this.kind = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
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
    this.changes.bump();
    return { ...toSummary(row), definition: model };
  }

  async findById(id: string, userId?: string): Promise<PipelineRecord | null> {
    const row = await this.db
      .selectFrom('pipelines')
      .selectAll('pipelines')
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
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { ...toSummary(row), definition: JSON.parse(row.definition) as PipelineModel } : null;
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
    this.changes.bump();
    return Number(result.numUpdatedRows) > 0 ? this.findById(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('pipelines').where('id', '=', id).executeTakeFirst();
    this.changes.bump();
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
    this.changes.bump();
  }

  async list(o: PipelineListOptions): Promise<{ items: PipelineSummary[]; total: number }> {
    const filters = (eb: ExpressionBuilder<Database, 'pipelines'>) => {
      const conditions: Expression<SqlBool>[] = [];
      if (o.q) conditions.push(sql<SqlBool>`pipelines.id in ${matchingIds(o.q, this.kind)}`);
      if (o.group) conditions.push(eb('pipelines.group_name', '=', o.group));
      if (o.status) conditions.push(eb('pipelines.last_run_status', '=', o.status));
      if (o.trigger)
        conditions.push(eb('pipelines.trigger_types', 'like', `%,${o.trigger.replace(/[\\%_,]/g, '')},%`));
      return eb.and(conditions);
    };
    let rows = this.db
      .selectFrom('pipelines')
      .leftJoin('favorites', (join) =>
        join.onRef('favorites.pipeline_id', '=', 'pipelines.id').on('favorites.user_id', '=', o.userId),
      )
      .where((eb) => filters(eb as unknown as ExpressionBuilder<Database, 'pipelines'>));
    // The favorites join only matters to the count when the list is filtered by it.
    let count = o.favorite === undefined ? this.db.selectFrom('pipelines').where(filters) : rows;
    if (o.favorite !== undefined) {
      rows = rows.where('favorites.user_id', o.favorite ? 'is not' : 'is', null);
      count = rows;
    }
    const column = SORT_COLUMNS[o.sort ?? 'name'];
    const order = o.order ?? (o.sort && o.sort !== 'name' ? 'desc' : 'asc');
    const [items, total] = await Promise.all([
      rows
        .select(SUMMARY_COLUMNS)
        .select('favorites.user_id as favorite')
        .orderBy(`pipelines.${column}`, order)
        // Same direction as the sort column, so an index on (column, name) serves both.
        .orderBy('pipelines.name', order)
        .limit(o.limit)
        .offset(o.offset)
        .execute(),
      count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items.map(toSummary), total: Number(total.n) };
  }
}
