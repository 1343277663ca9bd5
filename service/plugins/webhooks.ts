import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ownedInterval } from '../coordination/owned-interval.js';
import { PushDispatcher } from '../webhooks/push-dispatcher.js';

/** How often remembered delivery ids past PIPEWRIGHT_WEBHOOK_DELIVERY_DAYS are deleted. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Starts pipelines on pushes; `app.webhooks.onPush(listener)` follows them. */
    webhooks: PushDispatcher;
  }
}

/** The push dispatcher, and the sweep that forgets old delivery ids. */
export const webhooksPlugin = fp(
  async (app: FastifyInstance) => {
    const onError = (error: unknown) => app.log.error({ err: error }, 'webhook error');
    app.decorate('webhooks', new PushDispatcher({ repos: app.repos, runs: app.runs, onError }));
    const days = app.config.PIPEWRIGHT_WEBHOOK_DELIVERY_DAYS;
    // One replica forgets old delivery ids: whichever owns the unit.
    const pruning = ownedInterval(app.ownership, 'webhook-delivery-prune', {
      firstMs: 0,
      everyMs: PRUNE_EVERY_MS,
      task: async () => {
        await app.repos.webhookDeliveries.prune(new Date(Date.now() - days * DAY_MS));
      },
      onError: (error) => app.log.error({ err: error }, 'pruning webhook deliveries failed'),
    });
    app.addHook('onClose', async () => pruning.stop());
  },
  { name: 'webhooks', dependencies: ['database', 'runs', 'coordination'] },
);
