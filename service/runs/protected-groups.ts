import type { FastifyInstance } from 'fastify';
import { forbidden } from '../errors.js';
import { userMay } from '../plugins/auth.js';
import type { User } from '../repositories/users.js';
import { protectedGroups } from './deploy-policy.js';

/**
 * A pipeline group an environment restricts its deploys to is protected: creating, changing or
 * deleting its pipelines needs pipeline:protected-write (maintainer), so a developer cannot
 * remove a production pipeline's gate or point it elsewhere.
 */
export async function assertMayChangeProtected(
  app: FastifyInstance,
  user: User,
  groups: string[],
): Promise<void> {
  const restricted = protectedGroups(await app.repos.environments.list());
  for (const group of new Set(groups)) {
    if (!restricted.has(group)) continue;
    if (!(await userMay(app, user, 'pipeline:protected-write', group)))
      throw forbidden(
        `pipeline group ${JSON.stringify(group)} deploys to a protected environment: changing its pipelines needs pipeline:protected-write (maintainer)`,
      );
  }
}
