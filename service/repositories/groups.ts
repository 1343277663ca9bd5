import type { Kysely } from 'kysely';
import { higherRole, isBuiltInRole, type Role } from '../auth/roles.js';
import type { Database } from '../db/schema.js';
import type { UserGroup } from '../schemas/groups.js';
import { newId } from './ids.js';

export type { UserGroup };

/** A grant on every pipeline group. */
export const ALL_PIPELINE_GROUPS = '*';

export class GroupRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(name: string, description = ''): Promise<UserGroup> {
    const id = newId();
    await this.db.insertInto('user_groups').values({ id, name, description }).execute();
    return { id, name, description, members: [], grants: [] };
  }

  async findById(id: string): Promise<UserGroup | null> {
    const row = await this.db.selectFrom('user_groups').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const [members, grants] = await Promise.all([
      this.db
        .selectFrom('group_members')
        .innerJoin('users', 'users.id', 'group_members.user_id')
        .select('users.username')
        .where('group_members.group_id', '=', id)
        .execute(),
      this.db
        .selectFrom('group_grants')
        .select(['pipeline_group', 'role'])
        .where('group_id', '=', id)
        .execute(),
    ]);
    return {
      ...row,
      members: members.map((m) => m.username).sort(),
      grants: grants.map((g) => ({ pipelineGroup: g.pipeline_group, role: g.role })),
    };
  }

  async list(): Promise<UserGroup[]> {
    const rows = await this.db.selectFrom('user_groups').select('id').orderBy('name').execute();
    const groups = await Promise.all(rows.map((r) => this.findById(r.id)));
    return groups.filter((g): g is UserGroup => g !== null);
  }

  /**
   * Replaces members (given as user ids) and grants in one transaction; null when the group does
   * not exist.
   */
  async update(
    id: string,
    changes: {
      description?: string;
      memberIds?: string[];
      grants?: { pipelineGroup: string; role: string }[];
    },
  ): Promise<UserGroup | null> {
    const exists = await this.db
      .selectFrom('user_groups')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!exists) return null;
    await this.db.transaction().execute(async (trx) => {
      if (changes.description !== undefined)
        await trx
          .updateTable('user_groups')
          .set({ description: changes.description })
          .where('id', '=', id)
          .execute();
      if (changes.memberIds) {
        await trx.deleteFrom('group_members').where('group_id', '=', id).execute();
        if (changes.memberIds.length)
          await trx
            .insertInto('group_members')
            .values(changes.memberIds.map((user_id) => ({ group_id: id, user_id })))
            .execute();
      }
      if (changes.grants) {
        await trx.deleteFrom('group_grants').where('group_id', '=', id).execute();
        if (changes.grants.length) {
          await trx
            .insertInto('group_grants')
            .values(
              changes.grants.map((g) => ({ group_id: id, pipeline_group: g.pipelineGroup, role: g.role })),
            )
            .execute();
        }
      }
    });
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('user_groups').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Names of the groups a user belongs to (gate submitters may name groups). */
  async groupNamesOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('group_members')
      .innerJoin('user_groups', 'user_groups.id', 'group_members.group_id')
      .select('user_groups.name')
      .where('group_members.user_id', '=', userId)
      .execute();
    return rows.map((r) => r.name);
  }

  /** Every role the user's groups grant on a pipeline group (built-in or custom), once each. */
  async grantedRoles(userId: string, pipelineGroup: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('group_grants')
      .innerJoin('group_members', 'group_members.group_id', 'group_grants.group_id')
      .select('group_grants.role')
      .distinct()
      .where('group_members.user_id', '=', userId)
      .where('group_grants.pipeline_group', 'in', [pipelineGroup, ALL_PIPELINE_GROUPS])
      .execute();
    return rows.map((r) => r.role);
  }

  /** The strongest built-in role the user's groups grant on a pipeline group, or null. */
  async grantedRole(userId: string, pipelineGroup: string): Promise<Role | null> {
    return (await this.grantedRoles(userId, pipelineGroup))
      .filter(isBuiltInRole)
      .reduce<Role | null>((best, r) => (best ? higherRole(best, r) : r), null);
  }
}
