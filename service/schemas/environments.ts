import { Type, type Static } from '@sinclair/typebox';
import { Instant } from './common.js';

/** A Kubernetes namespace name (RFC 1123 label). */
const Namespace = Type.String({
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  description: '@default the environment name',
});

export const EnvironmentFields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
  online: Type.Boolean({
    description: 'Online means production; offline means a test environment',
  }),
  namespace: Namespace,
  kubeconfigCredentialId: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
    description: 'Jenkins credential holding the kubeconfig',
  }),
  approvers: Type.Object(
    {
      users: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200, uniqueItems: true }),
      groups: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200, uniqueItems: true }),
    },
    {
      additionalProperties: false,
      description:
        'Protected environment: every run that deploys here waits for one of these users or group members to approve, whatever its pipeline says',
    },
  ),
  allowedGroups: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
    maxItems: 200,
    uniqueItems: true,
    description:
      'Pipeline groups that may deploy here; empty means any. Changing their pipelines needs maintainer',
  }),
};

export const EnvironmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  online: Type.Boolean(),
  namespace: Type.String(),
  kubeconfigCredentialId: Type.Union([Type.String(), Type.Null()]),
  approvers: EnvironmentFields.approvers,
  allowedGroups: EnvironmentFields.allowedGroups,
  createdAt: Instant(),
});
export type Environment = Static<typeof EnvironmentSchema>;

export const NewEnvironmentBody = Type.Object(
  {
    name: EnvironmentFields.name,
    online: Type.Optional(EnvironmentFields.online),
    namespace: Type.Optional(EnvironmentFields.namespace),
    kubeconfigCredentialId: Type.Optional(EnvironmentFields.kubeconfigCredentialId),
    approvers: Type.Optional(EnvironmentFields.approvers),
    allowedGroups: Type.Optional(EnvironmentFields.allowedGroups),
  },
  { additionalProperties: false },
);

export const EnvironmentChangesBody = Type.Partial(Type.Object(EnvironmentFields), {
  additionalProperties: false,
  minProperties: 1,
});
