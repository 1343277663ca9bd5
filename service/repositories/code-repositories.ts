import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { CodeRepositoriesTable, Database } from '../db/schema.js';
import type {
  CodeRepository,
  RepositoryBasic,
  RepositoryBuild,
  RepositoryRelease,
  Version,
} from '../schemas/repositories.js';
import { newId, now } from './ids.js';

export type { CodeRepository };

/** What a repository is registered with; the three configuration parts are stored as given. */
export interface CodeRepositoryInput {
  identifier: string;
  name: string;
  ownerId: string;
  gitUrl: string;
  credentialsId: string | null;
  buildImage: string | null;
  basic: RepositoryBasic;
  build: RepositoryBuild;
  release: RepositoryRelease;
  recordPushCandidates: boolean;
}

type RepositoryRow = Selectable<CodeRepositoriesTable> & { owner: string | null };

/** A repository as the release code reads it: without the list's latest versions. */
export type StoredRepository = Omit<CodeRepository, 'latest'> & { ownerId: string };

function toRepository(row: RepositoryRow): StoredRepository {
  return {
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    owner: row.owner,
    ownerId: row.owner_id,
    gitUrl: row.git_url,
    credentialsId: row.credentials_id,
    buildImage: row.build_image,
    basic: JSON.parse(row.basic) as RepositoryBasic,
    build: JSON.parse(row.build) as RepositoryBuild,
    release: JSON.parse(row.release) as RepositoryRelease,
    recordPushCandidates: row.record_push_candidates === 1,
    pipelineId: row.pipeline_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The same git repository written differently: case of the host, a trailing `.git` or slash. */
export function normalizeGitUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(
      /^([a-z][a-z0-9+.-]*:\/\/)([^/]+)/i,
      (_, scheme: string, host: string) => scheme.toLowerCase() + host.toLowerCase(),
    );
}

/** Registered code repositories. Versions live in VersionRepository. */
export class CodeRepositoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private select() {
    return this.db
      .selectFrom('code_repositories')
      .leftJoin('users', 'users.id', 'code_repositories.owner_id')
      .selectAll('code_repositories')
      .select('users.username as owner');
  }

  async create(input: CodeRepositoryInput): Promise<StoredRepository> {
    const at = now();
    const id = newId();
    await this.db
      .insertInto('code_repositories')
      .values({
        id,
        identifier: input.identifier,
        name: input.name,
        owner_id: input.ownerId,
        git_url: input.gitUrl,
        credentials_id: input.credentialsId,
        build_image: input.buildImage,
        basic: JSON.stringify(input.basic),
        build: JSON.stringify(input.build),
        release: JSON.stringify(input.release),
        record_push_candidates: input.recordPushCandidates ? 1 : 0,
        pipeline_id: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return (await this.findById(id))!;
  }

  /** By id or by identifier: both are unique, and URLs may carry either. */
  async findById(idOrIdentifier: string): Promise<StoredRepository | null> {
    const row = await this.select()
      .where((eb) =>
        eb.or([
          eb('code_repositories.id', '=', idOrIdentifier),
          eb('code_repositories.identifier', '=', idOrIdentifier),
        ]),
      )
      .executeTakeFirst();
    return row ? toRepository(row) : null;
  }

  async list(query: { limit: number; offset: number; q?: string }): Promise<{
    items: StoredRepository[];
    total: number;
  }> {
    let base = this.select();
    if (query.q) {
      const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // SQLite's LIKE has no escape character unless one is named.
      base = base.where(
        sql<boolean>`(lower(code_repositories.name) LIKE ${like} ESCAPE '\\' OR code_repositories.identifier LIKE ${like} ESCAPE '\\')`,
      );
    }
    const rows = await base
      .orderBy('code_repositories.identifier')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const counted = await base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return { items: rows.map(toRepository), total: Number(counted.n) };
  }

  /** Repositories whose git URL names the same repository as `url` (a push's repository). */
  async findByGitUrl(url: string): Promise<StoredRepository[]> {
    const wanted = normalizeGitUrl(url);
    const rows = await this.select().execute();
    return rows.filter((r) => normalizeGitUrl(r.git_url) === wanted).map(toRepository);
  }

  async update(id: string, input: Partial<CodeRepositoryInput>): Promise<StoredRepository | null> {
    const values: Updateable<CodeRepositoriesTable> = { updated_at: now() };
    if (input.name !== undefined) values.name = input.name;
    if (input.ownerId !== undefined) values.owner_id = input.ownerId;
    if (input.gitUrl !== undefined) values.git_url = input.gitUrl;
    if (input.credentialsId !== undefined) values.credentials_id = input.credentialsId;
    if (input.buildImage !== undefined) values.build_image = input.buildImage;
    if (input.basic !== undefined) values.basic = JSON.stringify(input.basic);
    if (input.build !== undefined) values.build = JSON.stringify(input.build);
    if (input.release !== undefined) values.release = JSON.stringify(input.release);
    if (input.recordPushCandidates !== undefined)
      values.record_push_candidates = input.recordPushCandidates ? 1 : 0;
    await this.db.updateTable('code_repositories').set(values).where('id', '=', id).execute();
    return this.findById(id);
  }

  async setPipeline(id: string, pipelineId: string): Promise<void> {
    await this.db
      .updateTable('code_repositories')
      .set({ pipeline_id: pipelineId })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('code_repositories').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

export type { Version };
