import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ChangeCounter } from '../repositories/change-counter.js';
import type { PostgresSession } from './postgres-session.js';

/** A PostgreSQL channel name for this store: stores in other schemas of one database stay apart. */
export function changeChannel(schema: string): string {
  return `pipewright_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

/**
 * Keeps the caches of several replicas right: each local write of a counted kind is announced
 * with NOTIFY, and each replica bumps its own counter when it hears another's. While the LISTEN
 * connection is down the counters are unreliable (caches load every time); when it comes back
 * every counter is bumped, since anything may have changed meanwhile.
 */
export class ChangeBus {
  readonly instance = randomUUID();
  private readonly channel: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly session: PostgresSession,
    private readonly counters: Record<string, ChangeCounter>,
    private readonly onError: (error: unknown) => void,
  ) {
    this.channel = changeChannel(session.schema);
    for (const counter of Object.values(counters)) counter.reliable = false;
    session.onUp(async (client) => {
      client.on('notification', (message) => this.heard(message.channel, message.payload));
      await client.query(`LISTEN "${this.channel}"`);
      for (const counter of Object.values(this.counters)) {
        counter.bumpFromElsewhere();
        counter.reliable = true;
      }
    });
    session.onDown(() => {
      for (const counter of Object.values(this.counters)) counter.reliable = false;
    });
    for (const [kind, counter] of Object.entries(counters))
      counter.onBump(() => void this.publish(kind).catch(this.onError));
  }

  /** Connects and listens; the caches serve only from then on. */
  async start(): Promise<void> {
    await this.session.get();
  }

  private heard(channel: string, payload: string | undefined): void {
    if (channel !== this.channel || !payload) return;
    const [from, kind] = payload.split(' ');
    if (from === this.instance) return;
    this.counters[kind ?? '']?.bumpFromElsewhere();
  }

  private async publish(kind: string): Promise<void> {
    // Through the pool, not the LISTEN session: a write that succeeded can be announced even
    // while this replica's own listening connection is reconnecting.
    await sql`select pg_notify(${this.channel}, ${`${this.instance} ${kind}`})`.execute(this.db);
  }
}
