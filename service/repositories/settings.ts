import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  isWriteOnlySetting,
  type SettingValue as SettingValueSchema,
  type WriteOnlySetting,
} from '../schemas/settings.js';
import { now } from './ids.js';

export type SettingValue = Static<typeof SettingValueSchema>;

export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every setting; a write-only one (a webhook secret) shows only whether it is set. */
  async all(): Promise<Record<string, SettingValue>> {
    const rows = await this.db.selectFrom('settings').selectAll().orderBy('key').execute();
    return Object.fromEntries(
      rows.map((r) => {
        const value = JSON.parse(r.value) as SettingValue;
        return [r.key, isWriteOnlySetting(r.key) ? value !== null : value];
      }),
    );
  }

  /** The value of a write-only setting, for the service's own use; null when not set. */
  async writeOnly(key: WriteOnlySetting): Promise<string | null> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    const value = row ? (JSON.parse(row.value) as SettingValue) : null;
    return typeof value === 'string' ? value : null;
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
