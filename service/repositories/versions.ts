import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CodeVersionsTable, Database } from '../db/schema.js';
import type {
  BumpLevel,
  ReleaseType,
  Version,
  VersionListQuery,
  VersionStatus,
} from '../schemas/repositories.js';
import { newId, now } from './ids.js';

export type { Version };

/** What a new version records besides its number. */
export interface VersionInput {
  repositoryId: string;
  type: ReleaseType;
  ref: string;
  commitId: string;
  commitMessage: string;
  commitAuthor: string;
  branch: string | null;
  tag: string | null;
  publisherId: string | null;
  publisher: string;
  environment: string | null;
  strategy: string | null;
  status: VersionStatus;
  image: (number: string) => string | null;
  rollbackOf: string | null;
  candidate: boolean;
}

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export const formatVersion = (v: SemVer) => `${v.major}.${v.minor}.${v.patch}`;

export function parseVersion(text: string): SemVer {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return { major, minor, patch };
}

/** How often an allocation is retried when another one took the number first (a safety net). */
const ALLOCATION_ATTEMPTS = 5;

const toVersion = (r: Selectable<CodeVersionsTable>): Version => ({
  id: r.id,
  repositoryId: r.repository_id,
  type: r.type as ReleaseType,
  number: r.number,
  ref: r.ref,
  commitId: r.commit_id,
  commitMessage: r.commit_message,
  commitAuthor: r.commit_author,
  branch: r.branch,
  tag: r.tag,
  publisher: r.publisher,
  environment: r.environment,
  strategy: r.strategy,
  status: r.status as VersionStatus,
  runId: r.run_id,
  image: r.image,
  imageDigest: r.image_digest,
  buildUrl: r.build_url,
  rollbackOf: r.rollback_of,
  candidate: r.candidate === 1,
  createdAt: r.created_at,
});

/** A page position: the last row's time and id, in base64url so clients treat it as opaque. */
const encodeCursor = (v: { createdAt: string; id: string }) =>
  Buffer.from(`${v.createdAt}|${v.id}`).toString('base64url');

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length || Number.isNaN(Date.parse(createdAt))) return null;
  return { createdAt, id };
}

/**
 * Versions of code repositories. A number is allocated from a counter row per repository and
 * type, raised by one atomic UPDATE ... RETURNING inside the transaction that inserts the
 * version: concurrent releases queue on that row (PostgreSQL's row lock, SQLite's single
 * writer), so each gets the next number and none is lost when an insert fails.
 */
