import { Type, type Static } from '@sinclair/typebox';

/**
 * The pipewright pipeline model: what a user (or the service's API) writes. One TypeBox schema
 * gives both the TypeScript types (Static<...>) and the JSON Schema the service validates
 * request bodies with. Every optional field documents its default.
 */

const Text = (description: string, extra: object = {}) => Type.String({ description, ...extra });
const Name = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

/** A value the author marks as a Groovy expression, e.g. `"${env.BRANCH_NAME}-${BUILD_NUMBER}"`. */
export const GroovyExpressionSchema = Type.Object(
  { expression: Type.String({ minLength: 1, description: 'Groovy expression, emitted as written' }) },
  { additionalProperties: false },
);

const ArgumentValue = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.String()),
  GroovyExpressionSchema,
]);

export const StepSchema = Type.Union(
  [
    Type.Object(
      {
        sh: Text('Shell command, run with sh on the agent'),
        label: Type.Optional(Text('Label shown for the step in Jenkins')),
      },
      { additionalProperties: false },
    ),
    Type.Object({ echo: Text('Message to print') }, { additionalProperties: false }),
    Type.Object(
      { script: Text('Groovy code for a script { } block, emitted as written') },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        step: Name('Step name: a pipewright library step (buildImage, ...) or any Jenkins step'),
        with: Type.Optional(Type.Record(Type.String(), ArgumentValue, { description: 'Named arguments' })),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'One step: {sh}, {echo}, {script} or {step, with}' },
);

export const SubmittersSchema = Type.Object(
  {
    users: Type.Optional(Type.Array(Name('User id'), { description: '@default []' })),
    groups: Type.Optional(Type.Array(Name('Group name'), { description: '@default []' })),
  },
  { additionalProperties: false },
);

export const ParameterSchema = Type.Object(
  {
    name: Name('Parameter name, a valid environment variable name'),
    type: Type.Union(
      [
        Type.Literal('string'),
        Type.Literal('text'),
        Type.Literal('boolean'),
        Type.Literal('choice'),
        Type.Literal('password'),
      ],
      {
        description: '@default string',
      },
    ),
    default: Type.Optional(
      Type.Union([Type.String(), Type.Boolean()], { description: 'Default value (not for password)' }),
    ),
    choices: Type.Optional(
      Type.Array(Type.String(), { minItems: 1, description: 'Values of a choice parameter' }),
    ),
    description: Type.Optional(Text('Help text')),
  },
  { additionalProperties: false },
);

export const GateSchema = Type.Object(
  {
    message: Name('Question shown to approvers'),
    ok: Type.Optional(Text('Label of the approve button', { minLength: 1 })),
    submitters: Type.Optional(SubmittersSchema),
    parameters: Type.Optional(Type.Array(ParameterSchema)),
    timeoutMinutes: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Abort when nobody answers in time' }),
    ),
  },
  { additionalProperties: false },
);

export const AgentSchema = Type.Union([
  Type.Literal('any'),
  Type.Literal('none'),
  Type.Object(
    {
      label: Type.Optional(Name('Node or pod template label')),
      podTemplate: Type.Optional(Name('Pod template (from casc/) to inherit from')),
      yaml: Type.Optional(Text('Inline pod YAML', { minLength: 1 })),
      defaultContainer: Type.Optional(Name('Container the steps run in')),
      cloud: Type.Optional(Name('Kubernetes cloud name')),
    },
    { additionalProperties: false },
  ),
]);

export const WhenSchema = Type.Object(
  {
    branch: Type.Optional(Name('Branch name or glob')),
    tag: Type.Optional(Name('Tag name or glob')),
    changeset: Type.Optional(Name('Glob of changed files')),
    environment: Type.Optional(
      Type.Object({ name: Name('Variable'), value: Type.String() }, { additionalProperties: false }),
    ),
    expression: Type.Optional(Text('Groovy expression that must be true', { minLength: 1 })),
    buildingTag: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'All given conditions must hold' },
);

const StepList = Type.Array(StepSchema, { minItems: 1 });

export const PostSchema = Type.Object(
  {
    always: Type.Optional(StepList),
    success: Type.Optional(StepList),
    failure: Type.Optional(StepList),
    unstable: Type.Optional(StepList),
    aborted: Type.Optional(StepList),
    changed: Type.Optional(StepList),
    fixed: Type.Optional(StepList),
    regression: Type.Optional(StepList),
    unsuccessful: Type.Optional(StepList),
    cleanup: Type.Optional(StepList),
  },
  { additionalProperties: false },
);

const EnvironmentValue = Type.Union([
  Type.String(),
  GroovyExpressionSchema,
  Type.Object({ credential: Name('Jenkins credential id') }, { additionalProperties: false }),
]);

export const EnvironmentSchema = Type.Record(Type.String(), EnvironmentValue, {
  description: 'NAME: value, NAME: {expression}, or NAME: {credential: id}',
});

