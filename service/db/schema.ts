import type { ColumnType } from 'kysely';

/**
 * Kysely's view of the tables. One schema for SQLite and PostgreSQL: ids are UUID text,
 * times are ISO-8601 text (sortable in both), booleans are 0/1 integers, JSON is text.
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  role: string;
  disabled: number;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface LoginLogTable {
  id: string;
  at: string;
  username: string;
  user_id: string | null;
  ip: string;
  user_agent: string;
  success: number;
  /** 1 when the attempt was refused by the login rate limit before the password was checked. */
  locked: ColumnType<number, number | undefined, number>;
}

/** A custom role: a named set of catalogue permissions (built-in roles live in code). */
export interface RolesTable {
  name: string;
  description: string;
  /** JSON array of permission names. */
  permissions: string;
  created_at: string;
}

export interface UserGroupsTable {
  id: string;
  name: string;
  description: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

/** A role a user group holds, on one pipeline group or (pipeline_group '*') on all. */
export interface GroupGrantsTable {
  group_id: string;
  pipeline_group: string;
  role: string;
}

export interface PipelinesTable {
  id: string;
  name: string;
  group_name: string;
  description: string;
  owner_id: string;
  repository_url: string | null;
  definition: string;
  /** Comma-separated trigger types, for filtering without parsing the definition. */
  trigger_types: string;
  next_run_number: number;
  last_run_id: string | null;
  last_run_number: number | null;
  last_run_status: string | null;
  last_run_stage: string | null;
  last_run_trigger: string | null;
  last_run_started_at: string | null;
  created_at: string;
  updated_at: string;
  /** Bumped by every change of the definition; runs record the revision they ran. */
  revision: ColumnType<number, number | undefined, number>;
  /** unmodified | modified | not-generated: the repository's Jenkinsfile, last checked; null unknown. */
  jenkinsfile_status: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * A pipeline's name and description folded for keyword search (db/pipeline-search.ts), indexed
 * by SQLite FTS5 (`pipeline_search_fts`) or PostgreSQL pg_trgm. SQLite also has an integer
 * `key` for the FTS index, left out here: only the keyword search's raw SQL reads it.
 */
export interface PipelineSearchTable {
  pipeline_id: string;
  name: string;
  description: string;
}

export interface FavoritesTable {
  user_id: string;
  pipeline_id: string;
}

export interface TemplatesTable {
  id: string;
  name: string;
  title: string;
  description: string;
  built_in: number;
  definition: string;
  created_by: string | null;
  created_at: string;
}

export interface RateLimitsTable {
  key: string;
  count: ColumnType<number | string, number, number>;
  window_started_ms: ColumnType<number | string, number, number>;
}

/** Where a Jenkins run's build is (service/jenkins/jenkins-build-store.ts). */
export interface JenkinsBuildsTable {
  run_id: string;
  folder: string;
  job: string;
  queue_id: number | null;
  build_number: number | null;
  build_url: string | null;
  log_offset: ColumnType<number, number | undefined, number>;
}

export interface RunsTable {
  id: string;
  pipeline_id: string;
  number: number;
  status: string;
  trigger: string;
  operator_id: string | null;
  remark: string;
  parameters: string;
  current_stage: string | null;
  rerun_of: string | null;
  event_seq: ColumnType<number, number | undefined, number>;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  executor: ColumnType<string, string | undefined, string>;
  /** SHA-256 of the run's own credential; null once the run has finished. */
  token_hash: string | null;
  pipeline_revision: ColumnType<number, number | undefined, number>;
  /** Why the run ended the way it did, when the service knows more than the status. */
  reason: string | null;
  /** Bytes of log stored for the run (PIPEWRIGHT_LOG_LIMIT_BYTES caps it). */
  log_bytes: ColumnType<number | string, number | undefined, number>;
  /** Bytes of log dropped past the cap. */
  log_dropped_bytes: ColumnType<number | string, number | undefined, number>;
  /** The service process doing the run's work, when that is a process (local executor). */
  owner_instance: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON RunCause (what pushed, by whom); null when a person or a timer started the run. */
  cause: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EnvironmentsTable {
  id: string;
  name: string;
  online: number;
  namespace: string;
  kubeconfig_credential_id: string | null;
  created_at: string;
  /** JSON {users, groups}: who must approve a deploy here; empty = nobody needs to. */
  approvers: ColumnType<string, string | undefined, string>;
  /** JSON array of pipeline groups that may deploy here; empty = any. */
  allowed_groups: ColumnType<string, string | undefined, string>;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AnnouncementsTable {
  id: string;
  title: string;
  body: string;
  author_id: string;
  created_at: string;
}

export interface RunStagesTable {
  run_id: string;
  name: string;
  parent: string | null;
  position: number;
  status: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface RunEventsTable {
  run_id: string;
  seq: number;
  at: string;
  /** log | stage | gate | note */
  kind: string;
  stage: string | null;
  data: string;
  /** The executor's id for the event (idempotency); null for what the service records. */
  event_id: string | null;
}

export interface RunGatesTable {
  run_id: string;
  stage: string;
  message: string;
  /** JSON: {users: string[], groups: string[]} */
  submitters: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
  created_at: string;
}

/** A webhook delivery already handled (GitHub's X-GitHub-Delivery, GitLab's Idempotency-Key). */
export interface WebhookDeliveriesTable {
  /** `github` or `gitlab`: ids are unique per source only. */
  source: string;
  delivery_id: string;
  received_at: string;
}

/** A registered code repository (releases); the three configuration parts are JSON. */
export interface CodeRepositoriesTable {
  id: string;
  identifier: string;
  name: string;
  owner_id: string;
  git_url: string;
  credentials_id: string | null;
  build_image: string | null;
  basic: string;
  build: string;
  release: string;
  record_push_candidates: ColumnType<number, number | undefined, number>;
  pipeline_id: string | null;
  created_at: string;
  updated_at: string;
}

/** The last version handed out per repository and release type. */
export interface VersionCountersTable {
  repository_id: string;
  type: string;
  major: number;
  minor: number;
  patch: number;
}

/** A version of a code repository: what was built from which commit, and where it went. */
export interface CodeVersionsTable {
  id: string;
  repository_id: string;
  /** offline | online */
  type: string;
  number: string;
  major: number;
  minor: number;
  patch: number;
  ref: string;
  commit_id: string;
  commit_message: string;
  commit_author: string;
  branch: string | null;
  tag: string | null;
  publisher_id: string | null;
  publisher: string;
  environment: string | null;
  strategy: string | null;
  /** Follows the run's status; `candidate` while a push candidate has no run. */
  status: string;
  run_id: string | null;
  image: string | null;
  image_digest: string | null;
  build_url: string | null;
  /** The version whose image a rollback deploys again. */
  rollback_of: string | null;
  candidate: ColumnType<number, number | undefined, number>;
  created_at: string;
}

/** A git credential (user name and sealed secret) that repositories name by id. */
export interface GitCredentialsTable {
  id: string;
  username: string;
  sealed_secret: string;
  description: ColumnType<string, string | undefined, string>;
  updated_at: string;
}

/** A service's library of test cases. */
export interface TestCaseGroupsTable {
  id: string;
  service: string;
  name: string;
  description: string;
  created_at: string;
}

export interface TestCasesTable {
  id: string;
  group_id: string;
  name: string;
  /** P0..P3 */
  level: string;
  /** draft | ready | deprecated */
  status: string;
  type: string;
  /** JSON array of tags. */
  tags: string;
  preconditions: string;
  steps: string;
  /** JSON: how the case runs (image, command or script, env, timeout, retries, resources, compose). */
  run: string;
  /** Name, steps, preconditions and tags lower-cased, for keyword search. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface TestPlansTable {
  id: string;
  name: string;
  description: string;
  environment: string | null;
  /** JSON object: variables every case of the plan gets, over the case's own. */
  env: string;
  parallelism: number;
  stop_on_failure: number;
  timeout_minutes: number | null;
  created_at: string;
  updated_at: string;
}

export interface TestPlanCasesTable {
  plan_id: string;
  position: number;
  case_id: string;
}

export interface TestPlanRunsTable {
  id: string;
  plan_id: string;
  plan_name: string;
  /** A run status (runs/statuses.ts): plan runs share the run lifecycle. */
  status: string;
  trigger: string;
  operator_id: string | null;
  /** local | cluster */
  runner: string;
  environment: string | null;
  build: string | null;
  commit_sha: string | null;
  total: number;
  passed: number;
  failed: number;
  not_runnable: number;
  reason: string | null;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** The service process doing the run's work (replicas leave each other's runs alone). */
  owner_instance: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TestCaseResultsTable {
  run_id: string;
  position: number;
  case_id: string;
  case_name: string;
  /** A case result status (test-plans/case-statuses.ts). */
  status: string;
  attempts: number;
  message: string | null;
  /** The tail of the case's output. */
  output: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface Database {
  run_stages: RunStagesTable;
  run_events: RunEventsTable;
  run_gates: RunGatesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_log: LoginLogTable;
  roles: RolesTable;
  user_groups: UserGroupsTable;
  group_members: GroupMembersTable;
  group_grants: GroupGrantsTable;
  pipelines: PipelinesTable;
  pipeline_search: PipelineSearchTable;
  favorites: FavoritesTable;
  templates: TemplatesTable;
  runs: RunsTable;
  environments: EnvironmentsTable;
  settings: SettingsTable;
  announcements: AnnouncementsTable;
  rate_limits: RateLimitsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  code_repositories: CodeRepositoriesTable;
  version_counters: VersionCountersTable;
  code_versions: CodeVersionsTable;
  git_credentials: GitCredentialsTable;
  jenkins_builds: JenkinsBuildsTable;
  test_case_groups: TestCaseGroupsTable;
  test_cases: TestCasesTable;
  test_plans: TestPlansTable;
  test_plan_cases: TestPlanCasesTable;
  test_plan_runs: TestPlanRunsTable;
  test_case_results: TestCaseResultsTable;
}
