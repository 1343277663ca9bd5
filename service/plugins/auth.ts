import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { prepareDecoy } from '../auth/passwords.js';
import { RoleBook } from '../auth/role-book.js';
import { higherRole, isBuiltInRole, type Permission } from '../auth/roles.js';
import { VersionedCache } from '../cache/versioned-cache.js';
import { badSignature, forbidden, unauthorized } from '../errors.js';
import type { User } from '../repositories/users.js';

/**
 * Who may call a route: anyone, any signed-in user, holders of a permission, or (`signature`)
 * only a request whose body the route has proven signed (webhooks from a git host).
 */
export type Access = 'public' | 'user' | 'signature' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Check the permission on the pipeline named by :id or :runId, counting group grants. */
    pipelineScoped?: boolean;
  }
  interface FastifyRequest {
    user: User | null;
    /** Set by a `signature` route once the body's signature checked out. */
    signatureVerified: boolean;
  }
  interface FastifyInstance {
    roleBook: RoleBook;
  }
}

/** The bearer token of a request; tokens in the query string are never read (they end up in logs). */
export function bearer(request: FastifyRequest): string | null {
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

/**
 * Whether the user holds a permission: through their own role, or (given a pipeline group)
 * through a role one of their groups grants there. Roles may be built-in or custom.
 */
export async function userMay(
  app: FastifyInstance,
  user: User,
  permission: Permission,
  pipelineGroup?: string,
): Promise<boolean> {
  if ((await app.roleBook.permissionsOf([user.role])).has(permission)) return true;
  if (pipelineGroup === undefined) return false;
  const granted = await app.repos.groups.grantedRoles(user.id, pipelineGroup);
  return (await app.roleBook.permissionsOf(granted)).has(permission);
}

/**
 * The user's built-in role on a pipeline group, raised by their groups' built-in grants. Kept
 * for callers that compare ranks; custom roles have no rank, so prefer userMay.
 */
export async function roleOn(app: FastifyInstance, user: User, pipelineGroup: string): Promise<string> {
  const granted = await app.repos.groups.grantedRole(user.id, pipelineGroup);
  if (!granted) return user.role;
  return isBuiltInRole(user.role) ? higherRole(user.role, granted) : granted;
}

/**
 * Authenticates every request from its bearer token (a session or a personal API token) and
 * enforces the route's declared access. A route without a declared access is refused: new
 * routes are closed until someone decides who may call them.
 */
export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('user', null);
    app.decorateRequest('signatureVerified', false);
    // Sessions expire and other instances may revoke: bound how long a cached answer lives.
    const ttl = app.databaseKind === 'postgres' ? 5_000 : 10_000;
    const tokens = new VersionedCache<User | null>(app.repos.authChanges, ttl);
    app.decorate('roleBook', new RoleBook(() => app.repos.roles.list(), app.repos.authChanges, ttl));
    // In the background: start-up need not wait for it, and a login awaits it if it must.
    prepareDecoy().catch((error: unknown) => app.log.error({ err: error }, 'decoy password hash failed'));
    // onRequest, before body parsing and validation: an anonymous caller learns nothing from a 400.
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === 'public' || !request.routeOptions.url) return; // unknown URLs stay 404
      // The signature covers the body, which is not read yet; the preHandler below holds the door.
      if (access === 'signature') return;
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
      if (access === 'user' || (await userMay(app, request.user, access))) return;
      if (request.routeOptions.config.pipelineScoped) {
        const group = await pipelineGroupOf(app, request);
        if (group !== null && (await userMay(app, request.user, access, group))) return;
      }
      throw forbidden(`your role ${request.user.role} lacks ${access}`);
    });
    // A signed route that forgot to check its signature stays closed: nothing reaches its handler
    // unverified, whatever token the caller holds.
    // A callback hook, not an async one: it runs on every request and awaits nothing.
    app.addHook('preHandler', (request, _reply, done) => {
      if (request.routeOptions.config.access === 'signature' && !request.signatureVerified)
        done(badSignature('this route takes only signed deliveries from a git host'));
      else done();
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
  if (!(await userMay(app, user, permission, pipelineGroup))) {
    throw forbidden(`you lack ${permission} on pipeline group ${JSON.stringify(pipelineGroup)}`);
  }
}
