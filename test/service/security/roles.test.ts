import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildApp } from '../../../service/app.js';
import { withJenkinsRoles } from '../../../service/auth/jenkins-roles.js';
import {
  JENKINS_PERMISSION_IDS,
  PERMISSION_CATALOGUE,
  PERMISSIONS,
} from '../../../service/auth/permissions.js';
import { BUILT_IN_ROLES } from '../../../service/auth/roles.js';
import { loadConfig } from '../../../service/config.js';
import { RoleStrategyClient } from '../../../service/jenkins/role-strategy-client.js';
import { createPipeline, PASSWORD, useService, type TestService } from '../../support/service.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function signIn(s: TestService, username: string) {
  const res = await s.call(null, {
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

describe('roles you can see and shape', () => {
  const service = useService();

  it('lists every role with its permissions from the one catalogue', async () => {
    const s = service();
    const roles = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/roles' })).json();
    expect(roles.map((r: { name: string }) => r.name)).toEqual([
      'viewer',
      'tester',
      'developer',
      'maintainer',
      'admin',
    ]);
    const admin = roles.find((r: { name: string }) => r.name === 'admin');
    expect(admin.permissions).toEqual(PERMISSIONS);
    const tester = roles.find((r: { name: string }) => r.name === 'tester');
    expect(tester.permissions).toEqual(['pipeline:read', 'environment:read', 'run:trigger', 'test:write']);
    const catalogue = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/permissions' })).json();
    expect(catalogue.map((p: { name: string }) => p.name)).toEqual(PERMISSIONS);
  });

  it('lets admins compose a custom role, assign it to a user and to a group grant, and enforces it', async () => {
    const s = service();
    const created = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/roles',
      payload: {
        name: 'release-manager',
        description: 'Ships',
        permissions: ['pipeline:read', 'run:trigger', 'run:cancel'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().jenkins).toEqual({ state: 'not-configured' });
    const user = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'shipper', role: 'release-manager', password: PASSWORD },
    });
    expect(user.statusCode).toBe(201);
    const shipper = await signIn(s, 'shipper');
    const pipeline = await createPipeline(s, {
      name: 'shipped',
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    });
    expect(
      (await s.call(shipper, { method: 'POST', url: `/api/pipelines/${pipeline.id}/runs`, payload: {} }))
        .statusCode,
    ).toBe(201);
    const create = await s.call(shipper, {
      method: 'POST',
      url: '/api/pipelines',
      payload: { name: 'not-mine', stages: [{ name: 'A', steps: [{ echo: 'x' }] }] },
    });
    expect(create.statusCode).toBe(403);

    // A group grant of the custom role on one pipeline group only.
    const grantee = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'grantee', role: 'viewer', password: PASSWORD },
    });
    const group = (
      await s.call(s.tokens.admin, { method: 'POST', url: '/api/groups', payload: { name: 'shippers' } })
    ).json();
    const grant = await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      payload: {
        members: [grantee.json().username],
        grants: [{ pipelineGroup: 'payments', role: 'release-manager' }],
      },
    });
    expect(grant.statusCode, grant.body).toBe(200);
    const payments = await createPipeline(s, {
      name: 'payments-api',
      group: 'payments',
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    });
    const granteeToken = await signIn(s, 'grantee');
    const trigger = (id: string) =>
      s.call(granteeToken, { method: 'POST', url: `/api/pipelines/${id}/runs`, payload: {} });
    expect((await trigger(payments.id)).statusCode).toBe(201);
    expect((await trigger(pipeline.id)).statusCode).toBe(403);
  });

  it('refuses unknown roles, clashes with built-ins, editing built-ins and deleting a role in use', async () => {
    const s = service();
    const admin = (options: InjectOptions) => s.call(s.tokens.admin, options);
    const unknownUser = await admin({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'ghost', role: 'no-such-role', password: PASSWORD },
    });
    expect(unknownUser.statusCode).toBe(400);
    expect(unknownUser.json().problems[0].path).toBe('body.role');
    const group = (
      await admin({ method: 'POST', url: '/api/groups', payload: { name: 'g-unknown' } })
    ).json();
    const unknownGrant = await admin({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      payload: { grants: [{ pipelineGroup: '*', role: 'nope' }] },
    });
    expect(unknownGrant.statusCode).toBe(400);
    expect(unknownGrant.json().problems[0].path).toBe('body.grants[0].role');
    expect(
      (
        await admin({
          method: 'POST',
          url: '/api/roles',
          payload: { name: 'admin', permissions: ['pipeline:read'] },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await admin({
          method: 'POST',
          url: '/api/roles',
          payload: { name: 'x', permissions: ['root:everything'] },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await admin({ method: 'PUT', url: '/api/roles/developer', payload: { description: 'x' } })).statusCode,
    ).toBe(409);
    expect((await admin({ method: 'DELETE', url: '/api/roles/viewer' })).statusCode).toBe(409);
    expect((await admin({ method: 'DELETE', url: '/api/roles/release-manager' })).statusCode).toBe(409);
    await admin({
      method: 'POST',
      url: '/api/roles',
      payload: { name: 'unused', permissions: ['pipeline:read'] },
    });
    expect((await admin({ method: 'DELETE', url: '/api/roles/unused' })).statusCode).toBe(200);
    expect((await admin({ method: 'DELETE', url: '/api/roles/unused' })).statusCode).toBe(404);
  });
});

describe('casc/jenkins.yaml roles come from the same catalogue', () => {
  it('is generated and up to date, in casc/ and in the chart', () => {
    for (const file of ['casc/jenkins.yaml', 'helm/pipewright/files/casc/jenkins.yaml']) {
      const text = readFileSync(`${ROOT}${file}`, 'utf8');
      expect(withJenkinsRoles(text), `${file}: run npm run generate:casc`).toBe(text);
    }
    const casc = parse(readFileSync(`${ROOT}casc/jenkins.yaml`, 'utf8')) as {
      jenkins: {
        authorizationStrategy: {
          roleBased: { roles: { global: { name: string; permissions: string[] }[] } };
        };
      };
    };
    const global = casc.jenkins.authorizationStrategy.roleBased.roles.global;
    for (const role of BUILT_IN_ROLES) {
      const jenkins = global.find((r) => r.name === role.name)!;
      const expected = new Set(role.permissions.flatMap((p) => [...PERMISSION_CATALOGUE[p].jenkins]));
      if (expected.has('Overall/Administer')) expect(jenkins.permissions).toEqual(['Overall/Administer']);
      else expect(new Set(jenkins.permissions)).toEqual(expected);
    }
  });
});

/** An in-process stand-in for role-strategy's REST API, answering in the plugin's shapes. */
function fakeRoleStrategy() {
  const roles = new Map<string, { permissionIds: string[]; users: Set<string> }>();
  const calls: string[] = [];
  let failNext = false;
  let authorization: string | undefined;
  const body = (req: IncomingMessage) =>
    new Promise<URLSearchParams>((resolve) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => resolve(new URLSearchParams(text)));
    });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const endpoint = url.pathname.replace('/role-strategy/strategy/', '');
    authorization = req.headers.authorization;
    calls.push(endpoint);
    if (failNext) {
      failNext = false;
      res.writeHead(500).end('boom');
      return;
    }
    if (req.method === 'GET' && endpoint === 'getRole') {
      const role = roles.get(url.searchParams.get('roleName')!);
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(
        JSON.stringify(
          role
            ? {
                permissionIds: Object.fromEntries(role.permissionIds.map((p) => [p, true])),
                sids: [...role.users].map((sid) => ({ type: 'USER', sid })),
              }
            : {},
        ),
      );
      return;
    }
    const form = await body(req);
    if (req.method !== 'POST' || form.get('type') !== 'globalRoles') return void res.writeHead(400).end();
    const name = form.get('roleName') ?? '';
    if (endpoint === 'addRole') {
      // overwrite=true replaces the role, and with it its assignments, as the plugin does.
      if (roles.has(name) && form.get('overwrite') !== 'true') return void res.writeHead(400).end();
      roles.set(name, { permissionIds: form.get('permissionIds')!.split(',').sort(), users: new Set() });
    } else if (endpoint === 'removeRoles') {
      for (const n of form.get('roleNames')!.split(',')) roles.delete(n);
    } else if (endpoint === 'assignUserRole') {
      roles.get(name)?.users.add(form.get('user')!);
    } else if (endpoint === 'unassignUserRole') {
      roles.get(name)?.users.delete(form.get('user')!);
    } else return void res.writeHead(404).end();
    res.writeHead(200).end();
  });
  return {
    server,
    roles,
    calls,
    failNext: () => (failNext = true),
    authorization: () => authorization,
  };
}

