import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../auth/roles.js';
import type { Database, UsersTable } from '../db/schema.js';
import type { User } from '../schemas/users.js';
import { ChangeCounter } from './change-counter.js';
import { newId, now } from './ids.js';

export type { User };

export interface NewUser {
  username: string;
  displayName?: string;
  email?: string | null;
  role: Role;
  passwordHash: string;
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role as Role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}

export class UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authChanges = new ChangeCounter(),
  ) {}

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

  async findByUsername(username: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  /** The user and the stored password hash, for login only. */
  async findCredentials(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
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

  async update(
    id: string,
    changes: {
      role?: Role;
      disabled?: boolean;
      displayName?: string;
      email?: string | null;
      passwordHash?: string;
    },
  ): Promise<User | null> {
    const values: Partial<UsersTable> = {};
    if (changes.role !== undefined) values.role = changes.role;
    if (changes.disabled !== undefined) values.disabled = changes.disabled ? 1 : 0;
    if (changes.displayName !== undefined) values.display_name = changes.displayName;
    if (changes.email !== undefined) values.email = changes.email;
    if (changes.passwordHash !== undefined) values.password_hash = changes.passwordHash;
    if (Object.keys(values).length > 0)
      await this.db.updateTable('users').set(values).where('id', '=', id).execute();
    this.authChanges.bump();
    return this.findById(id);
  }
}
