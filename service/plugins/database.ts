import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { writeInitialAdminPassword } from '../auth/initial-admin-password.js';
import { hashPassword } from '../auth/passwords.js';
import { initialAdminPasswordFile, sqliteFile, type ServiceConfig } from '../config.js';
import {
  ensurePrivateDirectory,
  migrate,
  openDatabase,
  type DatabaseKind,
  type OpenDatabase,
} from '../db/open-database.js';
import { QueryErrorListeners } from '../db/query-errors.js';
import type { Database } from '../db/schema.js';
import { createRepositories, type Repositories } from '../repositories/index.js';
import { isUniqueViolation } from './error-handler.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    databaseKind: DatabaseKind;
    /** PostgreSQL: where the store is, for the sessions replicas coordinate through. */
    databaseLocation: { url?: string; schema?: string };
    repos: Repositories;
    /** Hears every failed database call (store-error metrics). */
    queryErrors: QueryErrorListeners;
    /** The file holding the admin password this start generated (0600), or null. */
    initialAdminPasswordFile: string | null;
  }
}

export interface DatabasePluginOptions {
  config: ServiceConfig;
  /** Tests hand in an open database (e.g. a PostgreSQL schema of their own). */
  database?: OpenDatabase;
}

export const ADMIN_USERNAME = 'admin';

/**
 * Opens the store, applies migrations, seeds the built-in templates and makes sure an admin
 * exists, before any route is served.
 */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app: FastifyInstance, { config, database }) => {
    ensurePrivateDirectory(config.PIPEWRIGHT_DATA_DIR);
    const open =
      database ?? openDatabase({ url: config.PIPEWRIGHT_DATABASE_URL, sqliteFile: sqliteFile(config) });
    await migrate(open, (message) => app.log.warn(message));
    const repos = createRepositories(open.db, undefined, undefined, {
      listIndex: config.PIPEWRIGHT_LIST_INDEX,
      dataVersion: open.dataVersion,
    });
    await repos.templates.seedBuiltIns();
    let passwordFile: string | null = null;
    if ((await repos.users.count()) === 0) {
      let password = config.PIPEWRIGHT_ADMIN_PASSWORD;
      if (password === undefined) {
        password = randomBytes(12).toString('base64url');
        passwordFile = initialAdminPasswordFile(config);
        writeInitialAdminPassword(passwordFile, password);
      }
      try {
        await repos.users.create({
          username: ADMIN_USERNAME,
          displayName: 'Administrator',
          role: 'admin',
          passwordHash: await hashPassword(password),
        });
      } catch (error) {
        // Replicas starting together on one PostgreSQL: another one created the admin first.
        if (!isUniqueViolation(error)) throw error;
        if (passwordFile) rmSync(passwordFile, { force: true });
        passwordFile = null;
        app.log.info('another replica created the admin user first');
      }
    }
    app.decorate('db', open.db);
    app.decorate('databaseKind', open.kind);
    app.decorate('databaseLocation', { url: open.url, schema: open.schema });
    app.decorate('repos', repos);
    app.decorate('queryErrors', open.queryErrors ?? new QueryErrorListeners());
    app.decorate('initialAdminPasswordFile', passwordFile);
    app.addHook('onClose', async () => {
      if (!database) await open.db.destroy();
    });
  },
  { name: 'database' },
);
