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
  /** Whether the user may trigger the run's pipeline (role, custom role or group grant). */
  mayTrigger: boolean,
): boolean {
  if (submitters.users.length + submitters.groups.length === 0) return mayTrigger;
  return submitters.users.includes(user.username) || submitters.groups.some((g) => userGroups.includes(g));
}

/** Whether the gate names this user (directly or through a group): what makes it a todo. */
export function namesSubmitter(submitters: GateSubmitters, user: { username: string }, userGroups: string[]) {
  return submitters.users.includes(user.username) || submitters.groups.some((g) => userGroups.includes(g));
}

export function submittersText(submitters: GateSubmitters): string {
  return [...submitters.users, ...submitters.groups].join(', ') || 'users who may trigger runs';
}
