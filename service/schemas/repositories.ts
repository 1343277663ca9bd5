import { Type, type Static } from '@sinclair/typebox';
import { TemplateOptionsSchema } from '../../src/index.js';
import { RUN_STATUSES } from '../runs/statuses.js';
import { Instant, StringEnum } from './common.js';

/** Where a version goes: offline is a test environment, online is production. */
export const RELEASE_TYPES = ['offline', 'online'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

/** Which part of the last version's number a release raises. */
export const BUMP_LEVELS = ['patch', 'minor', 'major'] as const;
export type BumpLevel = (typeof BUMP_LEVELS)[number];

/** The deployToKubernetes strategies a release may choose (rollback is a release of an earlier version). */
export const DEPLOY_STRATEGIES = ['rolling', 'canary', 'blue-green'] as const;

/**
 * How the release pipeline deploys: `kubernetes` with the shared library's deployToKubernetes
 * (needs Jenkins), `record` writes what it would deploy to `deployment.json` and archives it
 * (the local executor; a dry run), `command` runs the repository's own deploy command.
 */
export const DEPLOYERS = ['kubernetes', 'record', 'command'] as const;

/** A version's build status: its release run's status. */
export const VERSION_STATUSES = RUN_STATUSES;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

const Name = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, description });
const Command = (description: string) => Type.String({ minLength: 1, maxLength: 10_000, description });
/** Image repository as buildImage takes it. */
const ImageName = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[a-z0-9]+([._/-][a-z0-9]+)*$',
  description: 'Image repository, e.g. team/app. @default the identifier',
});
export const SEMVER_PATTERN = '^(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})$';

export const RepositoryBasicSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 2000, description: '@default empty' })),
    group: Type.Optional(Name('Pipeline group of the release pipeline. @default development')),
    defaultBranch: Type.Optional(Name('Branch a release takes when it names no ref. @default main')),
    local: Type.Optional(
      Type.Boolean({
        description:
          'Release with the local executor: plain shell steps, no pod templates, a checkout by shell. @default false',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RepositoryBuildSchema = Type.Object(
  {
    // The built-in templates' own list: a language they do not know cannot be registered.
    language: TemplateOptionsSchema.properties.language,
    testCommand: Type.Optional(Command("@default the language's test command")),
    buildCommand: Type.Optional(Command("@default the language's build command")),
    dockerfile: Type.Optional(Name('Dockerfile path, relative to the repository root. @default Dockerfile')),
    imageName: Type.Optional(ImageName),
    registry: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*$',
        description: 'Registry host (and path). @default none (Docker Hub)',
      }),
    ),
    registryCredentialsId: Type.Optional(
      Name('Jenkins credential for the registry. @default registry-credentials'),
    ),
    imageCommand: Type.Optional(
      Command(
        'Local releases only: builds the image ($IMAGE is the name:tag to build). @default record the image it would build in image.json',
      ),
    ),
  },
  { additionalProperties: false },
);

export const RepositoryReleaseSchema = Type.Object(
  {
    environments: Type.Optional(
      Type.Object(
        {
          offline: Type.Optional(Name('Config-centre environment offline releases deploy to (not online)')),
          online: Type.Optional(Name('Config-centre environment online releases deploy to (an online one)')),
        },
        { additionalProperties: false },
      ),
    ),
    strategy: Type.Optional(StringEnum(DEPLOY_STRATEGIES, { description: '@default rolling' })),
    canary: Type.Optional(
      Type.Object(
        {
          pods: Type.Optional(Name('Canary pods started beside the old ones (maxSurge). @default 1', 20)),
          check: Type.Optional(Command('Shell command that must succeed before the canary is promoted')),
          approval: Type.Optional(
            Type.Boolean({ description: 'Ask a person before promoting. @default true' }),
          ),
        },
        {
          additionalProperties: false,
          description: 'The canary steps: start canary pods, run the check, ask for approval, promote',
        },
      ),
    ),
    namespace: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 63,
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        description: "Kubernetes namespace. @default the environment's namespace",
      }),
    ),
    deployment: Type.Optional(Name('Deployment to update. @default the identifier')),
    manifests: Type.Optional(Name('Manifest file or directory applied before the image is set')),
    deployer: Type.Optional(
      StringEnum(DEPLOYERS, { description: '@default kubernetes (record when local)' }),
    ),
    deployCommand: Type.Optional(
      Command(
        'deployer command: the deploy ($IMAGE, $VERSION, $RELEASE_ENVIRONMENT, $NAMESPACE, $STRATEGY are set)',
      ),
    ),
    firstVersion: Type.Optional(
      Type.String({ pattern: SEMVER_PATTERN, description: 'Number of the first version. @default 1.0.0' }),
    ),
  },
  { additionalProperties: false },
);

