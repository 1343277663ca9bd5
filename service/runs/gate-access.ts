import { roleAllows, type Role } from '../auth/roles.js';

export interface GateSubmitters {
  users: string[];
  groups: string[];
}

/**
 * Who may decide a gate: its named submitters (users, or members of its groups); a gate that
 * names nobody takes anyone who may trigger the pipeline. The one rule for the gate route and
 * the workbench's todo list.
 */
export function maySubmit(
  submitters: GateSubmitters,
  user: { username: string },
  userGroups: string[],
  roleOnPipeline: Role,
): boolean {
  if (submitters.users.length + submitters.groups.length === 0)
    return roleAllows(roleOnPipeline, 'run:trigger');
  return submitters.users.includes(user.username) || submitters.groups.some((g) => userGroups.includes(g));
}

/** Whether the gate names this user (directly or through a group): what makes it a todo. */
export function namesSubmitter(submitters: GateSubmitters, user: { username: string }, userGroups: string[]) {
  return submitters.users.includes(user.username) || submitters.groups.some((g) => userGroups.includes(g));
}

export function submittersText(submitters: GateSubmitters): string {
  return [...submitters.users, ...submitters.groups].join(', ') || 'users who may trigger runs';
}
