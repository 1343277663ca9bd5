import type { ChangeCounter } from '../repositories/change-counter.js';
import type { User } from '../repositories/users.js';

/**
 * Remembers which user a bearer token stands for, so a request costs no token lookup. An entry
 * is dropped on any write to users, sessions or tokens in this process, and lives at most
 * `ttlMs`, which bounds how long another instance's revocation takes to reach this one.
 */
export class TokenCache {
  private readonly entries = new Map<string, { user: User; version: number; at: number }>();

  constructor(
    private readonly changes: ChangeCounter,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve(token: string, load: (token: string) => Promise<User | null>): Promise<User | null> {
    const hit = this.entries.get(token);
    const now = Date.now();
    if (hit && hit.version === this.changes.version && now - hit.at < this.ttlMs) return hit.user;
    const version = this.changes.version;
    const user = await load(token);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    if (user) this.entries.set(token, { user, version, at: now });
    else this.entries.delete(token);
    return user;
  }
}
