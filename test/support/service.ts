import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../service/app.js';
import { ROLES, type Role } from '../../service/auth/roles.js';
import { loadConfig } from '../../service/config.js';
import { openDatabase, type DatabaseKind } from '../../service/db/open-database.js';
import { freshDatabaseOptions } from './databases.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PASSWORD = 'password-for-tests';

export interface TestService {
  app: FastifyInstance;
  dataDir: string;
  /** Bearer tokens of one user per role, named after the role. */
  tokens: Record<Role, string>;
  users: Record<Role, { id: string; username: string }>;
  call(token: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Builds the app on a fresh store with one signed-in user per role. */
export function useService(
  kind: DatabaseKind = 'sqlite',
  env: Record<string, string> = {},
  appOptions: { minuteMs?: number } = {},
): () => TestService {
  let service: TestService | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-service-'));
    const fresh = await freshDatabaseOptions(kind);
    drop = fresh.drop;
    const database =
      kind === 'sqlite'
        ? openDatabase({ sqliteFile: join(dataDir, 'test.sqlite') })
        : openDatabase(fresh.options);
    const config = loadConfig({
      PIPEWRIGHT_DATA_DIR: dataDir,
      PIPEWRIGHT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PIPEWRIGHT_LOG_LEVEL: 'silent',
      ...env,
    });
    const app = await buildApp({ config, database, logger: false, ...appOptions });
    const call = (token: string | null, options: InjectOptions) =>
      app.inject({
        ...options,
        headers: { ...(options.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    const login = async (username: string, password: string) => {
      const res = await call(null, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    };
    const adminToken = await login('admin', ADMIN_PASSWORD);
    const tokens = {} as Record<Role, string>;
    const users = {} as Record<Role, { id: string; username: string }>;
    for (const role of ROLES) {
      const username = role === 'admin' ? 'admin' : `${role}-user`;
      if (role !== 'admin') {
        const res = await call(adminToken, {
          method: 'POST',
          url: '/api/users',
          payload: { username, role, password: PASSWORD },
        });
        if (res.statusCode !== 201) throw new Error(`create ${username}: ${res.body}`);
      }
      tokens[role] = role === 'admin' ? adminToken : await login(username, PASSWORD);
      const me = await call(tokens[role], { method: 'GET', url: '/api/me' });
      users[role] = { id: me.json().id, username };
    }
    service = { app, dataDir, tokens, users, call };
  });
  afterAll(async () => {
    await service?.app.close();
    await drop?.();
  });
  return () => {
    if (!service) throw new Error('service not started');
    return service;
  };
}

/** Creates a pipeline through the API (as a developer by default) and returns it. */
export async function createPipeline(s: TestService, body: object, token = s.tokens.developer) {
  const res = await s.call(token, { method: 'POST', url: '/api/pipelines', payload: body });
  if (res.statusCode !== 201) throw new Error(`create pipeline: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Starts a run through the API (as a tester by default) and returns it. */
export async function startRun(
  s: TestService,
  pipelineId: string,
  payload: object = {},
  token = s.tokens.tester,
) {
  const res = await s.call(token, { method: 'POST', url: `/api/pipelines/${pipelineId}/runs`, payload });
  if (res.statusCode !== 201) throw new Error(`start run: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Polls a run until it has finished; returns the run detail. */
export async function waitForRun(
  s: TestService,
  runId: string,
  token = s.tokens.admin,
  until: (run: { status: string }) => boolean = (r) =>
    ['success', 'failed', 'aborted', 'interrupted'].includes(r.status),
) {
  for (let i = 0; i < 600; i++) {
    const res = await s.call(token, { method: 'GET', url: `/api/runs/${runId}` });
    const run = res.json();
    if (until(run)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not reach the expected state`);
}
