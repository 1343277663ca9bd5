import type { FastifyInstance } from 'fastify';
import { KubeConfig } from '@kubernetes/client-node';
import fp from 'fastify-plugin';
import { ownedInterval } from '../coordination/owned-interval.js';
import { decideBuildUser } from '../executor/build-user.js';
import { TestLibraryRepository } from '../repositories/test-library.js';
import { TestPlanRunRepository } from '../repositories/test-plan-runs.js';
import { TestPlanRepository } from '../repositories/test-plans.js';
import { ClusterTestRunner } from '../test-plans/cluster-test-runner.js';
import { LocalTestRunner } from '../test-plans/local-test-runner.js';
import { TestPlanRunService } from '../test-plans/plan-run-service.js';
import { defaultWorkspaceRoot } from './runs.js';

export interface TestManagement {
  library: TestLibraryRepository;
  plans: TestPlanRepository;
  planRuns: TestPlanRunRepository;
  service: TestPlanRunService;
}

declare module 'fastify' {
  interface FastifyInstance {
    testManagement: TestManagement;
  }
}

/** How often the owner of plan-run recovery looks for plan runs of replicas that are gone. */
const PLAN_RUN_RECOVERY_EVERY_MS = 10_000;

/** The kubeconfig the service reaches the cluster with: a file when given, else the usual places. */
function kubeConfigOf(file: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (file) kubeConfig.loadFromFile(file);
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}

/**
 * The test library, plans and the plan-run service with its runner. On start it interrupts
 * plan runs a previous process left open and ends their orphaned processes, as the runs plugin
 * does for pipeline runs.
 */
export const testPlansPlugin = fp<{ dataDir: string; minuteMs?: number }>(
  async (app: FastifyInstance, { dataDir, minuteMs }) => {
    const onError = (error: unknown) => app.log.error({ err: error }, 'test plan service error');
    const library = new TestLibraryRepository(app.db);
    const plans = new TestPlanRepository(app.db);
    const planRuns = new TestPlanRunRepository(app.db, app.databaseKind === 'postgres');
    const namespace = app.config.PIPEWRIGHT_KUBERNETES_NAMESPACE;
    const runner = namespace
      ? new ClusterTestRunner({
          kubeConfig: kubeConfigOf(app.config.PIPEWRIGHT_KUBECONFIG),
          namespace,
          onError,
        })
      : new LocalTestRunner({
          workspaceRoot: app.config.PIPEWRIGHT_WORKSPACE_DIR ?? defaultWorkspaceRoot(dataDir),
          buildUser: decideBuildUser({
            buildUser: app.config.PIPEWRIGHT_BUILD_USER,
            allowRootBuilds: app.config.PIPEWRIGHT_ALLOW_ROOT_BUILDS,
          }),
          onError,
        });
    const service = new TestPlanRunService({
      library,
      planRuns,
      runner,
      minuteMs,
      onError,
      instanceId: app.instanceId,
      instanceAlive: (id) => app.instanceAlive(id),
    });
    const recovered = await service.recover();
    if (recovered.interrupted + recovered.processes > 0)
      app.log.warn(
        recovered,
        'test plan runs in flight at the last stop were interrupted and their processes ended',
      );
    app.decorate('testManagement', { library, plans, planRuns, service });
    app.addHook('onClose', async () => service.close());
    // Replicas: the plan runs of one that is gone end as interrupted on whichever owns this.
    const recovery = ownedInterval(app.ownership, 'plan-run-recovery', {
      everyMs: PLAN_RUN_RECOVERY_EVERY_MS,
      task: async () => {
        const r = await service.recover();
        if (r.interrupted > 0) app.log.warn(r, 'test plan runs of a replica that is gone were interrupted');
      },
      onError,
    });
    app.addHook('onClose', async () => recovery.stop());
  },
  { name: 'test-plans', dependencies: ['database', 'runs', 'coordination'] },
);
