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
  online: Type.Boolean({ description: 'Offline environments accept no deploys' }),
  namespace: Namespace,
  kubeconfigCredentialId: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
    description: 'Jenkins credential holding the kubeconfig',
  }),
};

export const EnvironmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  online: Type.Boolean(),
  namespace: Type.String(),
  kubeconfigCredentialId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant(),
});
export type Environment = Static<typeof EnvironmentSchema>;

export const NewEnvironmentBody = Type.Object(
  {
    name: EnvironmentFields.name,
    online: Type.Optional(EnvironmentFields.online),
    namespace: Type.Optional(EnvironmentFields.namespace),
    kubeconfigCredentialId: Type.Optional(EnvironmentFields.kubeconfigCredentialId),
  },
  { additionalProperties: false },
);

export const EnvironmentChangesBody = Type.Partial(Type.Object(EnvironmentFields), {
  additionalProperties: false,
  minProperties: 1,
});
