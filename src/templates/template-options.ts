import { Type, type Static } from '@sinclair/typebox';

/** Languages with a tools container in the pod templates of resources/ and casc/. */
export const LANGUAGES = {
  node: { test: 'npm ci && npm test', build: 'npm run build --if-present' },
  maven: { test: 'mvn -B test', build: 'mvn -B package -DskipTests' },
  go: { test: 'go test ./...', build: 'go build ./...' },
  python: {
    test: 'pip install -r requirements.txt && python -m pytest',
    build: 'python -m pip wheel --no-deps -w dist .',
  },
} as const;

export type Language = keyof typeof LANGUAGES;

/** Options every built-in template takes; each template reads the ones it needs. */
export const TemplateOptionsSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Pipeline name' }),
    group: Type.Optional(Type.String({ description: '@default development' })),
    language: Type.Optional(
      Type.Union([Type.Literal('node'), Type.Literal('maven'), Type.Literal('go'), Type.Literal('python')], {
        description: '@default node',
      }),
    ),
    git: Type.Optional(Type.String({ description: 'Repository URL to check out' })),
    branch: Type.Optional(Type.String({ description: '@default main' })),
    gitCredentialsId: Type.Optional(Type.String()),
    testCommand: Type.Optional(Type.String({ description: "@default the language's usual test command" })),
    buildCommand: Type.Optional(Type.String({ description: "@default the language's usual build command" })),
    imageName: Type.Optional(
      Type.String({ description: 'Image repository, e.g. team/app. @default the pipeline name' }),
    ),
    registry: Type.Optional(Type.String({ description: 'Registry host. @default none (Docker Hub)' })),
    registryCredentialsId: Type.Optional(Type.String({ description: '@default registry-credentials' })),
    environment: Type.Optional(Type.String({ description: 'Target environment. @default staging' })),
    namespace: Type.Optional(Type.String({ description: '@default the environment name' })),
    deployment: Type.Optional(
      Type.String({ description: 'Deployment to update. @default the pipeline name' }),
    ),
    strategy: Type.Optional(
      Type.Union([Type.Literal('rolling'), Type.Literal('canary'), Type.Literal('blue-green')], {
        description: '@default rolling',
      }),
    ),
    approvers: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Users or groups who approve the deploy; none means no gate',
      }),
    ),
    local: Type.Optional(
      Type.Boolean({
        description: 'Run on any agent with plain shell steps (no pod template). @default false',
      }),
    ),
  },
  { additionalProperties: false },
);

export type TemplateOptions = Static<typeof TemplateOptionsSchema>;
