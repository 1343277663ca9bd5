import { Counter, type Registry } from 'prom-client';
import type { DatabaseKind } from '../db/open-database.js';

/**
 * Why a store call failed, as a label: `constraint` is a refused write the service turns into a
 * 4xx (a duplicate name) and is not a fault; `busy` is lock contention; `connection` is a lost or
 * refused database connection; `other` is anything else.
 */
export const STORE_ERROR_REASONS = ['constraint', 'busy', 'connection', 'other'] as const;
export type StoreErrorReason = (typeof STORE_ERROR_REASONS)[number];

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
]);

/** Classifies a better-sqlite3 or pg error by its code (SQLite result codes, PostgreSQL SQLSTATE). */
export function storeErrorReason(error: unknown): StoreErrorReason {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code)) return 'constraint';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || ['40001', '40P01', '55P03'].includes(code))
    return 'busy';
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return 'connection';
  if (
    /connection terminated|timeout exceeded when trying to connect/i.test(String((error as Error)?.message))
  )
    return 'connection';
  return 'other';
}

/** Failed database calls, counted at the store's one choke point (Kysely's query log). */
export class StoreMetrics {
  private readonly errors: Counter<'store' | 'reason'>;

  constructor(
    registry: Registry,
    private readonly store: DatabaseKind,
  ) {
    this.errors = new Counter({
      name: 'pipewright_store_errors_total',
      help: 'Database calls that failed, by store (sqlite, postgres) and reason (constraint, busy, connection, other)',
      labelNames: ['store', 'reason'],
      registers: [registry],
    });
    for (const reason of STORE_ERROR_REASONS) this.errors.inc({ store, reason }, 0);
  }

  record(error: unknown): void {
    this.errors.inc({ store: this.store, reason: storeErrorReason(error) });
  }
}
