import pg from 'pg';

export interface PostgresSessionOptions {
  url: string;
  /** The schema the store lives in; names channels and locks, so stores sharing a database stay apart. */
  schema?: string;
  onError: (error: unknown) => void;
  /** First and largest wait between reconnection attempts. @default 200 / 5000 */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * One dedicated PostgreSQL connection that comes back after it drops. LISTEN and session
 * advisory locks belong to a connection, not to the pool, and die with it: that is what makes
 * them useful (a dead replica's locks are released by the server), so whoever uses this session
 * hears `down` and must treat everything it held or heard as lost.
 */
export class PostgresSession {
  private client: pg.Client | null = null;
  private closed = false;
  private backoff: number;
  private connecting: Promise<pg.Client | null> | null = null;
  private readonly upListeners: ((client: pg.Client) => Promise<void> | void)[] = [];
  private readonly downListeners: (() => void)[] = [];

  constructor(private readonly o: PostgresSessionOptions) {
    this.backoff = o.minBackoffMs ?? 200;
  }

  get schema(): string {
    return this.o.schema ?? 'public';
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** Called with the fresh client after every (re)connection, before anyone else uses it. */
  onUp(listener: (client: pg.Client) => Promise<void> | void): void {
    this.upListeners.push(listener);
  }

  onDown(listener: () => void): void {
    this.downListeners.push(listener);
  }

  /** The live client, connecting when there is none; null while the server cannot be reached. */
  async get(): Promise<pg.Client | null> {
    if (this.client) return this.client;
    if (this.closed) return null;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** Drops the connection as a network failure would; the session reconnects (tests). */
  destroyForTest(): void {
    const client = this.client as unknown as { connection?: { stream?: { destroy(): void } } } | null;
    client?.connection?.stream?.destroy();
  }

  /** Drops the connection as a crash of the process would: it never comes back (tests). */
  crashForTest(): void {
    this.closed = true;
    this.destroyForTest();
  }

  private async connect(): Promise<pg.Client | null> {
    const client = new pg.Client({ connectionString: this.o.url });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      for (const up of this.upListeners) await up(client);
    } catch (error) {
      this.o.onError(error);
      await client.end().catch(() => {});
      this.scheduleRetry();
      return null;
    }
    this.backoff = this.o.minBackoffMs ?? 200;
    this.client = client;
    return client;
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    if (error) this.o.onError(error);
    for (const down of this.downListeners) down();
    if (!this.closed) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.o.maxBackoffMs ?? 5_000);
    setTimeout(() => void this.get(), wait).unref();
  }
}
