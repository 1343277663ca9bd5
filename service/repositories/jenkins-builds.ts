import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { JenkinsBuildRecord, JenkinsBuildStore } from '../jenkins/jenkins-build-store.js';

// PostgreSQL hands bigint columns back as strings.
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** The jenkins_builds table: where each Jenkins run's build is. */
export class JenkinsBuildRepository implements JenkinsBuildStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(runId: string): Promise<JenkinsBuildRecord | null> {
    const row = await this.db
      .selectFrom('jenkins_builds')
      .selectAll()
      .where('run_id', '=', runId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      runId: row.run_id,
      folder: row.folder,
      job: row.job,
      queueId: num(row.queue_id),
      build: num(row.build_number),
      buildUrl: row.build_url,
      logOffset: num(row.log_offset) ?? 0,
    };
  }

  async put(r: JenkinsBuildRecord): Promise<void> {
    const values = {
      folder: r.folder,
      job: r.job,
      queue_id: r.queueId,
      build_number: r.build,
      build_url: r.buildUrl,
      log_offset: r.logOffset,
    };
    await this.db
      .insertInto('jenkins_builds')
      .values({ run_id: r.runId, ...values })
      .onConflict((oc) => oc.column('run_id').doUpdateSet(values))
      .execute();
  }
}
