/**
 * Roles and what each may do. The same five roles exist in Jenkins (role-strategy, configured in
 * casc/), so a person has the same rights in both places.
 */
export const ROLES = ['viewer', 'tester', 'developer', 'maintainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'pipeline:read',
  'pipeline:write',
  'pipeline:delete',
  'run:trigger',
  'run:cancel',
  'template:write',
  'environment:read',
  'environment:write',
  'group:write',
  'user:admin',
  'settings:write',
  'audit:read',
  'announcement:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The lowest role that holds each permission; every higher role holds it too. */
const LOWEST_ROLE: Record<Permission, Role> = {
  'pipeline:read': 'viewer',
  'environment:read': 'viewer',
  'run:trigger': 'tester',
  'run:cancel': 'developer',
  'pipeline:write': 'developer',
  'pipeline:delete': 'maintainer',
  'template:write': 'maintainer',
  'environment:write': 'maintainer',
  'announcement:write': 'maintainer',
  'group:write': 'admin',
  'user:admin': 'admin',
  'settings:write': 'admin',
  'audit:read': 'admin',
};

export function roleRank(role: string): number {
  return ROLES.indexOf(role as Role);
}

export function roleAllows(role: string, permission: Permission): boolean {
  const rank = roleRank(role);
  return rank >= 0 && rank >= roleRank(LOWEST_ROLE[permission]);
}

/** The stronger of two roles. */
export function higherRole(a: Role, b: Role): Role {
  return roleRank(a) >= roleRank(b) ? a : b;
}
