import { VersionedCache } from '../cache/versioned-cache.js';
import type { ChangeCounter } from '../repositories/change-counter.js';
import type { Permission } from './permissions.js';
import { BUILT_IN_ROLES, type RoleDefinition } from './roles.js';

/**
 * Every role the service knows, built-in and custom, with its permissions. Custom roles are read
 * from the store and cached until a role changes in this process (or `ttlMs`, for changes made
 * by another instance).
 */
export class RoleBook {
  private readonly cache: VersionedCache<RoleDefinition[]>;
  /** The custom roles `permissionSets` were computed from. */
  private permissionsFor: RoleDefinition[] | null = null;
  private readonly permissionSets = new Map<string, ReadonlySet<Permission>>();

  constructor(
    private readonly loadCustom: () => Promise<RoleDefinition[]>,
    changes: ChangeCounter,
    ttlMs: number,
  ) {
    this.cache = new VersionedCache(changes, ttlMs, 1);
  }

  /** Built-in roles first (weakest to strongest), then custom roles by name. */
  async all(): Promise<RoleDefinition[]> {
    return withBuiltIns(await this.custom());
  }

  private custom(): Promise<RoleDefinition[]> {
    return this.cache.get('custom', this.loadCustom);
  }

  async find(name: string): Promise<RoleDefinition | null> {
    return (await this.all()).find((r) => r.name === name) ?? null;
  }

  /**
   * A role that no longer exists (a custom role deleted under a user) grants nothing. Asked on
   * every request: the sets are kept per list of roles until the custom roles are read anew.
   */
  async permissionsOf(roles: readonly string[]): Promise<ReadonlySet<Permission>> {
    const custom = await this.custom();
    if (custom !== this.permissionsFor) {
      this.permissionsFor = custom;
      this.permissionSets.clear();
    }
    const key = roles.join('\n');
    let permissions = this.permissionSets.get(key);
    if (!permissions) {
      const wanted = new Set(roles);
      permissions = new Set(
        withBuiltIns(custom)
          .filter((r) => wanted.has(r.name))
          .flatMap((r) => r.permissions),
      );
      // Role lists come from users and group grants: few distinct ones, but bound them anyway.
      if (this.permissionSets.size >= 1_000) this.permissionSets.clear();
      this.permissionSets.set(key, permissions);
    }
    return permissions;
  }

  /** The roles whose holders may manage users; at least one active holder must remain. */
  async adminRoles(): Promise<string[]> {
    return (await this.all()).filter((r) => r.permissions.includes('user:admin')).map((r) => r.name);
  }
}

function withBuiltIns(custom: RoleDefinition[]): RoleDefinition[] {
  return [...BUILT_IN_ROLES, ...custom];
}