export const StageSchema = Type.Recursive(
  (self) =>
    Type.Object(
      {
        name: Name('Stage name, unique among the stages of its block'),
        description: Type.Optional(Text('What the stage is for')),
        steps: Type.Optional(StepList),
        parallel: Type.Optional(
          Type.Array(self, { minItems: 1, description: 'Branches that run at the same time' }),
        ),
        stages: Type.Optional(Type.Array(self, { minItems: 1, description: 'Nested stages run in order' })),
        agent: Type.Optional(AgentSchema),
        container: Type.Optional(Name('Container of the pod the steps run in')),
        when: Type.Optional(WhenSchema),
        environment: Type.Optional(EnvironmentSchema),
        gate: Type.Optional(GateSchema),
        manual: Type.Optional(
          Type.Boolean({ description: 'Run only when the build was started by hand. @default false' }),
        ),
        failFast: Type.Optional(
          Type.Boolean({ description: 'Stop other parallel branches when one fails. @default false' }),
        ),
        timeoutMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
        retry: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
        post: Type.Optional(PostSchema),
      },
      { additionalProperties: false },
    ),
  { $id: 'Stage' },
);

export const TriggerSchema = Type.Union([
  Type.Object({ type: Type.Literal('manual') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('push'),
      branches: Type.Optional(
        Type.Array(Name('Branch name or glob'), {
          description: 'Branch pushes that start the pipeline; [] for none. @default all branches',
        }),
      ),
      tags: Type.Optional(
        Type.Array(Name('Tag name or glob'), {
          description: 'Tag pushes that start the pipeline. @default none: tag pushes start nothing',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('cron'), schedule: Name('Jenkins cron spec, e.g. H 2 * * *') },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('api') }, { additionalProperties: false }),
]);

/**
 * Groovy code around the `pipeline { }` block, emitted as written like a `script` step:
 * `@Library('x') _`, imports, variables, helper methods. Jenkins runs it as ordinary script.
 */
export const GroovyAroundSchema = Type.Object(
  {
    prologue: Type.Optional(
      Text('Groovy code before pipeline { }, emitted as written (a #! line goes first)', { minLength: 1 }),
    ),
    epilogue: Type.Optional(
      Text('Groovy code after the pipeline block, emitted as written', { minLength: 1 }),
    ),
  },
  { additionalProperties: false, description: 'Code around the pipeline block. @default none' },
);

/** The version of this model a stored pipeline definition was written in. */
export const MODEL_VERSION = 1;

export const PipelineSchema = Type.Object(
  {
    modelVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MODEL_VERSION,
        description: `Version of the pipeline model the definition was written in. @default ${MODEL_VERSION}`,
      }),
    ),
    name: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
      description: 'Job name',
    }),
    group: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        // It names the pipeline's Jenkins folder and decides which rules apply (production):
        // no '/' that Jenkins would read as another folder, nothing that only looks like a group.
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
        description:
          'development, deployment, production or your own (letters, digits, . _ -; it names the Jenkins folder). @default development',
      }),
    ),
    description: Type.Optional(Text('What the pipeline does')),
    executor: Type.Optional(
      Type.Union([Type.Literal('jenkins'), Type.Literal('local')], {
        description:
          'Where the pipewright service runs it; not part of the Jenkinsfile. @default jenkins when the service has PIPEWRIGHT_JENKINS_URL, else local',
      }),
    ),
    source: Type.Optional(
      Type.Object(
        {
          git: Type.String({ minLength: 1, description: 'Repository URL' }),
          branch: Type.Optional(Name('@default main')),
          credentialsId: Type.Optional(Name('Jenkins credential for the repository')),
          jenkinsfile: Type.Optional(
            Text(
              'Path of the Jenkinsfile the repository keeps: its Jenkins job reads that file ("Jenkinsfile in SCM") instead of the rendered one. @default none',
              { minLength: 1 },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    triggers: Type.Optional(Type.Array(TriggerSchema, { description: '@default [manual]' })),
    parameters: Type.Optional(Type.Array(ParameterSchema)),
    environment: Type.Optional(EnvironmentSchema),
    agent: Type.Optional(AgentSchema),
    options: Type.Optional(
      Type.Object(
        {
          timeoutMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
          retry: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
          keepBuilds: Type.Optional(
            Type.Integer({ minimum: 1, description: 'Builds to keep. @default keep all' }),
          ),
          disableConcurrentBuilds: Type.Optional(Type.Boolean({ description: '@default false' })),
          timestamps: Type.Optional(
            Type.Boolean({ description: 'Timestamp every log line. @default false' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    library: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Name('@default pipewright')),
          version: Type.Optional(Name('Git ref of the library. @default the version pinned in casc/')),
        },
        { additionalProperties: false },
      ),
    ),
    stages: Type.Array(StageSchema, { minItems: 1 }),
    post: Type.Optional(PostSchema),
    groovy: Type.Optional(GroovyAroundSchema),
  },
  { additionalProperties: false, $id: 'Pipeline' },
);

export type PipelineModel = Static<typeof PipelineSchema>;
export type StageModel = Static<typeof StageSchema>;
export type StepModel = Static<typeof StepSchema>;
export type AgentModel = Static<typeof AgentSchema>;
export type ParameterModel = Static<typeof ParameterSchema>;
export type GateModel = Static<typeof GateSchema>;
export type PostModel = Static<typeof PostSchema>;
export type EnvironmentModel = Static<typeof EnvironmentSchema>;
export type TriggerModel = Static<typeof TriggerSchema>;
export type WhenModel = Static<typeof WhenSchema>;
export type GroovyExpressionModel = Static<typeof GroovyExpressionSchema>;
export type GroovyAroundModel = Static<typeof GroovyAroundSchema>;
