import type { FastifyInstance } from 'fastify';
import { jenkinsPermissionsOf } from '../auth/permissions.js';
import { isBuiltInRole, type RoleDefinition } from '../auth/roles.js';
import { measuredJenkinsFetch } from '../metrics/service-metrics.js';
import { RoleStrategyClient } from './role-strategy-client.js';

/** What happened in Jenkins after a role change: shown to the admin who made it. */
export type JenkinsSync =
  { state: 'synced' } | { state: 'not-configured' } | { state: 'failed'; message: string };

function client(app: FastifyInstance): RoleStrategyClient | null {
  const {
    PIPEWRIGHT_JENKINS_URL: url,
    PIPEWRIGHT_JENKINS_USER: user,
    PIPEWRIGHT_JENKINS_TOKEN: apiToken,
  } = app.config;
  return url
    ? new RoleStrategyClient({ url, user, apiToken, fetch: measuredJenkinsFetch(app.metrics, 'roles') })
    : null;
}

async function attempt(app: FastifyInstance, what: string, work: (c: RoleStrategyClient) => Promise<void>) {
  const jenkins = client(app);
  if (!jenkins) return { state: 'not-configured' } as const;
  try {
    await work(jenkins);
    return { state: 'synced' } as const;
  } catch (error) {
    // The service's change stands; the admin sees Jenkins disagreeing and can save again.
    app.log.warn({ err: error }, `Jenkins role sync failed: ${what}`);
    return { state: 'failed', message: (error as Error).message } as const;
  }
}

/**
 * Custom roles reach Jenkins as global roles with the Jenkins permissions their catalogue
 * entries name. role-strategy's addRole replaces a role together with its assignments, so the
 * role's users are assigned again after it.
 */
export function syncRole(app: FastifyInstance, role: RoleDefinition): Promise<JenkinsSync> {
  return attempt(app, `role ${role.name}`, async (jenkins) => {
    await jenkins.putGlobalRole(role.name, jenkinsPermissionsOf(role.permissions));
    for (const user of (await app.repos.roles.holders(role.name)).users)
      await jenkins.assignUser(role.name, user);
  });
}

export function removeRole(app: FastifyInstance, name: string): Promise<JenkinsSync> {
  return attempt(app, `remove role ${name}`, (jenkins) => jenkins.removeGlobalRole(name));
}

/**
 * A user's custom role follows them to Jenkins (built-in roles are granted there through the
 * groups casc/jenkins.yaml names).
 */
export function syncUserRole(
  app: FastifyInstance,
  username: string,
  before: string | null,
  after: string | null,
): Promise<JenkinsSync> {
  return attempt(app, `role of ${username}`, async (jenkins) => {
    if (before && !isBuiltInRole(before)) await jenkins.unassignUser(before, username);
    if (after && !isBuiltInRole(after)) await jenkins.assignUser(after, username);
  });
}
