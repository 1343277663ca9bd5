/**
 * The steps of pipewright's Jenkins shared library (vars/) that templates and pipelines call,
 * with their parameters. The renderer emits only these names and arguments, and the model's
 * validation rejects anything else, so a wrong argument fails before Jenkins sees it.
 *
 * This list lives in src/model because validation needs it and src/model may import nothing
 * outside itself; a later change generates it from vars/ (see docs/pipeline-model.md).
 */

export type LibraryParameterType = 'string' | 'number' | 'boolean' | 'string[]';

export interface LibraryParameter {
  type: LibraryParameterType;
  required?: boolean;
  /** Allowed values, for string parameters. */
  oneOf?: readonly string[];
  description: string;
}

export interface LibraryStep {
  description: string;
  parameters: Readonly<Record<string, LibraryParameter>>;
}

export const LIBRARY_NAME = 'pipewright';

export const LIBRARY_STEPS: Readonly<Record<string, LibraryStep>> = {
  buildImage: {
    description: 'Builds and pushes a container image with kaniko inside the agent pod.',
    parameters: {
      image: { type: 'string', required: true, description: 'Repository of the image, e.g. team/app' },
      registry: { type: 'string', description: 'Registry host, e.g. registry.example.com' },
      context: { type: 'string', description: 'Build context directory (default: .)' },
      dockerfile: {
        type: 'string',
        description: 'Dockerfile path relative to the context (default: Dockerfile)',
      },
      tags: { type: 'string[]', description: 'Tags to push (default: the commit id and latest)' },
      credentialsId: { type: 'string', description: 'Jenkins credential holding the registry login' },
      cache: { type: 'boolean', description: 'Use a kaniko layer cache in the registry' },
    },
  },
  deployToKubernetes: {
    description: 'Deploys to the namespace of an environment and waits for the rollout.',
    parameters: {
      environment: { type: 'string', required: true, description: 'Target environment name' },
      namespace: { type: 'string', description: 'Kubernetes namespace (default: the environment name)' },
      deployment: { type: 'string', description: 'Deployment to update' },
      container: { type: 'string', description: 'Container in the Deployment whose image is set' },
      image: { type: 'string', description: 'Image reference to deploy' },
      manifests: { type: 'string', description: 'Path of manifests to apply instead of setting an image' },
      strategy: {
        type: 'string',
        oneOf: ['rolling', 'canary', 'blue-green', 'rollback'],
        description: 'Deployment strategy (default: rolling)',
      },
      toRevision: { type: 'number', description: 'Revision to roll back to (strategy rollback)' },
      timeoutSeconds: { type: 'number', description: 'How long to wait for the rollout (default: 300)' },
      kubeconfigCredentialsId: { type: 'string', description: 'Jenkins credential holding a kubeconfig' },
    },
  },
  runTestPlan: {
    description: 'Asks the pipewright service to run a test plan for this build and waits for the result.',
    parameters: {
      plan: { type: 'string', required: true, description: 'Test plan id or name' },
      environment: { type: 'string', description: 'Environment the plan runs against' },
      failThreshold: { type: 'number', description: 'Pass rate (0-100) below which the build fails' },
      unstableThreshold: {
        type: 'number',
        description: 'Pass rate (0-100) below which the build is unstable',
      },
      timeoutMinutes: { type: 'number', description: 'How long to wait for the plan (default: 30)' },
    },
  },
  pipewrightNotify: {
    description: 'Reports a run or stage event to the pipewright service; never fails the build.',
    parameters: {
      event: {
        type: 'string',
        required: true,
        oneOf: ['started', 'stage', 'input-pending', 'finished'],
        description: 'What happened',
      },
      stage: { type: 'string', description: 'Stage name, for stage events' },
      status: { type: 'string', description: 'Status to report' },
    },
  },
};

export function isLibraryStep(name: string): boolean {
  return Object.hasOwn(LIBRARY_STEPS, name);
}
