import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../service/app.js';
import { loadConfig } from '../../../service/config.js';
import { openDatabase } from '../../../service/db/open-database.js';
import { freshDatabaseOptions } from '../../support/databases.js';

describe('login limits shared by replicas on one PostgreSQL', () => {
  const apps: FastifyInstance[] = [];
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const fresh = await freshDatabaseOptions('postgres');
    drop = fresh.drop;
    // Two replicas of the service, one after the other on the same store.
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({
        PIPEWRIGHT_DATA_DIR: mkdtempSync(join(tmpdir(), 'pipewright-limit-')),
        PIPEWRIGHT_ADMIN_PASSWORD: 'shared-limit-admin',
        PIPEWRIGHT_LOG_LEVEL: 'silent',
        PIPEWRIGHT_LOGIN_LIMIT_PER_USER: '6',
        PIPEWRIGHT_LOGIN_LIMIT_WINDOW_SECONDS: '3600',
      });
      apps.push(await buildApp({ config, database: openDatabase(fresh.options), logger: false }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) {
      await app.close();
      await app.db.destroy();
    }
    await drop();
  });

  it('counts guesses spread over both replicas together', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await apps[i % 2]!.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: `wrong-guess-${i}` },
      });
      codes.push(res.statusCode);
    }
    // Six per user per window over all replicas, not six on each.
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
  });
});
