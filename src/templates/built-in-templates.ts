import type { AgentModel, PipelineModel, StageModel } from '../model/pipeline-schema.js';
import { libraryStep } from '../model/library-steps.js';
import { MODEL_DEFAULTS } from '../model/model-defaults.js';
import { groovyString } from '../groovy/groovy-literal.js';
import { LANGUAGES, type Language, type TemplateOptions } from './template-options.js';

export interface PipelineTemplate {
  name: string;
  title: string;
  description: string;
  create(options: TemplateOptions): PipelineModel;
}

function language(o: TemplateOptions): Language {
  return o.language ?? 'node';
}

/** One pod per build: the language container plus the tool containers the stages need. */
function podAgent(o: TemplateOptions, tools: string[]): AgentModel {
  if (o.local) return 'any';
  return { podTemplate: [language(o), ...tools].join(' '), defaultContainer: language(o) };
}

function base(o: TemplateOptions, tools: string[]): PipelineModel {
  const model: PipelineModel = {
    name: o.name,
    group: o.group ?? MODEL_DEFAULTS.group,
    triggers: [{ type: 'manual' }],
    agent: podAgent(o, tools),
    options: { timeoutMinutes: 60, keepBuilds: 30, disableConcurrentBuilds: true },
    stages: [],
  };
  if (o.git) {
    const branch = o.branch ?? MODEL_DEFAULTS.sourceBranch;
    model.source = { git: o.git, branch };
    if (o.gitCredentialsId) model.source.credentialsId = o.gitCredentialsId;
    model.triggers!.push({ type: 'push', branches: [branch] });
  }
  return model;
}

function testAndBuild(o: TemplateOptions): StageModel[] {
  const defaults = LANGUAGES[language(o)];
  return [
    { name: 'Test', steps: [{ sh: o.testCommand ?? defaults.test }] },
    { name: 'Build', steps: [{ sh: o.buildCommand ?? defaults.build }] },
  ];
}

function imageStage(o: TemplateOptions): StageModel {
  const step = libraryStep('buildImage', {
    image: o.imageName ?? o.name,
    credentialsId: o.registryCredentialsId ?? 'registry-credentials',
    ...(o.registry ? { registry: o.registry } : {}),
  });
  const stage: StageModel = { name: 'Build image', steps: [step] };
  if (!o.local) stage.container = 'kaniko';
  return stage;
}

function deployStage(o: TemplateOptions): StageModel {
  const environment = o.environment ?? 'staging';
  const image = `${o.registry ? o.registry + '/' : ''}${o.imageName ?? o.name}`;
  const deploy = libraryStep('deployToKubernetes', {
    environment,
    namespace: o.namespace ?? environment,
    deployment: o.deployment ?? o.name,
    // The tag is known only at run time; the user's part still goes through the escaping module.
    image: { expression: `${groovyString(image + ':')} + (env.GIT_COMMIT ?: env.BUILD_NUMBER)` },
    strategy: o.strategy ?? 'rolling',
  });
  const stage: StageModel = { name: `Deploy to ${environment}`, steps: [deploy] };
  if (!o.local) stage.container = 'kubectl';
  if (o.approvers?.length) {
    stage.gate = {
      message: `Deploy ${o.name} to ${environment}?`,
      ok: 'Deploy',
      submitters: { users: o.approvers },
      timeoutMinutes: 60,
    };
  }
  return stage;
}

export const BUILT_IN_TEMPLATES: readonly PipelineTemplate[] = [
  {
    name: 'test-build',
    title: 'Test and build',
    description: 'Runs the tests, then the build, in the language container.',
    create: (o) => ({ ...base(o, []), stages: testAndBuild(o) }),
  },
  {
    name: 'test-build-image',
    title: 'Test, build and build an image',
    description: 'Tests and builds, then builds and pushes a container image with kaniko.',
    create: (o) => ({ ...base(o, ['kaniko']), stages: [...testAndBuild(o), imageStage(o)] }),
  },
  {
    name: 'test-build-image-deploy',
    title: 'Test, build, build an image and deploy to Kubernetes',
    description:
      'Adds a deploy to the namespace of an environment, behind an approval gate when approvers are given.',
    create: (o) => ({
      ...base(o, ['kaniko', 'kubectl']),
      stages: [...testAndBuild(o), imageStage(o), deployStage(o)],
    }),
  },
  {
    name: 'custom',
    title: 'Custom',
    description: 'A one-stage starting point to edit.',
    create: (o) => ({
      ...base(o, []),
      stages: [{ name: 'Build', steps: [{ sh: o.buildCommand ?? 'echo "Describe your build here"' }] }],
    }),
  },
];

export function findTemplate(name: string): PipelineTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.name === name);
}
