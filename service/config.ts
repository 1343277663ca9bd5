import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { join } from 'node:path';

/** Environment variables the service reads, checked at boot; every one has a default. */
export const ConfigSchema = Type.Object({
  PIPEWRIGHT_HOST: Type.String({ default: '127.0.0.1', description: 'Address to listen on' }),
  PIPEWRIGHT_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  PIPEWRIGHT_DATA_DIR: Type.String({
    minLength: 1,
    default: '.pipewright/data',
    description: 'SQLite file, artifacts and the first admin password',
  }),
  PIPEWRIGHT_KUBERNETES_NAMESPACE: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      description:
        'Namespace where test plans run as TestSummary/TestCase resources for the pipewright operator; unset: plans run on this machine',
    }),
  ),
  PIPEWRIGHT_KUBECONFIG: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Kubeconfig file for PIPEWRIGHT_KUBERNETES_NAMESPACE; default: the in-cluster service account, else $KUBECONFIG or ~/.kube/config',
    }),
  ),
  PIPEWRIGHT_WORKSPACE_DIR: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "Where local builds get their workspaces; default '<data dir>-workspaces', never inside the data dir",
    }),
  ),
  PIPEWRIGHT_BUILD_USER: Type.Optional(
    Type.String({
      minLength: 1,
      description: "Unprivileged user local builds run as when the service runs as root; default 'nobody'",
    }),
  ),
  PIPEWRIGHT_ALLOW_ROOT_BUILDS: Type.Boolean({
    default: false,
    description: 'Let local builds run as root when the service does (not recommended)',
  }),
  PIPEWRIGHT_LOG_LIMIT_BYTES: Type.Integer({
    minimum: 1024,
    default: 100 * 1024 * 1024,
    description: 'Largest log stored per run; what comes after is dropped behind a marker line',
  }),
  PIPEWRIGHT_RETENTION_DAYS: Type.Integer({
    minimum: 0,
    default: 90,
    description:
      'Finished runs older than this many days are deleted with their logs, workspaces and artifacts (a pipeline keeps its latest run); 0 keeps runs forever',
  }),
  PIPEWRIGHT_DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'Selects PostgreSQL; absent means SQLite' }),
  ),
  PIPEWRIGHT_ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 8,
      description:
        'Password of the bootstrap admin; when absent one is generated into <data dir>/initialAdminPassword (0600)',
    }),
  ),
  PIPEWRIGHT_BODY_LIMIT: Type.Integer({
    minimum: 1024,
    default: 1_048_576,
    description: 'Largest request body in bytes',
  }),
  PIPEWRIGHT_LIST_CACHE: Type.Boolean({
    default: true,
    description: 'Serve repeated pipeline-list pages from memory until a write changes them',
  }),
  PIPEWRIGHT_LIST_INDEX: Type.Boolean({
    default: true,
    description:
      'SQLite: answer the pipeline list from an in-memory index of every pipeline, kept in step with each write; false reads every page from SQL',
  }),
  PIPEWRIGHT_LOGIN_LIMIT_PER_USER: Type.Integer({
    minimum: 1,
    default: 50,
    description: 'Login attempts one username may receive per window before further ones get 429',
  }),
  PIPEWRIGHT_LOGIN_LIMIT_PER_ADDRESS: Type.Integer({
    minimum: 1,
    default: 200,
    description: 'Login attempts one client address may make per window, over all usernames',
  }),
  PIPEWRIGHT_LOGIN_LIMIT_WINDOW_SECONDS: Type.Integer({
    minimum: 1,
    default: 60,
    description: 'The window both login limits count in',
  }),
  PIPEWRIGHT_METRICS_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'When set, /metrics wants Authorization: Bearer <this>' }),
  ),
  PIPEWRIGHT_JENKINS_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'Jenkins that runs the pipelines (docs/jenkins.md) and keeps custom roles in step (role-strategy REST API)',
    }),
  ),
  PIPEWRIGHT_JENKINS_USER: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Jenkins user the service calls as; the submitter of every gate',
    }),
  ),
  PIPEWRIGHT_JENKINS_TOKEN: Type.Optional(
    Type.String({ minLength: 1, description: "That user's Jenkins API token (not a password)" }),
  ),
  PIPEWRIGHT_JENKINS_API_TOKEN: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Old name of PIPEWRIGHT_JENKINS_TOKEN, still read (with a warning) when that is not set',
    }),
  ),
  PIPEWRIGHT_SECRET_KEY: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description:
        "Key (32 bytes, base64) that seals stored git credentials; default a key file made once in the data dir ('secret.key', 0600). Instances sharing a database must share it",
    }),
  ),
  PIPEWRIGHT_JENKINS_POLL_MS: Type.Integer({
    minimum: 100,
    default: 2000,
    description: 'How often the service reads each active Jenkins run (one Jenkins call per run per poll)',
  }),
  PIPEWRIGHT_SHUTDOWN_DRAIN_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 3600,
    default: 20,
    description:
      'On SIGTERM: how long requests in flight may take to finish before their connections are cut (the chart keeps terminationGracePeriodSeconds above it)',
  }),
  PIPEWRIGHT_LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('silent'),
    ],
    { default: 'info' },
  ),
  PIPEWRIGHT_WEBHOOK_DELIVERY_DAYS: Type.Integer({
    minimum: 1,
    default: 7,
    description:
      'Webhook delivery ids are remembered this many days: a redelivery within them starts nothing new (GitHub redelivers up to 3 days back)',
  }),
  PIPEWRIGHT_WEBHOOK_LIMIT_PER_MINUTE: Type.Integer({
    minimum: 1,
    default: 600,
    description:
      'Webhook requests one client address may make per minute before further ones get 429 (signed or not)',
  }),
});

export type ServiceConfig = Static<typeof ConfigSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Reads and checks the configuration; throws once, naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties))
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  raw.PIPEWRIGHT_JENKINS_TOKEN ??= raw.PIPEWRIGHT_JENKINS_API_TOKEN;
  const converted = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = [...Value.Errors(ConfigSchema, converted)];
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `[${e.path.slice(1)}] ${e.message}, got ${JSON.stringify(e.value)}`).join('\n'),
    );
  }
  return converted as ServiceConfig;
}

/** Written on the first start when no admin password was configured; removed once it is changed. */
export function initialAdminPasswordFile(config: ServiceConfig): string {
  return join(config.PIPEWRIGHT_DATA_DIR, 'initialAdminPassword');
}

export function sqliteFile(config: ServiceConfig): string {
  return join(config.PIPEWRIGHT_DATA_DIR, 'pipewright.sqlite');
}
