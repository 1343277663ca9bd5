import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream } from 'pino';
import type { ServiceConfig } from './config.js';
import type { OpenDatabase } from './db/open-database.js';
import { childLoggerFactory, loggerOptions } from './log-options.js';
import { authPlugin } from './plugins/auth.js';
import { boundedJsonPlugin } from './plugins/bounded-json.js';
import { coordinationPlugin } from './plugins/coordination.js';
import { databasePlugin } from './plugins/database.js';
import { docsPlugin } from './plugins/docs.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { loginLimitPlugin } from './plugins/login-limit.js';
import { metricsPlugin } from './plugins/metrics.js';
import { acceptOptionalBodies } from './plugins/optional-body.js';
import { releasesPlugin } from './plugins/releases.js';
import { runMetricsPlugin } from './plugins/run-metrics.js';
import { runsPlugin } from './plugins/runs.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { webhooksPlugin } from './plugins/webhooks.js';
import { testPlansPlugin } from './plugins/test-plans.js';
import { installValidators } from './plugins/validators.js';
import { announcementRoutes } from './routes/announcements.js';
import { artifactRoutes } from './routes/artifacts.js';
import { authRoutes } from './routes/auth.js';
import { environmentRoutes } from './routes/environments.js';
import { gitCredentialRoutes } from './routes/git-credentials.js';
import { groupRoutes } from './routes/groups.js';
import { healthRoutes } from './routes/health.js';
import { pipelineRoutes } from './routes/pipelines.js';
import { repositoryRoutes } from './routes/repositories.js';
import { roleRoutes } from './routes/roles.js';
import { runRoutes } from './routes/runs.js';
import { settingsRoutes } from './routes/settings.js';
import { templateRoutes } from './routes/templates.js';
import { testCaseRoutes } from './routes/test-cases.js';
import { testPlanRunRoutes } from './routes/test-plan-runs.js';
import { testPlanRoutes } from './routes/test-plans.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workbenchRoutes } from './routes/workbench.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServiceConfig;
    servedRoutes(): string[];
  }
}

export interface AppOptions {
  config: ServiceConfig;
  /** An already open database (tests); otherwise the config decides. */
  database?: OpenDatabase;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them back). */
  logStream?: DestinationStream;
  /** Length of a timeout "minute" in the local executor; tests shorten it. */
  minuteMs?: number;
  /** An HTTP server bound before the app is built (server.ts binds the port first). */
  serverFactory?: FastifyServerFactory;
}

/** Builds the service: external plugins (docs, database) -> app plugins (auth, executor) -> routes. */
export async function buildApp({
  config,
  database,
  logger = true,
  logStream,
  minuteMs,
  serverFactory,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? loggerOptions(config.PIPEWRIGHT_LOG_LEVEL, logStream) : false,
    childLoggerFactory,
    bodyLimit: config.PIPEWRIGHT_BODY_LIMIT,
    ...(serverFactory ? { serverFactory } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  installValidators(app);
  acceptOptionalBodies(app);
  app.decorate('config', config);
  // Every route the app serves, for the access review (the RBAC matrix test reads it).
  const served: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD' && !route.url.startsWith('/docs')) served.push(`${method} ${route.url}`);
  });
  app.decorate('servedRoutes', () => [...served]);

  await app.register(errorHandlerPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(boundedJsonPlugin);
  await app.register(docsPlugin);
  await app.register(metricsPlugin);
  await app.register(databasePlugin, { config, database });
  await app.register(coordinationPlugin);
  await app.register(authPlugin);
  await app.register(loginLimitPlugin);
  await app.register(runsPlugin, { dataDir: config.PIPEWRIGHT_DATA_DIR, minuteMs });
  await app.register(webhooksPlugin);
  await app.register(releasesPlugin);
  await app.register(runMetricsPlugin);
  await app.register(testPlansPlugin, { dataDir: config.PIPEWRIGHT_DATA_DIR, minuteMs });

  for (const routes of [
    healthRoutes,
    authRoutes,
    userRoutes,
    roleRoutes,
    groupRoutes,
    environmentRoutes,
    settingsRoutes,
    announcementRoutes,
    pipelineRoutes,
    templateRoutes,
    runRoutes,
    artifactRoutes,
    workbenchRoutes,
    webhookRoutes,
    repositoryRoutes,
    gitCredentialRoutes,
    testCaseRoutes,
    testPlanRoutes,
    testPlanRunRoutes,
  ]) {
    await app.register(routes);
  }
  return app;
}
