import { stringify } from 'yaml';
import { jenkinsPermissionsOf, ROLES, type Role } from './permissions.js';
import { BUILT_IN_ROLES } from './roles.js';

/** Who holds each built-in role in Jenkins: its local users and the groups of the realm. */
const JENKINS_ENTRIES: Record<Role, ({ user: string } | { group: string })[]> = {
  admin: [{ user: 'admin' }],
  // The service's own user creates, changes and deletes pipeline jobs and folders, triggers and
  // stops builds and answers inputs (docs/jenkins.md): maintainer's Job/Delete is what it needs
  // beyond a developer.
  maintainer: [{ group: 'maintainers' }, { user: 'pipewright' }],
  developer: [{ group: 'developers' }],
  tester: [{ group: 'testers' }],
  viewer: [{ group: 'authenticated' }],
};

export const ROLES_BEGIN =
  '  # BEGIN generated roles: from service/auth/permissions.ts by `npm run generate:casc`; do not edit.';
export const ROLES_END = '  # END generated roles';

/**
 * The `authorizationStrategy` block of casc/jenkins.yaml: the five built-in roles with the
 * Jenkins permissions the permission catalogue gives them, strongest first, between the
 * BEGIN/END markers (two spaces in, under `jenkins:`).
 */
export function renderJenkinsRoles(): string {
  const global = [...ROLES].reverse().map((name) => {
    const role = BUILT_IN_ROLES.find((r) => r.name === name)!;
    return {
      name,
      description: role.description,
      permissions: jenkinsPermissionsOf(role.permissions),
      entries: JENKINS_ENTRIES[name],
    };
  });
  const yaml = stringify({ authorizationStrategy: { roleBased: { roles: { global } } } }, { lineWidth: 0 });
  const indented = yaml
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `${ROLES_BEGIN}\n${indented}\n${ROLES_END}\n`;
}

/** jenkins.yaml with its generated roles block replaced; throws when the markers are missing. */
export function withJenkinsRoles(jenkinsYaml: string): string {
  const begin = jenkinsYaml.indexOf(ROLES_BEGIN);
  const end = jenkinsYaml.indexOf(ROLES_END);
  if (begin < 0 || end < begin) throw new Error('casc/jenkins.yaml lacks the generated-roles markers');
  return jenkinsYaml.slice(0, begin) + renderJenkinsRoles() + jenkinsYaml.slice(end + ROLES_END.length + 1);
}
