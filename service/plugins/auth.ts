import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { higherRole, roleAllows, type Permission, type Role } from '../auth/roles.js';
import { VersionedCache } from '../cache/versioned-cache.js';
import { forbidden, unauthorized } from '../errors.js';
import type { User } from '../repositories/users.js';

/** Who may call a route: anyone, any signed-in user, or holders of a permission. */
export type Access = 'public' | 'user' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Check the permission on the pipeline named by :id or :runId, counting group grants. */
    pipelineScoped?: boolean;
  }
  interface FastifyRequest {
    user: User | null;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

/** The pipeline group a scoped route acts on, or null when the pipeline does not exist. */
async function pipelineGroupOf(app: FastifyInstance, request: FastifyRequest): Promise<string | null> {
  const params = request.params as { id?: string; runId?: string };
  let pipelineId = params.id;
  if (!pipelineId && params.runId) pipelineId = (await app.repos.runs.findById(params.runId))?.pipelineId;
  if (!pipelineId) return null;
  const row = await app.db
    .selectFrom('pipelines')
    .select('group_name')
    .where('id', '=', pipelineId)
    .executeTakeFirst();
  return row?.group_name ?? null;
}

/** The user's role on a pipeline group: their own role raised by their groups' grants. */
export async function roleOn(app: FastifyInstance, user: User, pipelineGroup: string): Promise<Role> {
  const granted = await app.repos.groups.grantedRole(user.id, pipelineGroup);
  return granted ? higherRole(user.role, granted) : user.role;
}

/**
 * Authenticates every request from its bearer token (a session or a personal API token) and
 * enforces the route's declared access. A route without a declared access is refused: new
 * routes are closed until someone decides who may call them.
 */
export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('user', null);
    // Sessions expire and other instances may revoke: bound how long a cached answer lives.
    const tokens = new VersionedCache<User | null>(
      app.repos.authChanges,
      app.databaseKind === 'postgres' ? 5_000 : 10_000,
    );
    // onRequest, before body parsing and validation: an anonymous caller learns nothing from a 400.
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === 'public' || !request.routeOptions.url) return; // unknown URLs stay 404
      const token = bearer(request);
      request.user = token
        ? await tokens.get(
            token,
            () => app.repos.tokens.resolve(token),
            (user) => user !== null,
          )
        : null;
      if (!request.user) throw unauthorized();
      if (access === undefined) throw forbidden('this route declares no access rule');
      if (access === 'user' || roleAllows(request.user.role, access)) return;
      if (request.routeOptions.config.pipelineScoped) {
        const group = await pipelineGroupOf(app, request);
        if (group !== null && roleAllows(await roleOn(app, request.user, group), access)) return;
      }
      throw forbidden(`your role ${request.user.role} lacks ${access}`);
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

/** For handlers that learn the pipeline group from the body (create, move to another group). */
export async function assertPipelineAccess(
  app: FastifyInstance,
  user: User,
  permission: Permission,
  pipelineGroup: string,
): Promise<void> {
  if (!roleAllows(await roleOn(app, user, pipelineGroup), permission)) {
    throw forbidden(`you lack ${permission} on pipeline group ${JSON.stringify(pipelineGroup)}`);
  }
}
