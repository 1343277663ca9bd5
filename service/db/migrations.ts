import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { foldForSearch } from './pipeline-search.js';
import type { Database } from './schema.js';

/**
 * The schema's history, oldest first. Never edit a released migration: add a new one. Only
 * portable DDL is used, so the same list migrates SQLite and PostgreSQL.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema
        .createTable('login_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('user_agent', 'text', (c) => c.notNull())
        .addColumn('success', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_log_at').on('login_log').column('at').execute();
      await db.schema
        .createTable('user_groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('group_grants')
        .addColumn('group_id', 'text', (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
        .addColumn('pipeline_group', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_grants_pk', ['group_id', 'pipeline_group'])
        .execute();
    },
  },
  '0002-pipelines-and-runs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pipelines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('group_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('repository_url', 'text')
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('trigger_types', 'text', (c) => c.notNull())
        .addColumn('next_run_number', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('last_run_id', 'text')
        .addColumn('last_run_number', 'integer')
        .addColumn('last_run_status', 'text')
        .addColumn('last_run_stage', 'text')
        .addColumn('last_run_trigger', 'text')
        .addColumn('last_run_started_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('pipelines_group')
        .on('pipelines')
        .columns(['group_name', 'name'])
        .execute();
      await db.schema
        .createTable('favorites')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('favorites_pk', ['user_id', 'pipeline_id'])
        .execute();
      await db.schema
        .createTable('templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('operator_id', 'text')
        .addColumn('remark', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('parameters', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('current_stage', 'text')
        .addColumn('rerun_of', 'text')
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addUniqueConstraint('runs_pipeline_number', ['pipeline_id', 'number'])
        .execute();
      await db.schema
        .createIndex('runs_pipeline_queued')
        .on('runs')
        .columns(['pipeline_id', 'queued_at'])
        .execute();
    },
  },
  '0003-config-centre': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('environments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('online', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('kubeconfig_credential_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('announcements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0004-run-details': {
    async up(db: Kysely<unknown>) {
      // One row per stage of a run, in the order of the pipeline; parallel branches share a parent.
      await db.schema
        .createTable('run_stages')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent', 'text')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addPrimaryKeyConstraint('run_stages_pk', ['run_id', 'name'])
        .execute();
      // Log lines and stage events, in the order they were written; seq is per run.
      await db.schema
        .createTable('run_events')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('stage', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_events_pk', ['run_id', 'seq'])
        .execute();
      await db.schema
        .createTable('run_gates')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('submitters', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_gates_pk', ['run_id', 'stage'])
        .execute();
      await db.schema.createIndex('run_gates_status').on('run_gates').column('status').execute();
      // Start-up looks for runs a crash left unfinished.
      await db.schema.createIndex('runs_status').on('runs').column('status').execute();
      // A per-run counter hands out event sequence numbers atomically, as next_run_number does.
      await db.schema
        .alterTable('runs')
        .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0005-list-indexes': {
    async up(db: Kysely<unknown>) {
      // The pipeline list sorts by these and pages with LIMIT/OFFSET: an index walk, not a sort.
      await db.schema
        .createIndex('pipelines_last_run')
        .on('pipelines')
        .columns(['last_run_started_at', 'name'])
        .execute();
      await db.schema
        .createIndex('pipelines_updated')
        .on('pipelines')
        .columns(['updated_at', 'name'])
        .execute();
      await db.schema
        .createIndex('pipelines_status')
        .on('pipelines')
        .columns(['last_run_status', 'name'])
        .execute();
    },
  },
  '0006-accounts-hardening': {
    async up(db: Kysely<unknown>) {
      // Usernames become unique regardless of case. Older stores may hold `ADMIN` beside `admin`:
      // the oldest account keeps its name, each later one is renamed `<name>~<n>` (still able to
      // sign in, visible to admins) so the index can be built without losing an account.
      const { rows } = await sql<{ id: string; username: string }>`
        select id, username from users u
        where exists (select 1 from users o where lower(o.username) = lower(u.username)
                      and (o.created_at < u.created_at or (o.created_at = u.created_at and o.id < u.id)))
        order by created_at, id`.execute(db);
      let n = 0;
      for (const row of rows)
        await sql`update users set username = ${`${row.username}~${++n}`} where id = ${row.id}`.execute(db);
      await db.schema
        .createIndex('users_username_lower')
        .on('users')
        .unique()
        .expression(sql`lower(username)`)
        .execute();
      await db.schema
        .alterTable('login_log')
        .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('login_log_username_at')
        .on('login_log')
        .columns(['username', 'at'])
        .execute();
      await db.schema
        .createTable('roles')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0006-run-lifecycle': {
    async up(db: Kysely<unknown>) {
      // Which executor runs it, its own credential (a hash) and the definition revision it ran.
      await db.schema
        .alterTable('runs')
        .addColumn('executor', 'text', (c) => c.notNull().defaultTo('local'))
        .execute();
      await db.schema.alterTable('runs').addColumn('token_hash', 'text').execute();
      await db.schema
        .alterTable('runs')
        .addColumn('pipeline_revision', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('runs').addColumn('reason', 'text').execute();
      await db.schema
        .alterTable('pipelines')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      // Executors name each event; the unique index makes a redelivered one change nothing.
      await db.schema.alterTable('run_events').addColumn('event_id', 'text').execute();
      await db.schema
        .createIndex('run_events_event_id')
        .on('run_events')
        .columns(['run_id', 'event_id'])
        .unique()
        .execute();
    },
  },
  '0006-pipeline-search': {
    async up(db: Kysely<unknown>) {
      // Folded copies of each pipeline's name and description (see db/pipeline-search.ts), written
      // by the pipeline repository in the transaction that writes the pipeline.
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await db.schema
          .createTable('pipeline_search')
          .addColumn('pipeline_id', 'text', (c) =>
            c.primaryKey().references('pipelines.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .execute();
        // The trigram indexes need pg_trgm, which the role may not be allowed to create:
        // ensureTrigramIndexes adds them after the migrations, or says why it cannot.
      } else {
        // An own INTEGER PRIMARY KEY: the FTS index refers to rows by an integer that VACUUM
        // must not renumber, which pipelines' implicit rowid does not promise.
        await db.schema
          .createTable('pipeline_search')
          .addColumn('key', 'integer', (c) => c.primaryKey())
          .addColumn('pipeline_id', 'text', (c) =>
            c.notNull().unique().references('pipelines.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .execute();
        // The text is folded already, so the tokenizer keeps case (case_sensitive 1) and a
        // keyword matches exactly when it is a substring of the folded text.
        await sql`CREATE VIRTUAL TABLE pipeline_search_fts USING fts5(
          name, description, content='pipeline_search', content_rowid='key',
          tokenize='trigram case_sensitive 1')`.execute(db);
        // The external-content recipe of the FTS5 manual: the index follows the table in the
        // same transaction, including deletes cascaded from pipelines.
        await sql`CREATE TRIGGER pipeline_search_ai AFTER INSERT ON pipeline_search BEGIN
          INSERT INTO pipeline_search_fts (rowid, name, description) VALUES (new.key, new.name, new.description);
        END`.execute(db);
        await sql`CREATE TRIGGER pipeline_search_ad AFTER DELETE ON pipeline_search BEGIN
          INSERT INTO pipeline_search_fts (pipeline_search_fts, rowid, name, description)
          VALUES ('delete', old.key, old.name, old.description);
        END`.execute(db);
        await sql`CREATE TRIGGER pipeline_search_au AFTER UPDATE ON pipeline_search BEGIN
          INSERT INTO pipeline_search_fts (pipeline_search_fts, rowid, name, description)
          VALUES ('delete', old.key, old.name, old.description);
          INSERT INTO pipeline_search_fts (rowid, name, description) VALUES (new.key, new.name, new.description);
        END`.execute(db);
      }
      // A filter by group or by last-run status, sorted by run or update time, walks one index.
      for (const filter of ['group_name', 'last_run_status'])
        for (const sort of ['last_run_started_at', 'updated_at'])
          await db.schema
            .createIndex(`pipelines_${filter}_${sort}`)
            .on('pipelines')
            .columns([filter, sort, 'name'])
            .execute();
      // The trigger filter is a LIKE: counting it reads this index instead of whole rows.
      await db.schema.createIndex('pipelines_triggers').on('pipelines').column('trigger_types').execute();
      const pipelines = await sql<{ id: string; name: string; description: string }>`
        SELECT id, name, description FROM pipelines`.execute(db);
      for (let i = 0; i < pipelines.rows.length; i += 500) {
        const batch = pipelines.rows.slice(i, i + 500).map((p) => ({
          pipeline_id: p.id,
          name: foldForSearch(p.name),
          description: foldForSearch(p.description),
        }));
        await (db as Kysely<Pick<Database, 'pipeline_search'>>)
          .insertInto('pipeline_search')
          .values(batch)
          .execute();
      }
    },
  },
  '0007-log-cap': {
    async up(db: Kysely<unknown>) {
      // What a run's log holds and what was dropped past PIPEWRIGHT_LOG_LIMIT_BYTES, kept on the run
      // so a batch checks the cap without summing its events.
      await db.schema
        .alterTable('runs')
        .addColumn('log_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('runs')
        .addColumn('log_dropped_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0007-protected-environments': {
    async up(db: Kysely<unknown>) {
      // Who must approve a deploy to the environment, and which pipeline groups may deploy there.
      await db.schema
        .alterTable('environments')
        .addColumn('approvers', 'text', (c) => c.notNull().defaultTo('{"users":[],"groups":[]}'))
        .execute();
      await db.schema
        .alterTable('environments')
        .addColumn('allowed_groups', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    },
  },
  '0009-webhooks': {
    async up(db: Kysely<unknown>) {
      // What started a run when the service knows more than the trigger type (a push: commit,
      // author, message, branch or tag), as JSON; null for runs started by hand.
      await db.schema.alterTable('runs').addColumn('cause', 'text').execute();
      // Deliveries already handled, so a redelivered webhook starts nothing new; pruned by age.
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_deliveries_pk', ['source', 'delivery_id'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_received_at')
        .on('webhook_deliveries')
        .column('received_at')
        .execute();
    },
  },
  '0013-run-owners': {
    async up(db: Kysely<unknown>) {
      // The service process doing a run's work (local executor): replicas leave each other's runs
      // alone, and interrupt only runs whose process is gone.
      await db.schema.alterTable('runs').addColumn('owner_instance', 'text').execute();
    },
  },
  '0014-rate-limits': {
    async up(db: Kysely<unknown>) {
      // Login limits shared by every replica (coordination/shared-rate-limit-store.ts).
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('window_started_ms', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0011-code-release': {
    async up(db: Kysely<unknown>) {
      // A registered code repository: where its code is, how it builds, where it releases, and
      // the release pipeline made for it from a built-in template.
      await db.schema
        .createTable('code_repositories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('identifier', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('git_url', 'text', (c) => c.notNull())
        .addColumn('credentials_id', 'text')
        .addColumn('build_image', 'text')
        .addColumn('basic', 'text', (c) => c.notNull())
        .addColumn('build', 'text', (c) => c.notNull())
        .addColumn('release', 'text', (c) => c.notNull())
        .addColumn('record_push_candidates', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pipeline_id', 'text', (c) => c.references('pipelines.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('code_repositories_git_url')
        .on('code_repositories')
        .column('git_url')
        .execute();
      // The last version number handed out per repository and type: one row updated atomically
      // per allocation, so concurrent releases never share a number.
      await db.schema
        .createTable('version_counters')
        .addColumn('repository_id', 'text', (c) =>
          c.notNull().references('code_repositories.id').onDelete('cascade'),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('major', 'integer', (c) => c.notNull())
        .addColumn('minor', 'integer', (c) => c.notNull())
        .addColumn('patch', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('version_counters_pk', ['repository_id', 'type'])
        .execute();
      await db.schema
        .createTable('code_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('repository_id', 'text', (c) =>
          c.notNull().references('code_repositories.id').onDelete('cascade'),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('major', 'integer', (c) => c.notNull())
        .addColumn('minor', 'integer', (c) => c.notNull())
        .addColumn('patch', 'integer', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('commit_id', 'text', (c) => c.notNull())
        .addColumn('commit_message', 'text', (c) => c.notNull())
        .addColumn('commit_author', 'text', (c) => c.notNull())
        .addColumn('branch', 'text')
        .addColumn('tag', 'text')
        .addColumn('publisher_id', 'text')
        .addColumn('publisher', 'text', (c) => c.notNull())
        .addColumn('environment', 'text')
        .addColumn('strategy', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('image', 'text')
        .addColumn('image_digest', 'text')
        .addColumn('build_url', 'text')
        .addColumn('rollback_of', 'text')
        .addColumn('candidate', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('code_versions_number', ['repository_id', 'type', 'number'])
        .execute();
      await db.schema
        .createIndex('code_versions_newest')
        .on('code_versions')
        .columns(['repository_id', 'created_at', 'id'])
        .execute();
      await db.schema.createIndex('code_versions_run').on('code_versions').column('run_id').execute();
      // Git credentials the service hands to git through askpass; the secret is sealed (AES-GCM).
      await db.schema
        .createTable('git_credentials')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('sealed_secret', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0008-jenkins-builds': {
    async up(db: Kysely<unknown>) {
      // Where each Jenkins run's build is, so a restarted service finds it again and reads its
      // log on from where it stopped. Goes with the run.
      await db.schema
        .createTable('jenkins_builds')
        .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
        .addColumn('folder', 'text', (c) => c.notNull())
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'bigint')
        .addColumn('build_number', 'bigint')
        .addColumn('build_url', 'text')
        .addColumn('log_offset', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0010-test-library': {
    async up(db: Kysely<unknown>) {
      // Case groups: one service's library of test cases.
      await db.schema
        .createTable('test_case_groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('test_case_groups_service_name', ['service', 'name'])
        .execute();
      await db.schema
        .createTable('test_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('group_id', 'text', (c) =>
          c.notNull().references('test_case_groups.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('preconditions', 'text', (c) => c.notNull())
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('run', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('test_cases_group_name', ['group_id', 'name'])
        .execute();
      await db.schema.createIndex('test_cases_level').on('test_cases').columns(['level', 'name']).execute();
      await db.schema
        .createTable('test_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('environment', 'text')
        .addColumn('env', 'text', (c) => c.notNull())
        .addColumn('parallelism', 'integer', (c) => c.notNull())
        .addColumn('stop_on_failure', 'integer', (c) => c.notNull())
        .addColumn('timeout_minutes', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // A case may sit in many plans; a plan holds it once. Deleting a case used by a plan is refused.
      await db.schema
        .createTable('test_plan_cases')
        .addColumn('plan_id', 'text', (c) => c.notNull().references('test_plans.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('test_cases.id'))
        .addPrimaryKeyConstraint('test_plan_cases_pk', ['plan_id', 'position'])
        .addUniqueConstraint('test_plan_cases_once', ['plan_id', 'case_id'])
        .execute();
      await db.schema.createIndex('test_plan_cases_case').on('test_plan_cases').column('case_id').execute();
      // Plan runs and their results are history: they outlive the plan and the cases (names are copied).
      await db.schema
        .createTable('test_plan_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('plan_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('operator_id', 'text')
        .addColumn('runner', 'text', (c) => c.notNull())
        .addColumn('environment', 'text')
        .addColumn('build', 'text')
        .addColumn('commit_sha', 'text')
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('failed', 'integer', (c) => c.notNull())
        .addColumn('not_runnable', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createIndex('test_plan_runs_plan')
        .on('test_plan_runs')
        .columns(['plan_id', 'queued_at'])
        .execute();
      await db.schema
        .createIndex('test_plan_runs_status')
        .on('test_plan_runs')
        .columns(['status', 'queued_at'])
        .execute();
      await db.schema.createIndex('test_plan_runs_queued').on('test_plan_runs').column('queued_at').execute();
      await db.schema
        .createTable('test_case_results')
        .addColumn('run_id', 'text', (c) => c.notNull().references('test_plan_runs.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('case_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('output', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addPrimaryKeyConstraint('test_case_results_pk', ['run_id', 'position'])
        .execute();
      // Pass rate and flakiness read a case's latest results newest first: one index walk.
      await db.schema
        .createIndex('test_case_results_case')
        .on('test_case_results')
        .columns(['case_id', 'finished_at'])
        .execute();
    },
  },
  '0015-plan-run-owners': {
    async up(db: Kysely<unknown>) {
      // As 0013 for pipeline runs: the process doing a plan run's work.
      await db.schema.alterTable('test_plan_runs').addColumn('owner_instance', 'text').execute();
    },
  },
  '0016-jenkinsfile-status': {
    async up(db: Kysely<unknown>) {
      // Whether a repository's generated Jenkinsfile was edited by hand, shown on the pipeline.
      await db.schema.alterTable('pipelines').addColumn('jenkinsfile_status', 'text').execute();
    },
  },
  '0017-list-counts': {
    async up(db: Kysely<unknown>) {
      // Kysely runs SQLite migrations outside a transaction (its adapter claims no transactional
      // DDL); SQLite has it, and a crash or a second process half way would leave a store that
      // cannot start, so this one takes its own. PostgreSQL's migrations run in one already.
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await (postgres ? listCounts(db) : db.transaction().execute(listCounts));
    },
  },
};

async function listCounts(db: Kysely<unknown>): Promise<void> {
  // A filter by group and last-run status together, under each sort, walks one index.
  for (const [suffix, sort] of [
    ['name', []],
    ['last_run', ['last_run_started_at']],
    ['updated', ['updated_at']],
  ] as const)
    await db.schema
      .createIndex(`pipelines_group_status_${suffix}`)
      .on('pipelines')
      .columns(['group_name', 'last_run_status', ...sort, 'name'])
      .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  // SQLite: how many pipelines share each group, last-run status and trigger set (a few dozen
  // rows), kept by triggers in the writing transaction, so the list's total for any mix of
  // those filters is a sum over this table instead of a count over the pipelines.
  await sql`CREATE TABLE pipeline_counts (
      group_name TEXT NOT NULL, last_run_status TEXT NOT NULL, trigger_types TEXT NOT NULL,
      n INTEGER NOT NULL, PRIMARY KEY (group_name, last_run_status, trigger_types)) WITHOUT ROWID`.execute(
    db,
  );
  // A pipeline that never ran has no status: '' stands for it (a key column cannot be NULL).
  const add = (row: 'new') =>
    sql.raw(`INSERT INTO pipeline_counts (group_name, last_run_status, trigger_types, n)
      VALUES (${row}.group_name, coalesce(${row}.last_run_status, ''), ${row}.trigger_types, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;`);
  const remove = (row: 'old') =>
    sql.raw(`UPDATE pipeline_counts SET n = n - 1
      WHERE group_name = ${row}.group_name AND last_run_status = coalesce(${row}.last_run_status, '')
        AND trigger_types = ${row}.trigger_types;`);
  await sql`CREATE TRIGGER pipeline_counts_ai AFTER INSERT ON pipelines BEGIN ${add('new')} END`.execute(db);
  await sql`CREATE TRIGGER pipeline_counts_ad AFTER DELETE ON pipelines BEGIN ${remove('old')} END`.execute(
    db,
  );
  await sql`CREATE TRIGGER pipeline_counts_au AFTER UPDATE OF group_name, last_run_status, trigger_types ON pipelines
      WHEN old.group_name IS NOT new.group_name OR old.last_run_status IS NOT new.last_run_status
        OR old.trigger_types IS NOT new.trigger_types
      BEGIN ${remove('old')} ${add('new')} END`.execute(db);
  // The integer key of the pipeline's folded copies (and so of its FTS5 rows) on the pipeline
  // itself: a keyword's matches join their pipelines by an integer instead of the text id,
  // which halves the cost of a page of a few hundred matches. Kept by the copies' own insert.
  await sql`ALTER TABLE pipelines ADD COLUMN search_key INTEGER`.execute(db);
  await sql`UPDATE pipelines SET search_key =
      (SELECT key FROM pipeline_search s WHERE s.pipeline_id = pipelines.id)`.execute(db);
  await sql`CREATE UNIQUE INDEX pipelines_search_key ON pipelines (search_key)`.execute(db);
  await sql`CREATE TRIGGER pipeline_search_key AFTER INSERT ON pipeline_search BEGIN
      UPDATE pipelines SET search_key = new.key WHERE id = new.pipeline_id;
    END`.execute(db);
  await sql`INSERT INTO pipeline_counts (group_name, last_run_status, trigger_types, n)
      SELECT group_name, coalesce(last_run_status, ''), trigger_types, count(*) FROM pipelines
      GROUP BY 1, 2, 3`.execute(db);
}
