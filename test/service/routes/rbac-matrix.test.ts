import { describe, expect, it } from 'vitest';
import { ROLES, roleRank, type Role } from '../../../service/auth/roles.js';
import { makeGitRepository } from '../../support/git-repositories.js';
import { ADMIN_PASSWORD, PASSWORD, useService } from '../../support/service.js';

/**
 * Who may call each route, written down independently of the code: the lowest role allowed,
 * 'user' for any signed-in user, 'public' for anyone. A route missing here fails the test.
 */
// 'run-credential': no user may call it, whatever the role; only the run's own executor.
// 'signature': no user may call it, whatever the role; only a delivery signed by the git host.
const EXPECTED: Record<string, Role | 'user' | 'public' | 'run-credential' | 'signature'> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'user',
  'GET /api/me': 'user',
  'GET /api/me/tokens': 'user',
  'POST /api/me/tokens': 'user',
  'DELETE /api/me/tokens/:id': 'user',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:id': 'admin',
  'DELETE /api/users/:id': 'admin',
  'GET /api/permissions': 'user',
  'GET /api/roles': 'user',
  'POST /api/roles': 'admin',
  'PUT /api/roles/:name': 'admin',
  'DELETE /api/roles/:name': 'admin',
  'GET /api/groups': 'viewer',
  'POST /api/groups': 'admin',
  'PATCH /api/groups/:id': 'admin',
  'DELETE /api/groups/:id': 'admin',
  'GET /api/environments': 'viewer',
  'POST /api/environments': 'maintainer',
  'PATCH /api/environments/:id': 'maintainer',
  'DELETE /api/environments/:id': 'maintainer',
  'GET /api/settings': 'admin',
  'PUT /api/settings': 'admin',
  'GET /api/login-log': 'admin',
  'GET /api/announcements': 'viewer',
  'POST /api/announcements': 'maintainer',
  'DELETE /api/announcements/:id': 'maintainer',
  'GET /api/pipelines': 'viewer',
  'POST /api/pipelines': 'developer',
  'GET /api/pipelines/:id': 'viewer',
  'PUT /api/pipelines/:id': 'developer',
  'DELETE /api/pipelines/:id': 'maintainer',
  'GET /api/pipelines/:id/jenkinsfile': 'viewer',
  'PUT /api/pipelines/:id/favorite': 'viewer',
  'DELETE /api/pipelines/:id/favorite': 'viewer',
  'POST /api/pipelines/:id/template': 'maintainer',
  'GET /api/templates': 'viewer',
  'POST /api/templates/:name/pipelines': 'developer',
  'DELETE /api/templates/:name': 'maintainer',
  'POST /api/pipelines/:id/runs': 'tester',
  'GET /api/pipelines/:id/runs': 'viewer',
  'GET /api/runs/:runId': 'viewer',
  'POST /api/runs/:runId/cancel': 'developer',
  'POST /api/runs/:runId/rerun': 'tester',
  'POST /api/runs/:runId/gates/:stage': 'viewer',
  'GET /api/runs/:runId/logs': 'viewer',
  'GET /api/runs/:runId/logs/download': 'viewer',
  'POST /api/runs/:runId/events': 'run-credential',
  'GET /api/runs/:runId/artifacts': 'viewer',
  'GET /api/runs/:runId/artifacts/*': 'viewer',
  'GET /api/workbench/todos': 'user',
  // Webhooks (issue 10, part 5): a session token opens nothing; the secrets are in the
  // admin-only settings above.
  'POST /api/webhooks/github': 'signature',
  'POST /api/webhooks/gitlab': 'signature',
  // Code release: repositories, versions, releases, git credentials.
  'GET /api/repositories': 'viewer',
  'POST /api/repositories': 'developer',
  'GET /api/repositories/:id': 'viewer',
  'PATCH /api/repositories/:id': 'developer',
  'DELETE /api/repositories/:id': 'maintainer',
  'GET /api/repositories/:id/versions': 'viewer',
  'GET /api/repositories/:id/versions/:versionId': 'viewer',
  'POST /api/repositories/:id/releases': 'developer',
  'POST /api/repositories/:id/releases (online)': 'maintainer',
  'GET /api/git-credentials': 'developer',
  'PUT /api/git-credentials/:id': 'maintainer',
  'DELETE /api/git-credentials/:id': 'maintainer',
  // Test management (issue 11): viewers read, testers manage cases and plans and run plans,
  // cancelling a plan run needs developer like cancelling any run.
  'GET /api/test-case-groups': 'viewer',
  'POST /api/test-case-groups': 'tester',
  'PATCH /api/test-case-groups/:id': 'tester',
  'DELETE /api/test-case-groups/:id': 'tester',
  'GET /api/test-cases': 'viewer',
  'POST /api/test-cases': 'tester',
  'GET /api/test-cases/:id': 'viewer',
  'PATCH /api/test-cases/:id': 'tester',
  'DELETE /api/test-cases/:id': 'tester',
  'GET /api/test-cases/:id/results': 'viewer',
  'GET /api/test-cases/:id/stats': 'viewer',
  'GET /api/test-plans': 'viewer',
  'POST /api/test-plans': 'tester',
  'GET /api/test-plans/:plan': 'viewer',
  'PATCH /api/test-plans/:plan': 'tester',
  'DELETE /api/test-plans/:plan': 'tester',
  'POST /api/test-plans/:plan/runs': 'tester',
  'GET /api/test-plans/:plan/stats': 'viewer',
  'GET /api/test-plan-runs': 'viewer',
  'GET /api/test-plan-runs/:id': 'viewer',
  'GET /api/test-plan-runs/:id/results': 'viewer',
  'GET /api/test-plan-runs/:id/junit.xml': 'viewer',
  'POST /api/test-plan-runs/:id/cancel': 'developer',
  // Last: changing a password ends the caller's tokens, so nothing may follow it.
  'PUT /api/me/password': 'user',
};

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;
const pipelineBody = (name: string) => ({ name, stages: [{ name: 'A', steps: [{ echo: 'x' }] }] });

