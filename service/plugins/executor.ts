import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../executor/executor.js';
import { LocalExecutor } from '../executor/local-executor.js';

declare module 'fastify' {
  interface FastifyInstance {
    executor: Executor;
  }
}

/** The executor runs start on; the local one unless a Jenkins executor is configured (later). */
export const executorPlugin = fp<{ dataDir: string; minuteMs?: number }>(
  async (app: FastifyInstance, { dataDir, minuteMs }) => {
    const executor = new LocalExecutor(app.repos, dataDir, {
      minuteMs,
      onError: (error) => app.log.error({ err: error }, 'executor error'),
    });
    app.decorate('executor', executor);
    app.addHook('onClose', async () => executor.close());
  },
  { name: 'executor', dependencies: ['database'] },
);
