import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ChangeCounter } from './change-counter.js';
import type { ApiToken } from '../schemas/users.js';
import { newId, now } from './ids.js';
import { toUser, type User } from './users.js';

export type { ApiToken };

/** Session tokens expire; personal API tokens last until revoked. Only hashes are stored. */
const SESSION_PREFIX = 'pws_';
const API_TOKEN_PREFIX = 'pwt_';
export const SESSION_HOURS = 12;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = (prefix: string) => prefix + randomBytes(32).toString('base64url');

export class TokenRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authChanges = new ChangeCounter(),
  ) {}

  async createSession(userId: string): Promise<{ token: string; expiresAt: string }> {
    const token = newToken(SESSION_PREFIX);
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
    await this.db
      .insertInto('sessions')
      .values({ token_hash: hashToken(token), user_id: userId, created_at: now(), expires_at: expiresAt })
      .execute();
    return { token, expiresAt };
  }

  async deleteSession(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
    this.authChanges.bump();
  }

  async createApiToken(userId: string, name: string): Promise<{ token: string; apiToken: ApiToken }> {
    const token = newToken(API_TOKEN_PREFIX);
    const row = {
      id: newId(),
      user_id: userId,
      name,
      token_hash: hashToken(token),
      created_at: now(),
      last_used_at: null,
    };
    await this.db.insertInto('api_tokens').values(row).execute();
    return { token, apiToken: { id: row.id, name, createdAt: row.created_at, lastUsedAt: null } };
  }

  async listApiTokens(userId: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  /** Returns false when the token does not exist or belongs to someone else. */
  async revokeApiToken(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('api_tokens')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    this.authChanges.bump();
    return Number(result.numDeletedRows) > 0;
  }

  /** The active user a bearer token stands for, or null (unknown, expired or disabled). */
  async resolve(token: string): Promise<User | null> {
    const hash = hashToken(token);
    if (token.startsWith(SESSION_PREFIX)) {
      const row = await this.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .where('sessions.token_hash', '=', hash)
        .where('sessions.expires_at', '>', now())
        .executeTakeFirst();
      return row && row.disabled === 0 ? toUser(row) : null;
    }
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const row = await this.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .where('api_tokens.token_hash', '=', hash)
        .executeTakeFirst();
      if (!row || row.disabled !== 0) return null;
      await this.db
        .updateTable('api_tokens')
        .set({ last_used_at: now() })
        .where('token_hash', '=', hash)
        .execute();
      return toUser(row);
    }
    return null;
  }
}
