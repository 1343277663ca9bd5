import type { ChangeCounter } from '../repositories/change-counter.js';

/**
 * Values that stay valid while no write of a kind happened (the counter has not moved: this
 * process's writes, and other replicas' as the change bus reports them) and for at most `ttlMs`.
 * While the counter is unreliable (the bus lost its connection) every call loads. A ttl of 0
 * turns the cache off.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { value: V; version: number; at: number }>();

  constructor(
    private readonly changes: ChangeCounter,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value for `key`, or `load()`'s, kept when `keep` says so. */
  async get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    if (this.ttlMs <= 0 || !this.changes.reliable) return load();
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.version === this.changes.version && now - hit.at < this.ttlMs) return hit.value;
    const version = this.changes.version;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    if (keep(value)) this.entries.set(key, { value, version, at: now });
    else this.entries.delete(key);
    return value;
  }
}
