import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type ServiceConfig } from './config.js';
import { ADMIN_USERNAME } from './plugins/database.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** While draining, how often connections that fell idle are closed. */
const IDLE_SWEEP_MS = 100;

/** Exit code for a start-up the operator must fix: bad configuration, a busy port. */
const EXIT_MISCONFIGURED = 2;

function fail(message: string): never {
  process.stderr.write(`pipewright: ${message}\n`);
  process.exit(EXIT_MISCONFIGURED);
}

/** Binds the port, or says in one line why it cannot. */
async function bind(server: Server, config: ServiceConfig): Promise<void> {
  const where = `${config.PIPEWRIGHT_HOST}:${config.PIPEWRIGHT_PORT}`;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PIPEWRIGHT_PORT, config.PIPEWRIGHT_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      fail(`port ${where} is already in use; stop what holds it or set PIPEWRIGHT_PORT to another port`);
    if (code === 'EACCES') fail(`no permission to listen on ${where}; set PIPEWRIGHT_PORT above 1023`);
    if (code === 'EADDRNOTAVAIL')
      fail(`${config.PIPEWRIGHT_HOST} is not an address of this machine; check PIPEWRIGHT_HOST`);
    throw error;
  }
}

/**
 * Graceful stop: the port closes at once (Kubernetes has already taken the pod out of the
 * Service during the preStop pause), requests in flight get `drainSeconds` to finish, then the
 * app closes its executors, the run service and the store. A second signal exits at once.
 */
async function shutdown(
  app: FastifyInstance,
  server: Server,
  signal: NodeJS.Signals,
  drainSeconds: number,
): Promise<void> {
  process.once(signal, () => process.exit(1));
  app.log.info({ signal, drainSeconds }, 'shutting down: no new connections, requests in flight may finish');
  // Answers still to come end their connection, so a keep-alive client cannot hold the drain open.
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    response.shouldKeepAlive = false;
  });
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // A connection whose answer went out before the signal stays open for keep-alive: end such
  // connections as they fall idle.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => {
    app.log.warn({ drainSeconds }, 'requests still open at the drain deadline: closing their connections');
    server.closeAllConnections();
  }, drainSeconds * 1000);
  await drained;
  clearTimeout(deadline);
  clearInterval(sweep);
  // Fastify closes only servers it started listening itself; this one is closed above.
  await app.close();
  app.log.info('stopped');
  process.exit(0);
}

/**
 * Starts the service. The port is bound before anything else happens: a busy port stops the
 * start before the database or the admin account exists, so the one-time admin password is
 * never printed by a process that then dies. Until the app is ready it answers 503.
 */
async function main(): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration\n${error.message}`);
    throw error;
  }
  const server = createServer();
  let handle: Handler | null = null;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (handle) return handle(request, response);
    response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
    response.end(JSON.stringify({ code: 'STARTING', message: 'the service is starting' }));
  });
  await bind(server, config);

  let fastifyHandler: Handler | null = null;
  const app = await buildApp({
    config,
    serverFactory: (handler) => {
      fastifyHandler = handler;
      return server;
    },
  });
  await app.ready();
  handle = fastifyHandler;
  if (app.initialAdminPasswordFile) {
    // Where the password is, never the password: stdout ends up in log files.
    app.log.warn(
      `created user "${ADMIN_USERNAME}"; its password is in ${app.initialAdminPasswordFile} (readable by this user only, removed once the password is changed)`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void shutdown(app, server, signal, config.PIPEWRIGHT_SHUTDOWN_DRAIN_SECONDS));
  const address = `http://${config.PIPEWRIGHT_HOST}:${config.PIPEWRIGHT_PORT}`;
  app.log.info(`pipewright listening on ${address}; API docs at ${address}/docs`);
}

void main();
