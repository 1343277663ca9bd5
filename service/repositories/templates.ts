import type { Kysely, Selectable } from 'kysely';
import { BUILT_IN_TEMPLATES, type PipelineModel } from '../../src/index.js';
import type { Database, TemplatesTable } from '../db/schema.js';
import { newId, now } from './ids.js';

export interface StoredTemplate {
  id: string;
  name: string;
  title: string;
  description: string;
  builtIn: boolean;
  /** Saved pipelines keep their model; built-in templates are code (src/templates) and keep none. */
  definition: PipelineModel | null;
  createdBy: string | null;
  createdAt: string;
}

function toTemplate(row: Selectable<TemplatesTable>): StoredTemplate {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    builtIn: row.built_in === 1,
    definition: row.built_in === 1 ? null : (JSON.parse(row.definition) as PipelineModel),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export class TemplateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Makes sure every built-in template has its row; runs at every start. */
  async seedBuiltIns(): Promise<void> {
    for (const t of BUILT_IN_TEMPLATES) {
      await this.db
        .insertInto('templates')
        .values({
          id: newId(),
          name: t.name,
          title: t.title,
          description: t.description,
          built_in: 1,
          definition: 'null',
          created_by: null,
          created_at: now(),
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ title: t.title, description: t.description, built_in: 1 }),
        )
        .execute();
    }
  }

  async list(): Promise<StoredTemplate[]> {
    const rows = await this.db
      .selectFrom('templates')
      .selectAll()
      .orderBy('built_in', 'desc')
      .orderBy('name')
      .execute();
    return rows.map(toTemplate);
  }

  async findByName(name: string): Promise<StoredTemplate | null> {
    const row = await this.db.selectFrom('templates').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toTemplate(row) : null;
  }

  async createFromPipeline(input: {
    name: string;
    title: string;
    description: string;
    definition: PipelineModel;
    createdBy: string;
  }): Promise<StoredTemplate> {
    const row = {
      id: newId(),
      name: input.name,
      title: input.title,
      description: input.description,
      built_in: 0,
      definition: JSON.stringify(input.definition),
      created_by: input.createdBy,
      created_at: now(),
    };
    await this.db.insertInto('templates').values(row).execute();
    return toTemplate(row);
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('templates')
      .where('name', '=', name)
      .where('built_in', '=', 0)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