export type RepositoryBasic = Static<typeof RepositoryBasicSchema>;
export type RepositoryBuild = Static<typeof RepositoryBuildSchema>;
export type RepositoryRelease = Static<typeof RepositoryReleaseSchema>;

const Identifier = Type.String({
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$',
  description: 'Unique, URL-safe: lower-case letters, digits and inner dashes',
});
const GitUrl = Type.String({
  minLength: 1,
  maxLength: 2000,
  pattern: '^(https?://|ssh://|git://|file://|[A-Za-z0-9._-]+@[A-Za-z0-9._-]+:)[^\\s]+$',
  description: 'Clone URL (https, ssh, git@host:path, file); credentials go in credentialsId, never the URL',
});

const RepositoryFields = {
  name: Name('Application name'),
  gitUrl: GitUrl,
  credentialsId: Type.Union([Name('Stored git credential (PUT /api/git-credentials/:id)'), Type.Null()]),
  buildImage: Type.Union([
    Name('Container image the build runs in. @default the language container'),
    Type.Null(),
  ]),
  basic: RepositoryBasicSchema,
  build: RepositoryBuildSchema,
  release: RepositoryReleaseSchema,
  recordPushCandidates: Type.Boolean({
    description: 'A push to this repository records a candidate build on the offline side. @default false',
  }),
};

export const CreateRepositoryBody = Type.Object(
  {
    identifier: Identifier,
    owner: Type.Optional(Name('Username of the owner. @default the caller', 100)),
    ...RepositoryFields,
    credentialsId: Type.Optional(RepositoryFields.credentialsId),
    buildImage: Type.Optional(RepositoryFields.buildImage),
    basic: Type.Optional(RepositoryBasicSchema),
    build: Type.Optional(RepositoryBuildSchema),
    release: Type.Optional(RepositoryReleaseSchema),
    recordPushCandidates: Type.Optional(RepositoryFields.recordPushCandidates),
  },
  { additionalProperties: false },
);
export type CreateRepositoryBody = Static<typeof CreateRepositoryBody>;

export const UpdateRepositoryBody = Type.Partial(
  Type.Object({ owner: Name('Username of the owner', 100), ...RepositoryFields }),
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateRepositoryBody = Static<typeof UpdateRepositoryBody>;

export const VersionSchema = Type.Object({
  id: Type.String(),
  repositoryId: Type.String(),
  type: StringEnum(RELEASE_TYPES),
  number: Type.String({ description: 'Semantic version, allocated by the service' }),
  ref: Type.String({ description: 'The branch, tag or commit id asked for' }),
  commitId: Type.String(),
  commitMessage: Type.String(),
  commitAuthor: Type.String(),
  branch: Type.Union([Type.String(), Type.Null()]),
  tag: Type.Union([Type.String(), Type.Null()]),
  publisher: Type.String({ description: 'Who released it (username), or the pushing author' }),
  environment: Type.Union([Type.String(), Type.Null()], { description: 'Where it was deployed' }),
  strategy: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(VERSION_STATUSES, { description: "Build status: the release run's status" }),
  runId: Type.Union([Type.String(), Type.Null()]),
  image: Type.Union([Type.String(), Type.Null()], { description: 'Image name:tag it produced' }),
  imageDigest: Type.Union([Type.String(), Type.Null()]),
  buildUrl: Type.Union([Type.String(), Type.Null()], {
    description: "The build's page (Jenkins' when Jenkins ran it)",
  }),
  rollbackOf: Type.Union([Type.String(), Type.Null()], {
    description: 'Version whose image this release deployed again',
  }),
  candidate: Type.Boolean({ description: 'Recorded from a push, not released by a person' }),
  createdAt: Instant(),
});
export type Version = Static<typeof VersionSchema>;

export const RepositorySchema = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  owner: Type.Union([Type.String(), Type.Null()], { description: 'Username of the owner' }),
  ...RepositoryFields,
  pipelineId: Type.Union([Type.String(), Type.Null()], { description: 'The release pipeline' }),
  latest: Type.Object(
    {
      offline: Type.Union([VersionSchema, Type.Null()]),
      online: Type.Union([VersionSchema, Type.Null()]),
    },
    { description: 'Latest version per release type' },
  ),
  createdAt: Instant(),
  updatedAt: Instant(),
});
export type CodeRepository = Static<typeof RepositorySchema>;

