import {
  findTemplate,
  groovyString,
  type AgentModel,
  type ParameterModel,
  type PipelineModel,
  type StageModel,
  type StepModel,
} from '../../src/index.js';
import type { StoredRepository } from '../repositories/code-repositories.js';
import type { Environment } from '../schemas/environments.js';
import { DEPLOY_STRATEGIES, RELEASE_TYPES, type ReleaseType } from '../schemas/repositories.js';

/** The template every release pipeline starts from: test, build, image, deploy. */
export const RELEASE_TEMPLATE = 'test-build-image-deploy';

/**
 * The parameters the service starts a release run with; one table, read by the pipeline
 * builder and by the release service.
 */
export const RELEASE_PARAMETERS = {
  VERSION: 'Version number; also the image tag',
  GIT_REF: 'Branch, tag or commit id the release asked for',
  COMMIT_ID: 'Commit the ref resolved to; what is built',
  RELEASE_TYPE: 'offline (test) or online (production)',
  IMAGE: 'Image name:tag built and deployed',
  STRATEGY: 'Deploy strategy',
  BUILD: "'false' for a rollback: deploy IMAGE as it is",
  DEPLOY_TO: "offline, online, or 'none' for a candidate build",
} as const;
export type ReleaseParameters = Record<keyof typeof RELEASE_PARAMETERS, string>;

/** Files the local deployers write and archive: what was built and what was deployed. */
export const IMAGE_RECORD = 'image.json';
export const DEPLOY_RECORD = 'deployment.json';
/** A local image command may write the pushed image's digest here. */
export const IMAGE_DIGEST_FILE = 'image-digest.txt';

export const releasePipelineName = (repository: Pick<StoredRepository, 'identifier'>) =>
  `${repository.identifier}-release`;

/** The image a version of the repository is: `[registry/]name:version`. */
export function imageOf(repository: StoredRepository, version: string): string {
  const { registry, imageName } = repository.build;
  return `${registry ? `${registry}/` : ''}${imageName ?? repository.identifier}:${version}`;
}

/** The deployer a repository uses: its choice, else `record` for local releases. */
export const deployerOf = (repository: StoredRepository) =>
  repository.release.deployer ?? (repository.basic.local ? 'record' : 'kubernetes');

/** The environment a release of `type` deploys to, or null when the repository names none. */
export function targetOf(
  repository: StoredRepository,
  type: ReleaseType,
  environments: Environment[],
): Environment | null {
  const name = repository.release.environments?.[type];
  return name === undefined ? null : (environments.find((e) => e.name === name) ?? null);
}

const when = (name: keyof typeof RELEASE_PARAMETERS, value: string) => ({ environment: { name, value } });

function parameters(repository: StoredRepository): ParameterModel[] {
  const text = (name: keyof typeof RELEASE_PARAMETERS, value = ''): ParameterModel => ({
    name,
    type: 'string',
    default: value,
    description: RELEASE_PARAMETERS[name],
  });
  // Jenkins takes a choice parameter's first choice as its default.
  const choice = (name: keyof typeof RELEASE_PARAMETERS, choices: string[]): ParameterModel => ({
    name,
    type: 'choice',
    choices,
    description: RELEASE_PARAMETERS[name],
  });
  const strategy = repository.release.strategy ?? 'rolling';
  return [
    text('VERSION'),
    text('GIT_REF', repository.basic.defaultBranch ?? 'main'),
    text('COMMIT_ID'),
    choice('RELEASE_TYPE', [...RELEASE_TYPES]),
    text('IMAGE'),
    choice('STRATEGY', [strategy, ...DEPLOY_STRATEGIES.filter((s) => s !== strategy)]),
    choice('BUILD', ['true', 'false']),
    choice('DEPLOY_TO', [...RELEASE_TYPES, 'none']),
  ];
}

/**
 * Builds may run as another user than a local repository's owner (the service as root, builds as
 * nobody), and git refuses to serve such a repository ("dubious ownership"). The repository is
 * the registered one, so the clone trusts it; only for local paths, where upload-pack runs here.
 */
function localUploadPack(url: string): string {
  return /^(file:\/\/|\/)/.test(url) ? ` --upload-pack="git -c safe.directory='*' upload-pack"` : '';
}

/** The exact commit, never a moving branch: a release builds what its version records. */
function checkoutStage(repository: StoredRepository): StageModel {
  if (repository.basic.local)
    return {
      name: 'Checkout',
      environment: { GIT_URL: repository.gitUrl },
      steps: [
        {
          sh: `git clone -q${localUploadPack(repository.gitUrl)} --no-checkout "$GIT_URL" . && git checkout -q --detach "$COMMIT_ID"`,
        },
      ],
    };
  const credentials = repository.credentialsId
    ? `, credentialsId: ${groovyString(repository.credentialsId)}`
    : '';
  return {
    name: 'Checkout',
    steps: [
      {
        step: 'checkout',
        with: {
          scm: {
            expression: `scmGit(branches: [[name: params.COMMIT_ID]], userRemoteConfigs: [[url: ${groovyString(repository.gitUrl)}${credentials}]])`,
          },
        },
      },
    ],
  };
}

/** Local image stage: the repository's command (if any), then a record of the image. */
function localImageSteps(repository: StoredRepository): StepModel[] {
  return [
    ...(repository.build.imageCommand ? [{ sh: repository.build.imageCommand }] : []),
    {
      sh: [
        `digest=""; if [ -f ${IMAGE_DIGEST_FILE} ]; then digest=$(tr -cd 'A-Za-z0-9:@._/-' < ${IMAGE_DIGEST_FILE}); fi`,
        `printf '{"image":"%s","version":"%s","commit":"%s","built":%s,"digest":"%s"}\\n' "$IMAGE" "$VERSION" "$COMMIT_ID" "${repository.build.imageCommand ? 'true' : 'false'}" "$digest" > ${IMAGE_RECORD}`,
      ].join('\n'),
      label: 'record the image',
    },
    { step: 'archiveArtifacts', with: { artifacts: IMAGE_RECORD } },
  ];
}

