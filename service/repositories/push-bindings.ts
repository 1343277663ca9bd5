import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** A pipeline that a push may start: it has a repository and a push trigger. */
export interface PushCandidate {
  id: string;
  repositoryUrl: string;
}

/** Which pipelines listen to pushes, read from the columns the pipeline repository keeps. */
export class PushBindingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Pipelines with a repository URL and a push trigger, in name order. */
  async candidates(): Promise<PushCandidate[]> {
    const rows = await this.db
      .selectFrom('pipelines')
      .select(['id', 'repository_url'])
      .where('trigger_types', 'like', '%,push,%')
      .where('repository_url', 'is not', null)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ id: r.id, repositoryUrl: r.repository_url! }));
  }
}
