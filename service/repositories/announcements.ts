import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Announcement } from '../schemas/announcements.js';
import { newId, now } from './ids.js';

export type { Announcement };

export class AnnouncementRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: { title: string; body: string; authorId: string }): Promise<Announcement> {
    const row = {
      id: newId(),
      title: input.title,
      body: input.body,
      author_id: input.authorId,
      created_at: now(),
    };
    await this.db.insertInto('announcements').values(row).execute();
    const author = await this.db
      .selectFrom('users')
      .select('username')
      .where('id', '=', input.authorId)
      .executeTakeFirst();
    return {
      id: row.id,
      title: row.title,
      body: row.body,
      author: author?.username ?? null,
      authorId: row.author_id,
      createdAt: row.created_at,
    };
  }

  async latest(limit: number): Promise<Announcement[]> {
    const rows = await this.db
      .selectFrom('announcements')
      .leftJoin('users', 'users.id', 'announcements.author_id')
      .selectAll('announcements')
      .select('users.username as author')
      .orderBy('announcements.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      author: r.author,
      authorId: r.author_id,
      createdAt: r.created_at,
    }));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('announcements').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
