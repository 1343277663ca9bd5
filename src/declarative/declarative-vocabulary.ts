/**
 * The Declarative Pipeline grammar: which directives each block holds, in the order pipewright
 * writes them, and what kind of value each one is. The AST types (ast.ts), the JSON reader, the
 * Groovy importer, the validator and the renderer all walk these tables, so adding a directive
 * of a known kind touches this file only; a new kind of value also needs its reader, check and
 * writer, which the compiler then asks for (every consumer switches over `DirectiveKind`).
 *
 * Names are those of Jenkins' pipeline JSON (pipeline-model-definition's ast-schema.json);
 * `groovy` gives the Jenkinsfile's name where it differs. `required` marks what Jenkins'
 * validator refuses to miss (ModelValidatorImpl.RequiredSection, MissingInputMessage).
 */

/** Every kind of directive value; ast.ts maps each to its type. */
export type DirectiveKind =
  | 'agent'
  | 'axes'
  | 'branches'
  | 'environment'
  | 'excludes'
  | 'failFast'
  | 'input'
  | 'libraries'
  | 'matrix'
  | 'methods'
  | 'post'
  | 'stages'
  | 'tools'
  | 'value'
  | 'when';

/** Which catalogue checks the method calls of a `methods` directive (src/model/method-catalogue.ts). */
export type MethodContext = 'option' | 'trigger' | 'parameter';

export interface DirectiveSpec {
  readonly kind: DirectiveKind;
  readonly required?: boolean;
  /** The Jenkinsfile's name when it differs from the JSON's. */
  readonly groovy?: string;
  /** Stage bodies: a stage holds exactly one (ModelValidatorImpl.TwoOfStepsStagesParallel). */
  readonly body?: boolean;
  /** Stages that run in parallel, where Jenkins refuses more parallel stages or a matrix. */
  readonly parallel?: boolean;
  readonly context?: MethodContext;
}

export type Directives = Readonly<Record<string, DirectiveSpec>>;

/** `pipeline { }`. */
export const PIPELINE_DIRECTIVES = {
  agent: { kind: 'agent', required: true },
  libraries: { kind: 'libraries' },
  options: { kind: 'methods', context: 'option' },
  parameters: { kind: 'methods', context: 'parameter' },
  triggers: { kind: 'methods', context: 'trigger' },
  tools: { kind: 'tools' },
  environment: { kind: 'environment' },
  stages: { kind: 'stages', required: true },
  post: { kind: 'post' },
} as const satisfies Directives;

/** The directives a stage and a matrix share, written before their bodies. */
export const SHARED_STAGE_DIRECTIVES = {
  agent: { kind: 'agent' },
  when: { kind: 'when' },
  options: { kind: 'methods', context: 'option' },
  tools: { kind: 'tools' },
  environment: { kind: 'environment' },
  input: { kind: 'input' },
} as const satisfies Directives;

/** `stage('name') { }`; its name is the block's head, not a directive. */
export const STAGE_DIRECTIVES = {
  ...SHARED_STAGE_DIRECTIVES,
  failFast: { kind: 'failFast' },
  branches: { kind: 'branches', body: true, groovy: 'steps' },
  parallel: { kind: 'stages', body: true, parallel: true },
  stages: { kind: 'stages', body: true },
  matrix: { kind: 'matrix', body: true },
  post: { kind: 'post' },
} as const satisfies Directives;

/** `matrix { }`: its stages run once per cell, in parallel. */
export const MATRIX_DIRECTIVES = {
  ...SHARED_STAGE_DIRECTIVES,
  axes: { kind: 'axes', required: true },
  excludes: { kind: 'excludes' },
  stages: { kind: 'stages', required: true, parallel: true },
  post: { kind: 'post' },
} as const satisfies Directives;

/** A stage's `input { }`. */
export const INPUT_DIRECTIVES = {
  message: { kind: 'value', required: true },
  id: { kind: 'value' },
  ok: { kind: 'value' },
  submitter: { kind: 'value' },
  submitterParameter: { kind: 'value' },
  parameters: { kind: 'methods', context: 'parameter' },
} as const satisfies Directives;

/** The flags of `when { }` besides its conditions. */
export const WHEN_FLAGS = ['beforeAgent', 'beforeInput', 'beforeOptions'] as const;

/** The blocks, by the name problems and messages use for them. */
export const BLOCKS = {
  pipeline: PIPELINE_DIRECTIVES,
  stage: STAGE_DIRECTIVES,
  matrix: MATRIX_DIRECTIVES,
  input: INPUT_DIRECTIVES,
} as const;

export type BlockName = keyof typeof BLOCKS;

/** A block's directives as [JSON name, spec] pairs, in writing order. */
export function directivesOf(block: BlockName): [string, DirectiveSpec][] {
  return ENTRIES[block];
}

/** The directive a Jenkinsfile names `groovyName` in the block, if the block has one. */
export function directiveByGroovyName(
  block: BlockName,
  groovyName: string,
): [string, DirectiveSpec] | undefined {
  return BY_GROOVY_NAME[block].get(groovyName);
}

/** The JSON members a block may hold: its directives plus `extra` (a stage's `name`). */
export function jsonKeysOf(block: BlockName, ...extra: string[]): string[] {
  return [...extra, ...ENTRIES[block].map(([key]) => key)];
}

const ENTRIES = Object.fromEntries(
  Object.entries(BLOCKS).map(([name, directives]) => [name, Object.entries(directives as Directives)]),
) as Record<BlockName, [string, DirectiveSpec][]>;

const BY_GROOVY_NAME = Object.fromEntries(
  Object.entries(ENTRIES).map(([name, entries]) => [
    name,
    new Map(entries.map(([key, spec]) => [spec.groovy ?? key, [key, spec] as [string, DirectiveSpec]])),
  ]),
) as Record<BlockName, Map<string, [string, DirectiveSpec]>>;
