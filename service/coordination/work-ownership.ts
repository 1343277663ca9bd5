import { sql, type Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { Database } from '../db/schema.js';
import type { PostgresSession } from './postgres-session.js';

/** What a unit of background work does when this replica gains or loses it. */
export interface OwnedWork {
  /** This replica now owns the unit: start doing it. */
  acquired(): void;
  /** It no longer does (lost connection, shutdown): stop at once; another replica takes over. */
  lost(): void;
}

/**
 * Which replica does a unit of background work (Jenkins polling, retention, webhook retries...).
 * Exactly one at a time per unit; when the owner dies, another takes over.
 */
export interface WorkOwnership {
  own(unit: string, work: OwnedWork): void;
  owns(unit: string): boolean;
  /** Whether any replica (this one included) holds the unit now: a replica's liveness. */
  heldAnywhere(unit: string): Promise<boolean>;
  /** Gives every unit back (graceful shutdown: the others take over without waiting). */
  close(): Promise<void>;
  /** Told of each pass of a unit's work (metrics count them). */
  passed?(unit: string): void;
}

/** One process, one store (SQLite): this process owns everything. */
export class SoleOwnership implements WorkOwnership {
  private readonly units = new Map<string, OwnedWork>();

  own(unit: string, work: OwnedWork): void {
    this.units.set(unit, work);
    work.acquired();
  }

  owns(unit: string): boolean {
    return this.units.has(unit);
  }

  async heldAnywhere(unit: string): Promise<boolean> {
    return this.units.has(unit);
  }

  async close(): Promise<void> {
    for (const work of this.units.values()) work.lost();
    this.units.clear();
  }
}

/** A 64-bit advisory-lock key for a unit of one store (schema). */
export function lockKey(schema: string, unit: string): string {
  return createHash('sha256').update(`pipewright\0${schema}\0${unit}`).digest().readBigInt64BE(0).toString();
}

/**
 * PostgreSQL session advisory locks on a dedicated connection: the lock is held exactly as long
 * as that connection lives, so a replica that dies (or loses the database) releases its units
 * at once, and whoever asks next gets them. Replicas ask every `retryMs`.
 */
export class AdvisoryLockOwnership implements WorkOwnership {
  private readonly units = new Map<string, { work: OwnedWork; held: boolean }>();
  private readonly timer: NodeJS.Timeout;
  private closing = false;
  private claiming: Promise<void> | null = null;

  constructor(
    private readonly session: PostgresSession,
    /** The store's pool, for reading pg_locks. */
    private readonly db: Kysely<Database>,
    retryMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    session.onDown(() => {
      for (const entry of this.units.values()) this.release(entry);
    });
    this.timer = setInterval(() => void this.claimAll(), retryMs);
    this.timer.unref();
  }

  own(unit: string, work: OwnedWork): void {
    this.units.set(unit, { work, held: false });
    void this.claimAll();
  }

  owns(unit: string): boolean {
    return this.units.get(unit)?.held ?? false;
  }

  /**
   * Read from pg_locks, which shows a bigint advisory key as its high and low 32 bits; asking
   * with pg_try_advisory_lock would take the unit, and would succeed for this session's own.
   */
  async heldAnywhere(unit: string): Promise<boolean> {
    if (this.owns(unit)) return true;
    const key = BigInt(lockKey(this.session.schema, unit));
    const unsigned = BigInt.asUintN(64, key);
    const high = (unsigned >> 32n).toString();
    const low = (unsigned & 0xffffffffn).toString();
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_locks where locktype = 'advisory' and granted
        and classid = ${high}::bigint::oid and objid = ${low}::bigint::oid and objsubid = 1`.execute(this.db);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Resolves once every unit not yet held was asked for once. */
  claimAll(): Promise<void> {
    this.claiming ??= this.tryClaims().finally(() => {
      this.claiming = null;
    });
    return this.claiming;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.claiming;
    for (const entry of this.units.values()) this.release(entry);
    // Ending the session releases every lock it held.
    await this.session.close();
  }

  private async tryClaims(): Promise<void> {
    if (this.closing) return;
    const client = await this.session.get();
    if (!client) return;
    for (const [unit, entry] of this.units) {
      if (entry.held || this.closing) continue;
      try {
        const { rows } = await client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1::bigint) as ok',
          [lockKey(this.session.schema, unit)],
        );
        if (rows[0]?.ok && !this.closing && this.session.connected) {
          entry.held = true;
          entry.work.acquired();
        }
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private release(entry: { work: OwnedWork; held: boolean }): void {
    if (!entry.held) return;
    entry.held = false;
    entry.work.lost();
  }
}
