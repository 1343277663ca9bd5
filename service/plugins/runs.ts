import { basename, dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { decideBuildUser } from '../executor/build-user.js';
import { LocalExecutor } from '../executor/local-executor.js';
import { RunStateRepository } from '../repositories/run-state.js';
import { applyRetention } from '../runs/retention.js';
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

/**
 * The run service with its executor (the local one; Jenkins comes as another adapter). On
 * start it interrupts what a previous process left open and ends its orphaned build processes.
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
    const runs = new RunService({
      repos: app.repos,
      runState: new RunStateRepository(app.db, app.repos.runs, app.databaseKind === 'postgres', {
        logLimitBytes: app.config.PIPEWRIGHT_LOG_LIMIT_BYTES,
      }),
      executor,
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

    let sweeping: Promise<unknown> = Promise.resolve();
    const sweep = () => {
      sweeping = applyRetention({
        db: app.db,
        kind: app.databaseKind,
        retentionDays: app.config.PIPEWRIGHT_RETENTION_DAYS,
        workspaceRoot,
        dataDir,
      })
        .then((report) => {
          if (report.runsDeleted + report.workspacesRemoved + report.artifactFoldersRemoved > 0)
            app.log.info(report, 'retention removed expired runs and orphaned folders');
        })
        .catch((error: unknown) => app.log.error({ err: error }, 'retention sweep failed'));
    };
    const first = setTimeout(sweep, RETENTION_FIRST_MS);
    const every = setInterval(sweep, RETENTION_EVERY_MS);
    first.unref();
    every.unref();
    app.addHook('onClose', async () => {
      clearTimeout(first);
      clearInterval(every);
      await sweeping;
    });
  },
  { name: 'runs', dependencies: ['database'] },
);
