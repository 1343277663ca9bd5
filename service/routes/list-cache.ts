import type { ChangeCounter } from '../repositories/change-counter.js';

/**
 * Recently served pipeline-list pages, as the JSON text sent. An entry is valid while no write
 * that the list shows has happened in this process since it was made, and for at most `ttlMs`:
 * with PostgreSQL several service instances may write, and this one would not see their writes.
 */
export class ListCache {
  private readonly entries = new Map<string, { body: string; version: number; at: number }>();

  constructor(
    private readonly changes: ChangeCounter,
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  async get(key: string, load: () => Promise<unknown>): Promise<string> {
    if (this.ttlMs <= 0) return JSON.stringify(await load());
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.version === this.changes.version && now - hit.at < this.ttlMs) return hit.body;
    const version = this.changes.version;
    const body = JSON.stringify(await load());
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { body, version, at: now });
    return body;
  }
}
