/**
 * The one permission catalogue. The service's access rules, the built-in roles, the custom roles
 * an admin composes, the roles in casc/jenkins.yaml and the roles pushed to Jenkins' role-strategy
 * plugin are all derived from this table, so the service and Jenkins grant the same rights.
 */

/** Built-in roles, weakest first; each holds every permission of the ones before it. */
export const ROLES = ['viewer', 'tester', 'developer', 'maintainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

interface PermissionEntry {
  /** What the permission lets a person do, for the role-management screens. */
  description: string;
  /** The weakest built-in role that holds it. */
  lowestRole: Role;
  /** Jenkins permissions (role-strategy's Group/Name spelling) that give the same right there. */
  jenkins: readonly JenkinsPermission[];
}

/** Jenkins permission names as casc writes them, with the ids role-strategy's REST API takes. */
export const JENKINS_PERMISSION_IDS = {
  'Overall/Administer': 'hudson.model.Hudson.Administer',
  'Overall/Read': 'hudson.model.Hudson.Read',
  'Job/Read': 'hudson.model.Item.Read',
  'Job/Build': 'hudson.model.Item.Build',
  'Job/Cancel': 'hudson.model.Item.Cancel',
  'Job/Configure': 'hudson.model.Item.Configure',
  'Job/Create': 'hudson.model.Item.Create',
  'Job/Delete': 'hudson.model.Item.Delete',
  'Run/Replay': 'hudson.model.Run.Replay',
  'Credentials/View': 'com.cloudbees.plugins.credentials.CredentialsProvider.View',
} as const;
export type JenkinsPermission = keyof typeof JENKINS_PERMISSION_IDS;

export const PERMISSION_CATALOGUE = {
  'pipeline:read': {
    description: 'Read pipelines, runs, logs, artifacts, templates, groups and announcements',
    lowestRole: 'viewer',
    jenkins: ['Overall/Read', 'Job/Read'],
  },
  'environment:read': { description: 'Read environments', lowestRole: 'viewer', jenkins: [] },
  'run:trigger': {
    description: 'Start and rerun runs, post run events',
    lowestRole: 'tester',
    jenkins: ['Job/Build'],
  },
  'test:write': {
    description: 'Manage test case groups, test cases and test plans',
    lowestRole: 'tester',
    jenkins: [],
  },
  'run:cancel': { description: 'Cancel runs', lowestRole: 'developer', jenkins: ['Job/Cancel'] },
  'pipeline:write': {
    description: 'Create and edit pipelines (in Jenkins: configure, create and replay jobs)',
    lowestRole: 'developer',
    jenkins: ['Job/Configure', 'Job/Create', 'Run/Replay'],
  },
  'pipeline:delete': { description: 'Delete pipelines', lowestRole: 'maintainer', jenkins: ['Job/Delete'] },
  'pipeline:protected-write': {
    description:
      'Create, change and delete pipelines in protected groups (those an environment restricts its deploys to)',
    lowestRole: 'maintainer',
    jenkins: [],
  },
  'template:write': { description: 'Save and delete templates', lowestRole: 'maintainer', jenkins: [] },
  'environment:write': {
    description: 'Manage environments and see the credentials they use',
    lowestRole: 'maintainer',
    jenkins: ['Credentials/View'],
  },
  'announcement:write': {
    description: 'Post and remove announcements',
    lowestRole: 'maintainer',
    jenkins: [],
  },
  'group:write': { description: 'Manage user groups and their grants', lowestRole: 'admin', jenkins: [] },
  'user:admin': {
    description: 'Manage users and roles (in Jenkins: administer)',
    lowestRole: 'admin',
    jenkins: ['Overall/Administer'],
  },
  'repository:write': {
    description: 'Register and configure code repositories, and see the git credentials they may use',
    lowestRole: 'developer',
    jenkins: [],
  },
  'repository:delete': {
    description: 'Remove code repositories and their versions',
    lowestRole: 'maintainer',
    jenkins: [],
  },
  'release:offline': {
    description: 'Release versions to offline (test) environments',
    lowestRole: 'developer',
    jenkins: [],
  },
  'release:online': {
    description: 'Release versions to online (production) environments, and roll them back',
    lowestRole: 'maintainer',
    jenkins: [],
  },
  'credential:write': {
    description: 'Store and remove git credentials (write-only: secrets are never shown)',
    lowestRole: 'maintainer',
    jenkins: [],
  },
  'settings:write': { description: 'Change system settings', lowestRole: 'admin', jenkins: [] },
  'audit:read': { description: 'Read the login log', lowestRole: 'admin', jenkins: [] },
} as const satisfies Record<string, PermissionEntry>;

export type Permission = keyof typeof PERMISSION_CATALOGUE;
export const PERMISSIONS = Object.keys(PERMISSION_CATALOGUE) as Permission[];

export const BUILT_IN_ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Read only',
  tester: 'Trigger and rerun runs',
  developer: 'Create and edit pipelines, cancel runs',
  maintainer: 'Delete pipelines, manage templates, environments and announcements',
  admin: 'Everything, including users, roles, settings and Jenkins itself',
};

/** The Jenkins permissions a set of pipewright permissions amounts to, in catalogue order, once each. */
export function jenkinsPermissionsOf(permissions: Iterable<Permission>): JenkinsPermission[] {
  const wanted = new Set(permissions);
  const out = new Set<JenkinsPermission>();
  for (const permission of PERMISSIONS)
    if (wanted.has(permission)) for (const j of PERMISSION_CATALOGUE[permission].jenkins) out.add(j);
  // Administer implies every other Jenkins permission; listing them beside it says nothing more.
  return out.has('Overall/Administer') ? ['Overall/Administer'] : [...out];
}
