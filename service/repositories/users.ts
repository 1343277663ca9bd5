import { PostgresAdapter, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, UsersTable } from '../db/schema.js';
import type { User } from '../schemas/users.js';
import { ChangeCounter } from './change-counter.js';
import { newId, now } from './ids.js';

export type { User };

export interface NewUser {
  username: string;
  displayName?: string;
  email?: string | null;
  role: string;
  passwordHash: string;
}

export interface UserChanges {
  role?: string;
  disabled?: boolean;
  displayName?: string;
  email?: string | null;
  passwordHash?: string;
}

/** The change would leave no active user who may manage users: nobody could undo it. */
export class LastAdminError extends Error {
  readonly code = 'LAST_ADMIN';
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}

export class UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authChanges = new ChangeCounter(),
  ) {}

  /** A username differing only in case from an existing one is a unique violation (409). */
  async create(input: NewUser): Promise<User> {
    const row = {
      id: newId(),
      username: input.username,
      display_name: input.displayName ?? input.username,
      email: input.email ?? null,
      password_hash: input.passwordHash,
      role: input.role,
      disabled: 0,
      created_at: now(),
    };
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  /** Usernames are unique regardless of case, and looked up so. */
  async findByUsername(username: string): Promise<User | null> {
    return (await this.findCredentials(username))?.user ?? null;
  }

  /** The user and the stored password hash, for login only. */
  async findCredentials(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst();
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How many enabled users hold one of these roles. */
  async countActiveWithRole(roles: readonly string[]): Promise<number> {
    if (roles.length === 0) return 0;
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', 'in', roles)
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Applies the changes; a new password ends every session and API token of the user in the
   * same transaction. `adminRoles` are the roles that may manage users: a change that would
   * leave no active user holding one throws LastAdminError and changes nothing.
   */
  async update(
    id: string,
    changes: UserChanges,
    adminRoles: readonly string[] = ['admin'],
  ): Promise<User | null> {
    const values: Partial<UsersTable> = {};
    if (changes.role !== undefined) values.role = changes.role;
    if (changes.disabled !== undefined) values.disabled = changes.disabled ? 1 : 0;
    if (changes.displayName !== undefined) values.display_name = changes.displayName;
    if (changes.email !== undefined) values.email = changes.email;
    if (changes.passwordHash !== undefined) values.password_hash = changes.passwordHash;
    const found = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) return false;
      const stillAdmin =
        adminRoles.includes(values.role ?? current.role) && (values.disabled ?? current.disabled) === 0;
      if (!stillAdmin) await this.assertAnotherAdmin(trx, current, adminRoles);
      if (Object.keys(values).length > 0)
        await trx.updateTable('users').set(values).where('id', '=', id).execute();
      if (values.password_hash !== undefined) await revokeCredentials(trx, id);
      return true;
    });
    this.authChanges.bump();
    return found ? this.findById(id) : null;
  }

  /** Deletes the user (their sessions, tokens and memberships go with them); false when absent. */
  async delete(id: string, adminRoles: readonly string[] = ['admin']): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) return false;
      await this.assertAnotherAdmin(trx, current, adminRoles);
      await revokeCredentials(trx, id);
      await trx.deleteFrom('group_members').where('user_id', '=', id).execute();
      await trx.deleteFrom('users').where('id', '=', id).execute();
      return true;
    });
    this.authChanges.bump();
    return deleted;
  }

  /** How many pipelines the user owns (they keep a reference to their owner). */
  async ownedPipelines(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('pipelines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Throws LastAdminError when `user` is an active admin and no other active admin exists. On
   * PostgreSQL the admin rows are locked, so two admins demoting each other at once cannot both
   * succeed; SQLite serialises write transactions anyway.
   */
  private async assertAnotherAdmin(
    trx: Transaction<Database>,
    user: Selectable<UsersTable>,
    adminRoles: readonly string[],
  ): Promise<void> {
    if (!adminRoles.includes(user.role) || user.disabled !== 0) return;
    let query = trx
      .selectFrom('users')
      .select('id')
      .where('role', 'in', adminRoles)
      .where('disabled', '=', 0)
      .where('id', '<>', user.id);
    if (trx.getExecutor().adapter instanceof PostgresAdapter) query = query.forUpdate();
    const others = await query.execute();
    if (others.length === 0)
      throw new LastAdminError(
        `${user.username} is the last active user who may manage users; make another one admin first`,
      );
  }
}

/** Ends every session and personal API token of a user. */
async function revokeCredentials(trx: Transaction<Database>, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
}