function deploySteps(repository: StoredRepository, target: Environment, namespace: string): StepModel[] {
  const deployer = deployerOf(repository);
  if (deployer === 'record')
    return [
      {
        sh: `printf '{"image":"%s","version":"%s","type":"%s","environment":"%s","namespace":"%s","strategy":"%s","commit":"%s"}\\n' "$IMAGE" "$VERSION" "$RELEASE_TYPE" "$RELEASE_ENVIRONMENT" "$NAMESPACE" "$STRATEGY" "$COMMIT_ID" > ${DEPLOY_RECORD}`,
        label: 'record what would be deployed',
      },
      { step: 'archiveArtifacts', with: { artifacts: DEPLOY_RECORD } },
    ];
  if (deployer === 'command') return [{ sh: repository.release.deployCommand! }];
  const { canary, manifests } = repository.release;
  return [
    {
      step: 'deployToKubernetes',
      with: {
        environment: target.name,
        namespace,
        deployment: repository.release.deployment ?? repository.identifier,
        image: { expression: 'params.IMAGE' },
        strategy: { expression: 'params.STRATEGY' },
        ...(manifests ? { manifests } : {}),
        ...(canary?.pods ? { maxSurge: canary.pods } : {}),
        ...(canary?.check ? { canaryCheck: canary.check } : {}),
        ...(canary?.approval !== undefined ? { canaryApproval: canary.approval } : {}),
        ...(target.kubeconfigCredentialId ? { kubeconfigCredentialsId: target.kubeconfigCredentialId } : {}),
      },
    },
  ];
}

/**
 * One deploy stage per release type, named after its environment: the config centre's
 * protection rules (runs/deploy-policy.ts) find the target by that name, so an online release
 * waits for the environment's approvers like any other deploy there.
 */
function deployStages(repository: StoredRepository, environments: Environment[]): StageModel[] {
  return RELEASE_TYPES.flatMap((type) => {
    const target = targetOf(repository, type, environments);
    if (!target) return [];
    const namespace = repository.release.namespace ?? target.namespace;
    const stage: StageModel = {
      name: `Deploy to ${target.name}`,
      when: when('DEPLOY_TO', type),
      environment: { RELEASE_ENVIRONMENT: target.name, NAMESPACE: namespace },
      steps: deploySteps(repository, target, namespace),
    };
    if (!repository.basic.local && deployerOf(repository) === 'kubernetes') stage.container = 'kubectl';
    return [stage];
  });
}

/** The build's own image, in the pod beside the tool containers the template asks for. */
function buildAgent(repository: StoredRepository, agent: AgentModel | undefined): AgentModel | undefined {
  if (repository.basic.local || !repository.buildImage) return agent;
  return {
    podTemplate: 'kaniko kubectl',
    defaultContainer: 'build',
    yaml: `spec:\n  containers:\n    - name: build\n      image: ${JSON.stringify(repository.buildImage)}\n      command: [cat]\n      tty: true\n`,
  };
}

/**
 * The release pipeline of a repository, made from the built-in test-build-image-deploy template
 * and adapted to releases: the exact commit is checked out, test, build and image are skipped
 * for a rollback (BUILD=false), and one deploy stage per release type runs as DEPLOY_TO says.
 * `environments` is the config centre's list; environments the repository names but that do not
 * exist give no deploy stage (registration refuses them).
 */
export function releasePipelineModel(
  repository: StoredRepository,
  environments: Environment[],
): PipelineModel {
  const { basic, build } = repository;
  const template = findTemplate(RELEASE_TEMPLATE)!.create({
    name: releasePipelineName(repository),
    group: basic.group ?? 'development',
    local: basic.local ?? false,
    ...(build.language ? { language: build.language } : {}),
    ...(build.testCommand ? { testCommand: build.testCommand } : {}),
    ...(build.buildCommand ? { buildCommand: build.buildCommand } : {}),
    imageName: build.imageName ?? repository.identifier,
    ...(build.registry ? { registry: build.registry } : {}),
    ...(build.registryCredentialsId ? { registryCredentialsId: build.registryCredentialsId } : {}),
  });
  const [test, compile, image] = template.stages as [StageModel, StageModel, StageModel];
  const buildImage = image.steps![0] as Extract<StepModel, { step: string }>;
  const imageStage: StageModel = basic.local
    ? { name: image.name, steps: localImageSteps(repository) }
    : {
        ...image,
        steps: [
          {
            ...buildImage,
            with: {
              ...buildImage.with,
              tags: { expression: '[params.VERSION]' },
              ...(build.dockerfile ? { dockerfile: build.dockerfile } : {}),
            },
          },
        ],
      };
  const onlyWhenBuilding = (stage: StageModel): StageModel => ({ ...stage, when: when('BUILD', 'true') });
  const agent = buildAgent(repository, template.agent);
  return {
    ...template,
    description: `Release pipeline of code repository ${repository.identifier} (${repository.name}), made by pipewright from the ${RELEASE_TEMPLATE} template`,
    ...(agent ? { agent } : {}),
    triggers: [{ type: 'manual' }, { type: 'api' }],
    parameters: parameters(repository),
    stages: [
      checkoutStage(repository),
      ...[test, compile, imageStage].map(onlyWhenBuilding),
      ...deployStages(repository, environments),
    ],
  };
}
