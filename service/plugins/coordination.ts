import type { FastifyInstance } from 'fastify';
import { ObservedOwnership } from '../metrics/work-metrics.js';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import { ChangeBus } from '../coordination/change-bus.js';
import { PostgresSession } from '../coordination/postgres-session.js';
import { AdvisoryLockOwnership, SoleOwnership, type WorkOwnership } from '../coordination/work-ownership.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Which replica does which unit of background work (see coordination/work-ownership.ts). */
    ownership: WorkOwnership;
    /** This process among the replicas; held as the unit `instance:<id>` while it lives. */
    instanceId: string;
    /** Whether the process with that instance id still lives (holds its unit). */
    instanceAlive(id: string): Promise<boolean>;
  }
}

/** How often a replica asks for background work it does not own. */
export const OWNERSHIP_RETRY_MS = 2_000;

/**
 * Several replicas on one PostgreSQL: caches hear the other replicas' writes (change bus) and
 * background work has one owner at a time. On SQLite there is one process, which owns it all.
 */
export const coordinationPlugin = fp<{ retryMs?: number }>(
  async (app: FastifyInstance, { retryMs }) => {
    const instanceId = randomUUID();
    app.decorate('instanceId', instanceId);
    const store = app.databaseLocation;
    if (app.databaseKind !== 'postgres' || !store.url) {
      const sole = new ObservedOwnership(new SoleOwnership(), app.metrics.registry);
      app.decorate('ownership', sole);
      app.decorate('instanceAlive', async (id: string) => id === instanceId);
      app.addHook('onClose', async () => sole.close());
      return;
    }
    const onError = (error: unknown) => app.log.warn({ err: error }, 'replica coordination connection');
    const sessionOptions = { url: store.url, schema: store.schema, onError };
    const busSession = new PostgresSession(sessionOptions);
    const bus = new ChangeBus(
      app.db,
      busSession,
      { list: app.repos.listChanges, auth: app.repos.authChanges },
      onError,
    );
    await bus.start();
    const advisory = new AdvisoryLockOwnership(
      new PostgresSession(sessionOptions),
      app.db,
      retryMs ?? OWNERSHIP_RETRY_MS,
      onError,
    );
    const ownership = new ObservedOwnership(advisory, app.metrics.registry);
    app.decorate('ownership', ownership);
    app.decorate('instanceAlive', (id: string) => ownership.heldAnywhere(`instance:${id}`));
    // Alive means holding this unit: take it before doing any work others could mistake for orphaned.
    ownership.own(`instance:${instanceId}`, { acquired: () => {}, lost: () => {} });
    await advisory.claimAll();
    if (!ownership.owns(`instance:${instanceId}`))
      throw new Error("cannot take this replica's own advisory lock on PostgreSQL");
    // Give work back before the store closes, so another replica takes it over at once.
    app.addHook('preClose', async () => ownership.close());
    app.addHook('onClose', async () => busSession.close());
  },
  { name: 'coordination', dependencies: ['database', 'metrics'] },
);
