import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { now } from './ids.js';

export interface GitCredentialSummary {
  id: string;
  username: string;
  description: string;
  updatedAt: string;
}

/** Git credentials by id; the secret is stored sealed (git/secret-box.ts) and never listed. */
export class GitCredentialRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<GitCredentialSummary[]> {
    const rows = await this.db
      .selectFrom('git_credentials')
      .select(['id', 'username', 'description', 'updated_at'])
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      description: r.description,
      updatedAt: r.updated_at,
    }));
  }

  /** Creates or replaces; returns whether it was new. */
  async put(
    id: string,
    input: { username: string; sealedSecret: string; description: string },
  ): Promise<boolean> {
    const at = now();
    const existed = await this.db
      .selectFrom('git_credentials')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    await this.db
      .insertInto('git_credentials')
      .values({
        id,
        username: input.username,
        sealed_secret: input.sealedSecret,
        description: input.description,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          username: input.username,
          sealed_secret: input.sealedSecret,
          description: input.description,
          updated_at: at,
        }),
      )
      .execute();
    return !existed;
  }

  async sealed(id: string): Promise<{ username: string; sealedSecret: string } | null> {
    const row = await this.db
      .selectFrom('git_credentials')
      .select(['username', 'sealed_secret'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { username: row.username, sealedSecret: row.sealed_secret } : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('git_credentials').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
