import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

interface Counted {
  current: number;
  ttl: number;
}

/** Rows whose window ended long ago are removed now and then, not on every attempt. */
const PRUNE_EVERY = 500;

/**
 * A counter store for @fastify/rate-limit kept in the database, so limits hold across replicas:
 * an attacker spreading guesses over every replica behind the Service gets the same number of
 * tries as against one. One upsert per attempt, atomic on both stores.
 */
export function sharedRateLimitStore(db: Kysely<Database>) {
  let attempts = 0;
  return class SharedRateLimitStore {
    readonly window: number;

    constructor(options: object = {}) {
      const window = (options as { timeWindow?: unknown }).timeWindow;
      this.window = typeof window === 'number' ? window : 60_000;
    }

    child(options: object): SharedRateLimitStore {
      return new SharedRateLimitStore(options);
    }

    /** The plugin passes each limiter's own window (its typings do not say so yet). */
    incr(key: string, callback: (error: Error | null, counted?: Counted) => void, timeWindow?: number): void {
      timeWindow ??= this.window;
      const now = Date.now();
      if (++attempts % PRUNE_EVERY === 0)
        void db
          .deleteFrom('rate_limits')
          .where('window_started_ms', '<', now - 24 * 3600_000)
          .execute()
          .catch(() => {});
      sql<{ count: number | string; window_started_ms: number | string }>`
        INSERT INTO rate_limits (key, count, window_started_ms) VALUES (${key}, 1, ${now})
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.window_started_ms + ${timeWindow} <= ${now} THEN 1 ELSE rate_limits.count + 1 END,
          window_started_ms = CASE WHEN rate_limits.window_started_ms + ${timeWindow} <= ${now} THEN ${now} ELSE rate_limits.window_started_ms END
        RETURNING count, window_started_ms`
        .execute(db)
        .then(({ rows }) => {
          const row = rows[0]!;
          const started = Number(row.window_started_ms);
          callback(null, { current: Number(row.count), ttl: Math.max(0, started + timeWindow - now) });
        })
        .catch((error: Error) => callback(error));
    }
  };
}
