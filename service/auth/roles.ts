import {
  BUILT_IN_ROLE_DESCRIPTIONS,
  PERMISSION_CATALOGUE,
  PERMISSIONS,
  ROLES,
  type Permission,
  type Role,
} from './permissions.js';

export { PERMISSIONS, ROLES, type Permission, type Role } from './permissions.js';

/**
 * A role as the API shows it. Built-in roles are the five ranked ones; custom roles are any set
 * of catalogue permissions an admin composes. A user or a group grant names one role.
 */
export interface RoleDefinition {
  name: string;
  description: string;
  builtIn: boolean;
  permissions: Permission[];
}

export function isBuiltInRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

export function roleRank(role: string): number {
  return ROLES.indexOf(role as Role);
}

/** Whether a built-in role holds a permission (custom roles: see the role book in plugins/auth). */
export function roleAllows(role: string, permission: Permission): boolean {
  const rank = roleRank(role);
  return rank >= 0 && rank >= roleRank(PERMISSION_CATALOGUE[permission].lowestRole);
}

/** The stronger of two built-in roles. */
export function higherRole(a: Role, b: Role): Role {
  return roleRank(a) >= roleRank(b) ? a : b;
}

export const BUILT_IN_ROLES: readonly RoleDefinition[] = ROLES.map((name) => ({
  name,
  description: BUILT_IN_ROLE_DESCRIPTIONS[name],
  builtIn: true,
  permissions: PERMISSIONS.filter((p) => roleAllows(name, p)),
}));
