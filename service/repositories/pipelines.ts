import { sql, type Kysely, type Selectable } from 'kysely';
import type { PipelineModel } from '../../src/index.js';
import type { Database, PipelinesTable } from '../db/schema.js';
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

const SORT_COLUMNS = { name: 'name', updatedAt: 'updated_at', lastRunAt: 'last_run_started_at' } as const;

/** Trigger types kept as `,manual,push,` so one LIKE finds a type without parsing JSON. */
function triggerColumn(model: PipelineModel): string {
  const types = [...new Set((model.triggers ?? [{ type: 'manual' }]).map((t) => t.type))];
  return `,${types.join(',')},`;
}

function toSummary(row: Selectable<PipelinesTable> & { favorite?: unknown }): PipelineSummary {
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
function likePattern(keyword: string): string {
  return `%${keyword.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

export class PipelineRepository {
  constructor(private readonly db: Kysely<Database>) {}

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
    await this.db.insertInto('pipelines').values(row).execute();
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
    const result = await this.db
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
    return Number(result.numUpdatedRows) > 0 ? this.findById(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('pipelines').where('id', '=', id).executeTakeFirst();
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
  }

  async list(o: PipelineListOptions): Promise<{ items: PipelineSummary[]; total: number }> {
    let q = this.db
      .selectFrom('pipelines')
      .leftJoin('favorites', (join) =>
        join.onRef('favorites.pipeline_id', '=', 'pipelines.id').on('favorites.user_id', '=', o.userId),
      );
    if (o.q) {
      const pattern = likePattern(o.q);
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(pipelines.name) like ${pattern} escape '\\'`,
          sql<boolean>`lower(pipelines.description) like ${pattern} escape '\\'`,
        ]),
      );
    }
    if (o.group) q = q.where('pipelines.group_name', '=', o.group);
    if (o.status) q = q.where('pipelines.last_run_status', '=', o.status);
    if (o.trigger) q = q.where('pipelines.trigger_types', 'like', `%,${o.trigger.replace(/[\\%_,]/g, '')},%`);
    if (o.favorite !== undefined) q = q.where('favorites.user_id', o.favorite ? 'is not' : 'is', null);
    const column = SORT_COLUMNS[o.sort ?? 'name'];
    const order = o.order ?? (o.sort && o.sort !== 'name' ? 'desc' : 'asc');
    const [rows, count] = await Promise.all([
      q
        .selectAll('pipelines')
        .select('favorites.user_id as favorite')
        .orderBy(`pipelines.${column}`, order)
        .orderBy('pipelines.name')
        .limit(o.limit)
        .offset(o.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toSummary), total: Number(count.n) };
  }
}
