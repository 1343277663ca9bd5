import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AnnouncementRepository } from './announcements.js';
import { ChangeCounter } from './change-counter.js';
import { CodeRepositoryRepository } from './code-repositories.js';
import { EnvironmentRepository } from './environments.js';
import { GitCredentialRepository } from './git-credentials.js';
import { GroupRepository } from './groups.js';
import { JenkinsBuildRepository } from './jenkins-builds.js';
import { LoginLogRepository } from './login-log.js';
import { PipelineRepository, type PipelineRepositoryOptions } from './pipelines.js';
import { PushBindingRepository } from './push-bindings.js';
import { RunDetailRepository } from './run-details.js';
import { RoleRepository } from './roles.js';
import { RunRepository } from './runs.js';
import { SettingsRepository } from './settings.js';
import { TemplateRepository } from './templates.js';
import { TokenRepository } from './tokens.js';
import { UserRepository } from './users.js';
import { WebhookDeliveryRepository } from './webhook-deliveries.js';
import { VersionRepository } from './versions.js';

/** Every repository over one database handle. Repositories return null or [] for "not found". */
export function createRepositories(
  db: Kysely<Database>,
  listChanges = new ChangeCounter(),
  authChanges = new ChangeCounter(),
  options: PipelineRepositoryOptions = {},
) {
  return {
    listChanges,
    authChanges,
    users: new UserRepository(db, authChanges),
    tokens: new TokenRepository(db, authChanges),
    loginLog: new LoginLogRepository(db),
    roles: new RoleRepository(db, authChanges),
    groups: new GroupRepository(db),
    pipelines: new PipelineRepository(db, listChanges, options),
    runs: new RunRepository(db, listChanges),
    runDetails: new RunDetailRepository(db),
    templates: new TemplateRepository(db),
    environments: new EnvironmentRepository(db),
    settings: new SettingsRepository(db),
    announcements: new AnnouncementRepository(db),
    pushBindings: new PushBindingRepository(db),
    webhookDeliveries: new WebhookDeliveryRepository(db),
    codeRepositories: new CodeRepositoryRepository(db),
    versions: new VersionRepository(db),
    gitCredentials: new GitCredentialRepository(db),
    jenkinsBuilds: new JenkinsBuildRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
