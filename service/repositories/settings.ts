import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SettingValue as SettingValueSchema } from '../schemas/settings.js';
import { now } from './ids.js';

export type SettingValue = Static<typeof SettingValueSchema>;

export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async all(): Promise<Record<string, SettingValue>> {
    const rows = await this.db.selectFrom('settings').selectAll().orderBy('key').execute();
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as SettingValue]));
  }

  async set(values: Record<string, SettingValue>): Promise<Record<string, SettingValue>> {
    await this.db.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(values)) {
        const row = { key, value: JSON.stringify(value), updated_at: now() };
        await trx
          .insertInto('settings')
          .values(row)
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
          .execute();
      }
    });
    return this.all();
  }
}
