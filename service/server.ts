import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ADMIN_USERNAME } from './plugins/database.js';

/** Starts the service: reads the environment, builds the app, listens, and stops cleanly on signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`pipewright: invalid configuration\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp({ config });
  if (app.initialAdminPasswordFile) {
    // Where the password is, never the password: stdout ends up in log files.
    app.log.warn(
      `created user "${ADMIN_USERNAME}"; its password is in ${app.initialAdminPasswordFile} (readable by this user only, removed once the password is changed)`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      void app.close().then(() => process.exit(0));
    });
  }
  const address = await app.listen({ host: config.PIPEWRIGHT_HOST, port: config.PIPEWRIGHT_PORT });
  app.log.info(`pipewright listening on ${address}; API docs at ${address}/docs`);
}

void main();
