import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { StoreMetrics } from '../metrics/store-metrics.js';
import { RunMetrics } from '../metrics/run-metrics.js';
import { ACTIVE_RUN_STATUSES, type RunStatus } from '../runs/statuses.js';

/**
 * Joins the run metrics (fed by every stored run change) and the store-error counter (fed by the
 * database's query-error hook) to the /metrics registry.
 */
export const runMetricsPlugin = fp(
  async (app: FastifyInstance) => {
    const { registry } = app.metrics;
    const store = new StoreMetrics(registry, app.databaseKind);
    const offErrors = app.queryErrors.add((error) => store.record(error));
    const runMetrics = new RunMetrics(registry, {
      groupOf: async (pipelineId) =>
        (
          await app.db
            .selectFrom('pipelines')
            .select('group_name')
            .where('id', '=', pipelineId)
            .executeTakeFirst()
        )?.group_name ?? null,
      gate: (runId, stage) => app.repos.runDetails.gate(runId, stage),
      activeRuns: async () => {
        const rows = await app.db
          .selectFrom('runs')
          .select((eb) => [
            'status',
            eb.fn.countAll<number | string>().as('count'),
            eb.fn.min('queued_at').as('oldestQueued'),
            eb.fn.min('started_at').as('oldestStarted'),
          ])
          .where('status', 'in', ACTIVE_RUN_STATUSES)
          .groupBy('status')
          .execute();
        return rows.map((r) => ({
          status: r.status as RunStatus,
          count: Number(r.count),
          oldestSince: (r.status === 'queued' ? r.oldestQueued : r.oldestStarted) ?? null,
        }));
      },
    });
    const offRuns = app.runs.onChange((applied) => runMetrics.observe(applied));
    app.addHook('onClose', async () => {
      offRuns();
      offErrors();
    });
  },
  { name: 'run-metrics', dependencies: ['metrics', 'database', 'runs'] },
);
