import { basename, dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { decideBuildUser } from '../executor/build-user.js';
import type { Executor } from '../executor/executor.js';
import { JenkinsExecutor } from '../executor/jenkins-executor.js';
import { LocalExecutor } from '../executor/local-executor.js';
import { JenkinsApi } from '../jenkins/jenkins-api.js';
import { jenkinsOutcome } from '../metrics/service-metrics.js';
import { RunStateRepository } from '../repositories/run-state.js';
import { applyRetention } from '../runs/retention.js';
import { ownedInterval } from '../coordination/owned-interval.js';
import { RunService } from '../runs/run-service.js';

/** How often expired runs and orphaned folders are swept. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** The first sweep waits a little, so it never competes with start-up. */
const RETENTION_FIRST_MS = 60 * 1000;

declare module 'fastify' {
  interface FastifyInstance {
    runs: RunService;
  }
}

/** Where local builds get their workspaces: beside the data directory, never inside it. */
export function defaultWorkspaceRoot(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)}-workspaces`);
}

/** How often the owner of run recovery looks for runs of replicas that are gone. */
const RUN_RECOVERY_EVERY_MS = 10_000;

/**
 * With PIPEWRIGHT_JENKINS_URL, _USER and _TOKEN set, pipelines run on Jenkins unless they ask
 * for the local executor; null otherwise.
 */
function jenkinsExecutor(app: FastifyInstance, onError: (e: unknown) => void): JenkinsExecutor | null {
  const c = app.config;
  if (c.PIPEWRIGHT_JENKINS_API_TOKEN)
    app.log.warn('PIPEWRIGHT_JENKINS_API_TOKEN is the old name of PIPEWRIGHT_JENKINS_TOKEN; rename it');
  const token = c.PIPEWRIGHT_JENKINS_TOKEN ?? c.PIPEWRIGHT_JENKINS_API_TOKEN;
  if (!c.PIPEWRIGHT_JENKINS_URL || !c.PIPEWRIGHT_JENKINS_USER || !token) return null;
  return new JenkinsExecutor({
    api: new JenkinsApi({
      url: c.PIPEWRIGHT_JENKINS_URL,
      user: c.PIPEWRIGHT_JENKINS_USER,
      token,
      onCall: (endpoint, status, seconds) =>
        app.metrics.recordJenkinsCall(endpoint, jenkinsOutcome(status), seconds),
    }),
    url: c.PIPEWRIGHT_JENKINS_URL,
    user: c.PIPEWRIGHT_JENKINS_USER,
    store: app.repos.jenkinsBuilds,
    onJenkinsfileStatus: (pipelineId, status) => app.repos.pipelines.setJenkinsfileStatus(pipelineId, status),
    pollMs: c.PIPEWRIGHT_JENKINS_POLL_MS,
    onError,
  });
}

/** The Jenkins executor, when the service has one (pipeline routes keep its jobs in step). */
export function jenkinsOf(app: FastifyInstance): JenkinsExecutor | null {
  const executor: Executor = app.runs.executor;
  return executor instanceof JenkinsExecutor ? executor : null;
}

/**
 * The run service with its executors: the local one, and Jenkins when configured (then the
 * default). On start it follows Jenkins runs again, interrupts what else a previous process
 * left open and ends its orphaned build processes.
 */

export const runsPlugin = fp<{ dataDir: string; minuteMs?: number }>(
  async (app: FastifyInstance, { dataDir, minuteMs }) => {
    // Log lines about one run carry its id (runId), so ELK finds everything about a run.
    const onError = (error: unknown, runId?: string) =>
      (runId ? app.log.child({ runId }) : app.log).error({ err: error }, 'run service error');
    const buildUser = decideBuildUser({
      buildUser: app.config.PIPEWRIGHT_BUILD_USER,
      allowRootBuilds: app.config.PIPEWRIGHT_ALLOW_ROOT_BUILDS,
    });
    if ('refused' in buildUser) app.log.warn(`local builds are refused: ${buildUser.refused}`);
    const workspaceRoot = app.config.PIPEWRIGHT_WORKSPACE_DIR ?? defaultWorkspaceRoot(dataDir);
    const executor = new LocalExecutor({
      dataDir,
      workspaceRoot,
      minuteMs,
      buildUser,
      onError,
    });
    const jenkins = jenkinsExecutor(app, onError);
    const runs = new RunService({
      repos: app.repos,
      runState: new RunStateRepository(app.db, app.repos.runs, app.databaseKind === 'postgres', {
        logLimitBytes: app.config.PIPEWRIGHT_LOG_LIMIT_BYTES,
      }),
      executor: jenkins ?? executor,
      executors: jenkins ? [executor] : [],
      instanceId: app.instanceId,
      instanceAlive: (id) => app.instanceAlive(id),
      serviceUrl: () => {
        const address = app.server.address();
        if (address && typeof address === 'object') {
          const host = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address;
          return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
        }
        return `http://${app.config.PIPEWRIGHT_HOST}:${app.config.PIPEWRIGHT_PORT}`;
      },
      minuteMs,
      onError,
    });
    const recovered = await runs.recover();
    if (recovered.interrupted + recovered.processes > 0)
      app.log.warn(recovered, 'runs in flight at the last stop were interrupted and their processes ended');
    if (recovered.resumed > 0)
      app.log.info(recovered, 'Jenkins runs in flight at the last stop are followed again');
    app.decorate('runs', runs);
    runs.onChange(({ run, changes }) => {
      if (changes.run.status)
        app.log
          .child({ runId: run.id, pipelineId: run.pipelineId })
          .info(
            { status: changes.run.status, runNumber: run.number, reason: run.reason ?? undefined },
            'run status changed',
          );
    });
    app.addHook('onClose', async () => runs.close());

    // Replicas: when one dies, the runs it was doing end as interrupted on whichever owns this.
    const recovery = ownedInterval(app.ownership, 'run-recovery', {
      everyMs: RUN_RECOVERY_EVERY_MS,
      task: async () => {
        const r = await runs.recover();
        if (r.interrupted > 0) app.log.warn(r, 'runs of a replica that is gone were interrupted');
      },
      onError: (error) => app.log.error({ err: error }, 'run recovery failed'),
    });
    app.addHook('onClose', async () => recovery.stop());

    // One replica sweeps at a time: whichever owns the unit (the only one, on SQLite).
    const retention = ownedInterval(app.ownership, 'retention', {
      firstMs: RETENTION_FIRST_MS,
      everyMs: RETENTION_EVERY_MS,
      task: async () => {
        const report = await applyRetention({
          db: app.db,
          kind: app.databaseKind,
          retentionDays: app.config.PIPEWRIGHT_RETENTION_DAYS,
          workspaceRoot,
          dataDir,
        });
        if (report.runsDeleted + report.workspacesRemoved + report.artifactFoldersRemoved > 0)
          app.log.info(report, 'retention removed expired runs and orphaned folders');
      },
      onError: (error) => app.log.error({ err: error }, 'retention sweep failed'),
    });
    app.addHook('onClose', async () => retention.stop());
  },
  { name: 'runs', dependencies: ['database', 'coordination', 'metrics'] },
);
