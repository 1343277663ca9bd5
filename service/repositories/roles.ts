import type { Kysely } from 'kysely';
import { PERMISSIONS, type Permission } from '../auth/permissions.js';
import type { RoleDefinition } from '../auth/roles.js';
import type { Database } from '../db/schema.js';
import { ChangeCounter } from './change-counter.js';
import { now } from './ids.js';

/** Custom roles: named sets of catalogue permissions that admins compose. */
export class RoleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authChanges = new ChangeCounter(),
  ) {}

  async list(): Promise<RoleDefinition[]> {
    const rows = await this.db.selectFrom('roles').selectAll().orderBy('name').execute();
    return rows.map((r) => ({
      name: r.name,
      description: r.description,
      builtIn: false,
      // Catalogue order, and only names the catalogue still has.
      permissions: PERMISSIONS.filter((p) => (JSON.parse(r.permissions) as string[]).includes(p)),
    }));
  }

  async find(name: string): Promise<RoleDefinition | null> {
    return (await this.list()).find((r) => r.name === name) ?? null;
  }

  async create(name: string, description: string, permissions: Permission[]): Promise<RoleDefinition> {
    await this.db
      .insertInto('roles')
      .values({ name, description, permissions: JSON.stringify(permissions), created_at: now() })
      .execute();
    this.authChanges.bump();
    return {
      name,
      description,
      builtIn: false,
      permissions: PERMISSIONS.filter((p) => permissions.includes(p)),
    };
  }

  async update(
    name: string,
    changes: { description?: string; permissions?: Permission[] },
  ): Promise<RoleDefinition | null> {
    const values: { description?: string; permissions?: string } = {};
    if (changes.description !== undefined) values.description = changes.description;
    if (changes.permissions !== undefined) values.permissions = JSON.stringify(changes.permissions);
    const result = await this.db.updateTable('roles').set(values).where('name', '=', name).executeTakeFirst();
    this.authChanges.bump();
    return Number(result.numUpdatedRows) > 0 ? this.find(name) : null;
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('roles').where('name', '=', name).executeTakeFirst();
    this.authChanges.bump();
    return Number(result.numDeletedRows) > 0;
  }

  /** Who still holds the role: usernames, and names of groups that grant it. */
  async holders(name: string): Promise<{ users: string[]; groups: string[] }> {
    const [users, groups] = await Promise.all([
      this.db.selectFrom('users').select('username').where('role', '=', name).orderBy('username').execute(),
      this.db
        .selectFrom('group_grants')
        .innerJoin('user_groups', 'user_groups.id', 'group_grants.group_id')
        .select('user_groups.name')
        .distinct()
        .where('group_grants.role', '=', name)
        .orderBy('user_groups.name')
        .execute(),
    ]);
    return { users: users.map((u) => u.username), groups: groups.map((g) => g.name) };
  }
}
