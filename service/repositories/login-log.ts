import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LoginAttempt } from '../schemas/users.js';
import { DEFAULT_PAGE_SIZE } from '../schemas/common.js';
import { newId, now } from './ids.js';

export type { LoginAttempt };

export class LoginLogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: Omit<LoginAttempt, 'id' | 'at' | 'locked'> & { locked?: boolean }): Promise<void> {
    await this.db
      .insertInto('login_log')
      .values({
        id: newId(),
        at: now(),
        username: entry.username,
        user_id: entry.userId,
        ip: entry.ip,
        user_agent: entry.userAgent,
        success: entry.success ? 1 : 0,
        locked: entry.locked ? 1 : 0,
      })
      .execute();
  }

  async list(options: {
    limit?: number;
    offset?: number;
    username?: string;
    success?: boolean;
  }): Promise<{ items: LoginAttempt[]; total: number }> {
    let q = this.db.selectFrom('login_log');
    if (options.username !== undefined) q = q.where('username', '=', options.username);
    if (options.success !== undefined) q = q.where('success', '=', options.success ? 1 : 0);
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('at', 'desc')
        .limit(options.limit ?? DEFAULT_PAGE_SIZE)
        .offset(options.offset ?? 0)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        username: r.username,
        userId: r.user_id,
        ip: r.ip,
        userAgent: r.user_agent,
        success: r.success === 1,
        locked: r.locked === 1,
      })),
    };
  }
}