export const RepositoryListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name or identifier' }),
    ),
  },
  { additionalProperties: false },
);
export type RepositoryListQuery = Static<typeof RepositoryListQuery>;

export const VersionListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'nextCursor of the previous page' }),
    ),
    number: Type.Optional(
      Type.String({
        pattern: '^[0-9]+(\\.[0-9]+){0,2}\\.?$',
        description: 'Version number or its start (1.4 finds 1.4.x)',
      }),
    ),
    publisher: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Username of the publisher' }),
    ),
    commitId: Type.Optional(
      Type.String({
        pattern: '^[0-9a-fA-F]{4,40}$',
        description: 'Commit id or its start (4 or more hex digits)',
      }),
    ),
    branch: Type.Optional(Type.String({ minLength: 1, maxLength: 250 })),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 250 })),
    type: Type.Optional(StringEnum(RELEASE_TYPES)),
    status: Type.Optional(StringEnum(VERSION_STATUSES)),
  },
  { additionalProperties: false },
);
export type VersionListQuery = Static<typeof VersionListQuery>;

export const VersionPage = Type.Object({
  items: Type.Array(VersionSchema),
  total: Type.Integer({ minimum: 0, description: 'Versions matching the filters in all' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description:
      'Pass as cursor for the next page; null on the last. Pages never repeat or skip a version when new ones arrive',
  }),
});

export const ReleaseBody = Type.Object(
  {
    type: StringEnum(RELEASE_TYPES),
    ref: Type.Optional(
      Name('Branch, tag or commit id (full or abbreviated) to release. @default the default branch', 250),
    ),
    fromVersion: Type.Optional(
      Name('Id of an earlier version: deploy its image again without building (rollback, promotion)', 100),
    ),
    bump: Type.Optional(
      StringEnum(BUMP_LEVELS, { description: 'Part of the number to raise. @default patch' }),
    ),
    strategy: Type.Optional(
      StringEnum(DEPLOY_STRATEGIES, { description: "@default the repository's strategy" }),
    ),
  },
  { additionalProperties: false },
);
export type ReleaseBody = Static<typeof ReleaseBody>;

export const ReleaseResponse = Type.Object({
  version: VersionSchema,
  run: Type.Object(
    { id: Type.String(), number: Type.Integer(), pipelineId: Type.String() },
    { description: 'The release run; its stage tree (GET /api/runs/:runId) is the progress' },
  ),
});

export const VersionParams = Type.Object({
  id: Type.String({ minLength: 1 }),
  versionId: Type.String({ minLength: 1 }),
});

export const GitCredentialSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  description: Type.String(),
  updatedAt: Instant(),
});

export const PutGitCredentialBody = Type.Object(
  {
    username: Name('User name git sends (for a token, what the host expects, e.g. oauth2)', 200),
    secret: Type.String({
      minLength: 1,
      maxLength: 10_000,
      description: 'Password or token; never returned',
    }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const GitCredentialParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
});