describe('custom roles reach Jenkins through role-strategy', () => {
  const fake = fakeRoleStrategy();
  let app: FastifyInstance;
  let url: string;
  let token: string;
  const call = (options: InjectOptions) =>
    app.inject({ ...options, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/`;
    const config = loadConfig({
      PIPEWRIGHT_DATA_DIR: mkdtempSync(join(tmpdir(), 'pipewright-roles-')),
      PIPEWRIGHT_ADMIN_PASSWORD: 'admin-password-here',
      PIPEWRIGHT_LOG_LEVEL: 'silent',
      PIPEWRIGHT_JENKINS_URL: url,
      PIPEWRIGHT_JENKINS_USER: 'pipewright',
      PIPEWRIGHT_JENKINS_API_TOKEN: 'jenkins-api-token',
    });
    app = await buildApp({ config, logger: false });
    token = (
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'admin-password-here' },
      })
    ).json().token;
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  it('creates, assigns, updates and removes the role in Jenkins as in the service', async () => {
    const jenkins = new RoleStrategyClient({ url, user: 'pipewright', apiToken: 'jenkins-api-token' });
    const created = await call({
      method: 'POST',
      url: '/api/roles',
      payload: { name: 'release-manager', permissions: ['pipeline:read', 'run:trigger'] },
    });
    expect(created.json().jenkins).toEqual({ state: 'synced' });
    // Role syncs count as Jenkins calls in /metrics.
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/pipewright_jenkins_requests_total\{endpoint="roles",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/pipewright_jenkins_request_duration_seconds_count\{endpoint="roles"\} [1-9]/);
    expect(fake.authorization()).toBe(
      `Basic ${Buffer.from('pipewright:jenkins-api-token').toString('base64')}`,
    );
    const ids = (...names: (keyof typeof JENKINS_PERMISSION_IDS)[]) =>
      names.map((n) => JENKINS_PERMISSION_IDS[n]).sort();
    expect(await jenkins.getGlobalRole('release-manager')).toEqual({
      permissionIds: ids('Overall/Read', 'Job/Read', 'Job/Build'),
      users: [],
    });
    const user = (
      await call({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'shipper', role: 'release-manager', password: PASSWORD },
      })
    ).json();
    expect((await jenkins.getGlobalRole('release-manager'))!.users).toEqual(['shipper']);
    // Replacing the role's permissions keeps its holders assigned in Jenkins.
    const updated = await call({
      method: 'PUT',
      url: '/api/roles/release-manager',
      payload: { permissions: ['pipeline:read', 'run:trigger', 'run:cancel'] },
    });
    expect(updated.json().jenkins).toEqual({ state: 'synced' });
    expect(await jenkins.getGlobalRole('release-manager')).toEqual({
      permissionIds: ids('Overall/Read', 'Job/Read', 'Job/Build', 'Job/Cancel'),
      users: ['shipper'],
    });
    await call({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { role: 'viewer' } });
    expect((await jenkins.getGlobalRole('release-manager'))!.users).toEqual([]);
    expect((await call({ method: 'DELETE', url: '/api/roles/release-manager' })).json().jenkins).toEqual({
      state: 'synced',
    });
    expect(await jenkins.getGlobalRole('release-manager')).toBeNull();
  });

  it('keeps the service’s change and says so when Jenkins fails', async () => {
    fake.failNext();
    const res = await call({
      method: 'POST',
      url: '/api/roles',
      payload: { name: 'auditor', permissions: ['audit:read'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().jenkins.state).toBe('failed');
    expect(res.json().jenkins.message).toContain('addRole answered 500');
    const roles = (await call({ method: 'GET', url: '/api/roles' })).json();
    expect(roles.map((r: { name: string }) => r.name)).toContain('auditor');
    expect(fake.roles.has('auditor')).toBe(false);
  });
});
