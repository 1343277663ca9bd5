import { JENKINS_PERMISSION_IDS, type JenkinsPermission } from '../auth/permissions.js';

/** Jenkins answered a role-strategy call with something other than success. */
export class JenkinsRoleSyncError extends Error {
  readonly code = 'JENKINS_ROLE_SYNC';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    detail: string,
  ) {
    super(`Jenkins role-strategy ${endpoint} answered ${status}: ${detail.slice(0, 200)}`);
  }
}

export interface RoleStrategyClientOptions {
  /** Jenkins' root URL, e.g. https://jenkins.example.com/ */
  url: string;
  user?: string;
  apiToken?: string;
  /** Tests hand in a fake; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** A global role as role-strategy's getRole reports it. */
export interface JenkinsGlobalRole {
  permissionIds: string[];
  users: string[];
}

/**
 * The thin adapter to role-strategy's REST API (`/role-strategy/strategy/*`): form-encoded
 * POSTs for changes, JSON from getRole. Only global roles are used, matching casc/jenkins.yaml.
 * An API token in basic auth needs no CSRF crumb.
 */
export class RoleStrategyClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RoleStrategyClientOptions) {
    this.base = options.url.replace(/\/+$/, '') + '/role-strategy/strategy/';
    this.fetch = options.fetch ?? fetch;
  }

  /** Creates or replaces a global role with these permissions. */
  async putGlobalRole(name: string, permissions: readonly JenkinsPermission[]): Promise<void> {
    await this.post('addRole', {
      type: 'globalRoles',
      roleName: name,
      permissionIds: permissions.map((p) => JENKINS_PERMISSION_IDS[p]).join(','),
      overwrite: 'true',
    });
  }

  async removeGlobalRole(name: string): Promise<void> {
    await this.post('removeRoles', { type: 'globalRoles', roleNames: name });
  }

  async assignUser(roleName: string, user: string): Promise<void> {
    await this.post('assignUserRole', { type: 'globalRoles', roleName, user });
  }

  async unassignUser(roleName: string, user: string): Promise<void> {
    await this.post('unassignUserRole', { type: 'globalRoles', roleName, user });
  }

  /** The role's permissions and assigned users, or null when Jenkins has no such role. */
  async getGlobalRole(name: string): Promise<JenkinsGlobalRole | null> {
    const query = new URLSearchParams({ type: 'globalRoles', roleName: name });
    const response = await this.fetch(`${this.base}getRole?${query}`, { headers: this.headers() });
    if (!response.ok) throw new JenkinsRoleSyncError('getRole', response.status, await response.text());
    const body = (await response.json()) as {
      permissionIds?: Record<string, boolean>;
      sids?: { type: string; sid: string }[];
    };
    if (!body.permissionIds) return null;
    return {
      permissionIds: Object.keys(body.permissionIds).sort(),
      users: (body.sids ?? []).filter((s) => s.type === 'USER').map((s) => s.sid),
    };
  }

  private headers(): Record<string, string> {
    const { user, apiToken } = this.options;
    return user && apiToken
      ? { authorization: `Basic ${Buffer.from(`${user}:${apiToken}`).toString('base64')}` }
      : {};
  }

  private async post(endpoint: string, form: Record<string, string>): Promise<void> {
    const response = await this.fetch(this.base + endpoint, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    if (!response.ok) throw new JenkinsRoleSyncError(endpoint, response.status, await response.text());
  }
}
