import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ChangeBus } from '../coordination/change-bus.js';
import { PostgresSession } from '../coordination/postgres-session.js';
import { AdvisoryLockOwnership, SoleOwnership, type WorkOwnership } from '../coordination/work-ownership.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Which replica does which unit of background work (see coordination/work-ownership.ts). */
    ownership: WorkOwnership;
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
    const store = app.databaseLocation;
    if (app.databaseKind !== 'postgres' || !store.url) {
      const sole = new SoleOwnership();
      app.decorate('ownership', sole);
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
    const ownership = new AdvisoryLockOwnership(
      new PostgresSession(sessionOptions),
      retryMs ?? OWNERSHIP_RETRY_MS,
      onError,
    );
    app.decorate('ownership', ownership);
    // Give work back before the store closes, so another replica takes it over at once.
    app.addHook('preClose', async () => ownership.close());
    app.addHook('onClose', async () => busSession.close());
  },
  { name: 'coordination', dependencies: ['database'] },
);