describe('RBAC matrix: every route and every role', () => {
  const service = useService();

  it('names every route the app serves, and nothing else', () => {
    const served = service().app.servedRoutes().sort();
    expect(served.length).toBeGreaterThan(40);
    // 'METHOD /path (variant)' rows check one route again with another body.
    expect(served).toEqual([...new Set(Object.keys(EXPECTED).map((k) => k.replace(/ \(.*\)$/, '')))].sort());
  });

  // Long: every route times every role, with fresh fixtures per route.
  it(
    'allows and denies as the table says, and answers 401 without a token',
    { timeout: 600_000 },
    async () => {
      const s = service();
      // Personal API tokens, so that calling logout does not sign the matrix out.
      const tokens = {} as Record<Role, string>;
      for (const role of ROLES)
        tokens[role] = (
          await s.call(s.tokens[role], { method: 'POST', url: '/api/me/tokens', payload: { name: 'matrix' } })
        ).json().token;
      const admin = tokens.admin;
      const pipeline = (
        await s.call(admin, {
          method: 'POST',
          url: '/api/pipelines',
          payload: pipelineBody('matrix-pipeline'),
        })
      ).json();
      const run = (
        await s.call(admin, { method: 'POST', url: `/api/pipelines/${pipeline.id}/runs`, payload: {} })
      ).json();
      await s.call(admin, {
        method: 'POST',
        url: `/api/pipelines/${pipeline.id}/template`,
        payload: { name: 'matrix-template', title: 'T' },
      });

      // Code release: a real git repository, an offline and an online environment, a repository and a version.
      const origin = makeGitRepository();
      origin.commit('a.txt', 'matrix');
      for (const [name, online] of [
        ['matrix-test', false],
        ['matrix-prod', true],
      ] as const)
        await s.call(admin, { method: 'POST', url: '/api/environments', payload: { name, online } });
      const repositoryBody = (identifier: string) => ({
        identifier,
        name: 'Matrix',
        gitUrl: origin.url,
        basic: { local: true },
        build: { testCommand: 'true', buildCommand: 'true' },
        release: { environments: { offline: 'matrix-test', online: 'matrix-prod' } },
      });
      const repository = (
        await s.call(admin, {
          method: 'POST',
          url: '/api/repositories',
          payload: repositoryBody('matrix-repo'),
        })
      ).json();
      const version = (
        await s.call(admin, {
          method: 'POST',
          url: `/api/repositories/${repository.id}/releases`,
          payload: { type: 'offline', ref: 'main' },
        })
      ).json().version;

      // Test management: a group with a case and a plan of it per route (deletes take them), one plan run.
      const testFixtures = async () => {
        const group = (
          await s.call(admin, {
            method: 'POST',
            url: '/api/test-case-groups',
            payload: { service: 'matrix', name: unique('g') },
          })
        ).json().id as string;
        const testCase = (
          await s.call(admin, {
            method: 'POST',
            url: '/api/test-cases',
            payload: { groupId: group, name: unique('c'), run: { script: 'true' } },
          })
        ).json().id as string;
        const lonelyCase = (
          await s.call(admin, {
            method: 'POST',
            url: '/api/test-cases',
            payload: { groupId: group, name: unique('c'), run: { script: 'true' } },
          })
        ).json().id as string;
        const plan = (
          await s.call(admin, {
            method: 'POST',
            url: '/api/test-plans',
            payload: { name: unique('plan'), cases: [testCase] },
          })
        ).json().name as string;
        return {
          group: (
            await s.call(admin, {
              method: 'POST',
              url: '/api/test-case-groups',
              payload: { service: 'matrix', name: unique('g') },
            })
          ).json().id as string,
          testCase,
          lonelyCase,
          plan,
        };
      };
      const planRun = (
        await s.call(admin, { method: 'POST', url: `/api/test-plans/${(await testFixtures()).plan}/runs` })
      ).json().id as string;

      const fixtures = async (route: string) => ({
        tm: route.includes('/api/test-') ? await testFixtures() : null,
        doomedRepository:
          route === 'DELETE /api/repositories/:id' &&
          (
            await s.call(admin, {
              method: 'POST',
              url: '/api/repositories',
              payload: repositoryBody(unique('doomed-repo')),
            })
          ).json().id,
        credential:
          route.includes('/git-credentials/:id') &&
          (
            await s.call(admin, {
              method: 'PUT',
              url: `/api/git-credentials/${unique('cred')}`,
              payload: { username: 'u', secret: 's' },
            })
          ).json().id,
        group: (
          await s.call(admin, { method: 'POST', url: '/api/groups', payload: { name: unique('g') } })
        ).json().id,
        env: (
          await s.call(admin, { method: 'POST', url: '/api/environments', payload: { name: unique('e') } })
        ).json().id,
        note: (
          await s.call(admin, {
            method: 'POST',
            url: '/api/announcements',
            payload: { title: 't', body: 'b' },
          })
        ).json().id,
        doomed: (
          await s.call(admin, {
            method: 'POST',
            url: '/api/pipelines',
            payload: pipelineBody(unique('doomed')),
          })
        ).json().id,
        user:
          route === 'DELETE /api/users/:id' &&
          (
            await s.call(admin, {
              method: 'POST',
              url: '/api/users',
              payload: { username: unique('doomed-user'), role: 'viewer', password: 'long-enough-password' },
            })
          ).json().id,
        role:
          route.includes('/roles/') &&
          (
            await s.call(admin, {
              method: 'POST',
              url: '/api/roles',
              payload: { name: unique('role'), permissions: ['pipeline:read'] },
            })
          ).json().name,
        template: (
          await s.call(admin, {
            method: 'POST',
            url: `/api/pipelines/${pipeline.id}/template`,
            payload: { name: unique('t'), title: 'T' },
          })
        ).json().name,
      });

      const request = (
        route: string,
        f: Awaited<ReturnType<typeof fixtures>>,
        token: string | null,
        role: Role | null = null,
      ) => {
        const [method, routePattern] = route.split(' ') as [string, string];
        const pattern = f.tm
          ? routePattern
              .replace(
                ':id',
                route.includes('/test-case-groups/')
                  ? f.tm.group
                  : route.startsWith('DELETE /api/test-cases/')
                    ? f.tm.lonelyCase
                    : route.includes('/test-cases/')
                      ? f.tm.testCase
                      : planRun,
              )
              .replace(':plan', f.tm.plan)
          : routePattern;
        const url = pattern
          .replace(
            ':id',
            route.includes('/repositories/')
              ? route.startsWith('DELETE')
                ? f.doomedRepository
                : repository.id
              : route.includes('/git-credentials/')
                ? f.credential
                : route === 'DELETE /api/users/:id'
                  ? f.user
                  : route.includes('/users/')
                    ? s.users.viewer.id
                    : route.includes('/groups/')
                      ? f.group
                      : route.includes('/environments/')
                        ? f.env
                        : route.includes('/announcements/')
                          ? f.note
                          : route.includes('/me/tokens/')
                            ? 'none'
                            : route.startsWith('DELETE /api/pipelines/:id') && !route.endsWith('favorite')
                              ? f.doomed
                              : pipeline.id,
          )
          .replace(':versionId', version.id)
          .replace(':runId', run.id)
          .replace(':stage', 'A')
          .replace(
            ':name',
            route.includes('/roles/') ? f.role : route.startsWith('DELETE') ? f.template : 'test-build',
          );
        const bodies: Record<string, unknown> = {
          'POST /api/auth/login': { username: 'admin', password: ADMIN_PASSWORD },
          'POST /api/me/tokens': { name: 'x' },
          'POST /api/users': { username: unique('u'), role: 'viewer', password: 'long-enough-password' },
          'PATCH /api/users/:id': { displayName: 'Viewer' },
          'POST /api/roles': { name: unique('role'), permissions: ['run:trigger'] },
          'PUT /api/roles/:name': { description: 'x' },
          'POST /api/groups': { name: unique('g') },
          'PATCH /api/groups/:id': { description: 'x' },
          'POST /api/environments': { name: unique('e') },
          'PATCH /api/environments/:id': { online: false },
          'PUT /api/settings': { siteName: 'x' },
          'POST /api/announcements': { title: 't', body: 'b' },
          'POST /api/pipelines': pipelineBody(unique('p')),
          'PUT /api/pipelines/:id': pipelineBody('matrix-pipeline'),
          'POST /api/pipelines/:id/template': { name: unique('t'), title: 'T' },
          'POST /api/templates/:name/pipelines': { name: unique('from-template'), local: true },
          'POST /api/pipelines/:id/runs': {},
          'POST /api/runs/:runId/gates/:stage': { approve: true },
          'POST /api/runs/:runId/events': [{ id: 'n1', type: 'note', text: 'x' }],
          'POST /api/repositories': repositoryBody(unique('repo')),
          'PATCH /api/repositories/:id': { name: 'Matrix again' },
          'POST /api/repositories/:id/releases': { type: 'offline', ref: 'main' },
          'POST /api/repositories/:id/releases (online)': { type: 'online', ref: 'main' },
          'PUT /api/git-credentials/:id': { username: 'u', secret: 's2' },
          'POST /api/test-case-groups': { service: 'matrix', name: unique('g') },
          'PATCH /api/test-case-groups/:id': { description: 'x' },
          'POST /api/test-cases': { groupId: f.tm?.group, name: unique('c'), run: { script: 'true' } },
          'PATCH /api/test-cases/:id': { level: 'P1' },
          'POST /api/test-plans': { name: unique('plan'), cases: [f.tm?.testCase] },
          'PATCH /api/test-plans/:plan': { description: 'x' },
        };
        const payload =
          route === 'PUT /api/me/password'
            ? { currentPassword: role === 'admin' ? ADMIN_PASSWORD : PASSWORD, newPassword: PASSWORD + '-2' }
            : bodies[route];
        return s.call(token, {
          method: method as 'GET',
          url,
          ...(payload !== undefined ? { payload: payload as object } : {}),
        });
      };

      const mismatches: string[] = [];
      for (const [route, lowest] of Object.entries(EXPECTED)) {
        const f = await fixtures(route);
        const anonymous = await request(route, f, null);
        if (lowest === 'public' ? anonymous.statusCode === 401 : anonymous.statusCode !== 401)
          mismatches.push(`${route} anonymous: ${anonymous.statusCode}`);
        for (const role of ROLES) {
          const res = await request(route, f, tokens[role], role);
          if (lowest === 'signature') {
            if (res.statusCode !== 401) mismatches.push(`${route} as ${role} unsigned: ${res.statusCode}`);
            continue;
          }
          const allowed =
            lowest === 'public' ||
            lowest === 'user' ||
            (lowest !== 'run-credential' && roleRank(role) >= roleRank(lowest));
          const denied = res.statusCode === 403;
          if (allowed === denied || res.statusCode === 401 || res.statusCode >= 500)
            mismatches.push(`${route} as ${role}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
      expect(mismatches).toEqual([]);
    },
  );
});
