import type { Kysely, Selectable } from 'kysely';
import { BUILT_IN_TEMPLATES, type PipelineModel } from '../../src/index.js';
import type { Database, TemplatesTable } from '../db/schema.js';
import {
  BUILT_IN_TEMPLATE_OPTIONS,
  SAVED_TEMPLATE_OPTIONS,
  type StoredTemplate,
} from '../schemas/templates.js';
import { newId, now } from './ids.js';

export type { StoredTemplate };

/** A template row with the username of who saved it. */
type TemplateRow = Selectable<TemplatesTable> & { created_by_username: string | null };

function toTemplate(row: TemplateRow): StoredTemplate {
  const builtIn = row.built_in === 1;
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    builtIn,
    options: builtIn ? [...BUILT_IN_TEMPLATE_OPTIONS] : [...SAVED_TEMPLATE_OPTIONS],
    // Built-in templates are code (src/templates) and keep no model.
    definition: builtIn ? null : (JSON.parse(row.definition) as PipelineModel),
    createdBy: row.created_by_username,
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

  private selectTemplates() {
    return this.db
      .selectFrom('templates')
      .leftJoin('users', 'users.id', 'templates.created_by')
      .selectAll('templates')
      .select('users.username as created_by_username');
  }

  async list(): Promise<StoredTemplate[]> {
    const rows = await this.selectTemplates()
      .orderBy('templates.built_in', 'desc')
      .orderBy('templates.name')
      .execute();
    return rows.map(toTemplate);
  }

  async findByName(name: string): Promise<StoredTemplate | null> {
    const row = await this.selectTemplates().where('templates.name', '=', name).executeTakeFirst();
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
    return (await this.findByName(input.name))!;
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