export class VersionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: VersionInput, bump: BumpLevel, first: SemVer): Promise<Version> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          if (attempt > 1) await this.catchUp(trx, input.repositoryId, input.type);
          const number = await this.allocate(trx, input.repositoryId, input.type, bump, first);
          const text = formatVersion(number);
          const row = {
            id: newId(),
            repository_id: input.repositoryId,
            type: input.type,
            number: text,
            ...number,
            ref: input.ref,
            commit_id: input.commitId,
            commit_message: input.commitMessage,
            commit_author: input.commitAuthor,
            branch: input.branch,
            tag: input.tag,
            publisher_id: input.publisherId,
            publisher: input.publisher,
            environment: input.environment,
            strategy: input.strategy,
            status: input.status,
            run_id: null,
            image: input.image(text),
            image_digest: null,
            build_url: null,
            rollback_of: input.rollbackOf,
            candidate: input.candidate ? 1 : 0,
            created_at: now(),
          };
          await trx.insertInto('code_versions').values(row).execute();
          return toVersion(row);
        });
      } catch (error) {
        const code = String((error as { code?: unknown }).code);
        const collided = code === '23505' || code === '40001' || code.startsWith('SQLITE_CONSTRAINT');
        if (!collided || attempt >= ALLOCATION_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The next number: a first allocation takes `first` whatever the level; later ones raise the
   * level and reset the lower parts. The counter starts one patch below `first`, and a negative
   * patch marks "nothing allocated yet".
   */
  private async allocate(
    trx: Transaction<Database>,
    repositoryId: string,
    type: ReleaseType,
    bump: BumpLevel,
    first: SemVer,
  ): Promise<SemVer> {
    await trx
      .insertInto('version_counters')
      .values({
        repository_id: repositoryId,
        type,
        major: first.major,
        minor: first.minor,
        patch: first.patch - 1,
      })
      .onConflict((oc) => oc.columns(['repository_id', 'type']).doNothing())
      .execute();
    const fresh = sql<boolean>`patch < 0`;
    const set =
      bump === 'patch'
        ? { patch: sql<number>`patch + 1` }
        : bump === 'minor'
          ? {
              minor: sql<number>`CASE WHEN ${fresh} THEN minor ELSE minor + 1 END`,
              patch: sql<number>`CASE WHEN ${fresh} THEN patch + 1 ELSE 0 END`,
            }
          : {
              major: sql<number>`CASE WHEN ${fresh} THEN major ELSE major + 1 END`,
              minor: sql<number>`CASE WHEN ${fresh} THEN minor ELSE 0 END`,
              patch: sql<number>`CASE WHEN ${fresh} THEN patch + 1 ELSE 0 END`,
            };
    const row = await trx
      .updateTable('version_counters')
      .set(set)
      .where('repository_id', '=', repositoryId)
      .where('type', '=', type)
      .returning(['major', 'minor', 'patch'])
      .executeTakeFirstOrThrow();
    return { major: Number(row.major), minor: Number(row.minor), patch: Number(row.patch) };
  }

  /**
   * After a collision: the counter is behind the versions stored (rows written around it, a
   * restored backup), so it moves to the highest number of that type.
   */
  private async catchUp(trx: Transaction<Database>, repositoryId: string, type: ReleaseType): Promise<void> {
    const highest = await trx
      .selectFrom('code_versions')
      .select(['major', 'minor', 'patch'])
      .where('repository_id', '=', repositoryId)
      .where('type', '=', type)
      .orderBy('major', 'desc')
      .orderBy('minor', 'desc')
      .orderBy('patch', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (highest)
      await trx
        .updateTable('version_counters')
        .set({ major: highest.major, minor: highest.minor, patch: highest.patch })
        .where('repository_id', '=', repositoryId)
        .where('type', '=', type)
        .execute();
  }

  async findById(repositoryId: string, id: string): Promise<Version | null> {
    const row = await this.db
      .selectFrom('code_versions')
      .selectAll()
      .where('repository_id', '=', repositoryId)
      .where((eb) => eb.or([eb('id', '=', id), eb('number', '=', id)]))
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  async findByRunId(runId: string): Promise<Version | null> {
    const row = await this.db
      .selectFrom('code_versions')
      .selectAll()
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  /** The newest version of each type, for the repository list. */
  async latest(repositoryId: string): Promise<Record<ReleaseType, Version | null>> {
    const out: Record<ReleaseType, Version | null> = { offline: null, online: null };
    for (const type of ['offline', 'online'] as const) {
      const row = await this.db
        .selectFrom('code_versions')
        .selectAll()
        .where('repository_id', '=', repositoryId)
        .where('type', '=', type)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      out[type] = row ? toVersion(row) : null;
    }
    return out;
  }

  /**
   * Newest first, by (created_at, id): a total order, so a cursor names one place and a page
   * never repeats or skips a version, even while new ones are added ahead of it.
   */
  async search(
    repositoryId: string,
    query: Omit<VersionListQuery, 'cursor' | 'limit'> & {
      limit: number;
      after?: { createdAt: string; id: string };
    },
  ): Promise<{ items: Version[]; total: number; nextCursor: string | null }> {
    let base = this.db.selectFrom('code_versions').where('repository_id', '=', repositoryId);
    if (query.type) base = base.where('type', '=', query.type);
    if (query.status) base = base.where('status', '=', query.status);
    if (query.publisher) base = base.where('publisher', '=', query.publisher);
    if (query.branch) base = base.where('branch', '=', query.branch);
    if (query.tag) base = base.where('tag', '=', query.tag);
    if (query.commitId) base = base.where('commit_id', 'like', `${query.commitId.toLowerCase()}%`);
    if (query.number) {
      const number = query.number.replace(/\.$/, '');
      base = base.where((eb) => eb.or([eb('number', '=', number), eb('number', 'like', `${number}.%`)]));
    }
    const counted = await base
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    let page = base.selectAll();
    const after = query.after;
    if (after)
      page = page.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    const rows = await page
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit).map(toVersion);
    const last = items[items.length - 1];
    return {
      items,
      total: Number(counted.n),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async attachRun(id: string, runId: string, buildUrl: string | null): Promise<void> {
    await this.db
      .updateTable('code_versions')
      .set({ run_id: runId, build_url: buildUrl })
      .where('id', '=', id)
      .execute();
  }

  /** The build's own page, once its executor knows it (Jenkins names the build after queueing). */
  async setBuildUrlOfRun(runId: string, buildUrl: string): Promise<void> {
    await this.db
      .updateTable('code_versions')
      .set({ build_url: buildUrl })
      .where('run_id', '=', runId)
      .where('build_url', '<>', buildUrl)
      .execute();
  }

  /** Follows a run: returns the version when its status changed. */
  async followRun(runId: string, status: VersionStatus): Promise<Version | null> {
    const result = await this.db
      .updateTable('code_versions')
      .set({ status })
      .where('run_id', '=', runId)
      .where('status', '!=', status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.findByRunId(runId);
  }

  async setStatus(id: string, status: VersionStatus): Promise<void> {
    await this.db.updateTable('code_versions').set({ status }).where('id', '=', id).execute();
  }

  async setImage(id: string, image: string, digest: string | null): Promise<void> {
    await this.db
      .updateTable('code_versions')
      .set({ image, image_digest: digest })
      .where('id', '=', id)
      .execute();
  }
}
