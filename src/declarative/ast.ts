/**
 * The Declarative Pipeline AST. Its shape is Jenkins' own pipeline JSON (the format of
 * `/pipeline-model-converter` and of the Blue Ocean editor), so reading and writing that JSON
 * is a validation pass, not a translation.
 */
import type {
  Directives,
  INPUT_DIRECTIVES,
  MATRIX_DIRECTIVES,
  PIPELINE_DIRECTIVES,
  SHARED_STAGE_DIRECTIVES,
  STAGE_DIRECTIVES,
} from './declarative-vocabulary.js';

export type Scalar = string | number | boolean | null;

/** A value: a literal, or (isLiteral false) Groovy source text such as `"${env.X}"`. */
export interface RawArgument {
  isLiteral: boolean;
  value: Scalar;
}

export interface NamedArgument {
  key: string;
  value: RawArgument;
}

/** Named arguments, one sole unnamed argument, or positional arguments. */
export type ArgumentList = NamedArgument[] | RawArgument | RawArgument[];

export interface Step {
  name: string;
  arguments: ArgumentList;
  /** Present on block steps such as `dir('x') { ... }`. */
  children?: Step[];
}

export interface MethodCall {
  name: string;
  arguments: MethodArg[];
}

export interface KeyedMethodArg {
  key: string;
  value: RawArgument | MethodCall;
}

export type MethodArg = RawArgument | MethodCall | KeyedMethodArg;

/** `credentials('id')` in an environment block. */
export interface InternalFunction {
  name: string;
  arguments: RawArgument[];
}

export interface EnvironmentEntry {
  key: string;
  value: RawArgument | InternalFunction;
}

export interface MapArgument {
  key: string;
  value: RawArgument | MapArgument[];
}

export interface Agent {
  type: string;
  arguments?: MapArgument[];
  argument?: RawArgument;
}

export interface WhenCondition {
  name: string;
  arguments?: ArgumentList;
  /** Only on allOf / anyOf / not. */
  children?: WhenCondition[];
}

export interface When {
  beforeAgent?: boolean;
  beforeInput?: boolean;
  beforeOptions?: boolean;
  conditions: WhenCondition[];
}

export interface Branch {
  name: string;
  steps: Step[];
}

export interface BuildCondition {
  condition: string;
  branch: Branch;
}

export interface Post {
  conditions: BuildCondition[];
}

/** The type of each kind of directive value; `methods` is wrapped in its directive's own name. */
interface DirectiveValues<Key extends string> {
  agent: Agent;
  axes: Axis[];
  branches: Branch[];
  environment: EnvironmentEntry[];
  excludes: ExcludeAxis[][];
  failFast: boolean;
  input: Input;
  libraries: { libraries: RawArgument[] };
  matrix: Matrix;
  methods: { [K in Key]: MethodCall[] };
  post: Post;
  stages: Stage[];
  tools: NamedArgument[];
  value: RawArgument;
  when: When;
}

/** A block's members, derived from its table in declarative-vocabulary.ts. */
type Block<T extends Directives> = {
  -readonly [K in keyof T as T[K] extends { required: true } ? K : never]: DirectiveValues<
    K & string
  >[T[K]['kind']];
} & {
  -readonly [K in keyof T as T[K] extends { required: true } ? never : K]?: DirectiveValues<
    K & string
  >[T[K]['kind']];
};

export type Input = Block<typeof INPUT_DIRECTIVES>;

/** Directives a stage and a matrix share. */
export type StageDirectives = Block<typeof SHARED_STAGE_DIRECTIVES>;

export interface Axis {
  name: string;
  values: RawArgument[];
}

export interface ExcludeAxis extends Axis {
  inverse?: boolean;
}

export type Matrix = Block<typeof MATRIX_DIRECTIVES>;

/** A stage holds exactly one of branches (steps), parallel, stages or matrix. */
export interface Stage extends Block<typeof STAGE_DIRECTIVES> {
  name: string;
}

export type Pipeline = Block<typeof PIPELINE_DIRECTIVES>;

/**
 * Groovy written around the `pipeline { }` block (annotations such as `@Library('x') _`,
 * imports, variables, helper methods, statements). Jenkins runs it as ordinary script; it is
 * kept verbatim and written back in place. Not part of Jenkins' own JSON, so it sits beside
 * `pipeline` and is present only when a Jenkinsfile has such code.
 */
export interface GroovyAroundPipeline {
  /** Code before `pipeline {`, without trailing blank lines. */
  prologue?: string;
  /** Code after the pipeline's closing brace, without leading blank lines. */
  epilogue?: string;
}

export interface PipelineDocument {
  pipeline: Pipeline;
  groovy?: GroovyAroundPipeline;
}

export function literal(value: Scalar): RawArgument {
  return { isLiteral: true, value };
}

export function expression(source: string): RawArgument {
  return { isLiteral: false, value: source };
}

export function isNamedArguments(args: ArgumentList): args is NamedArgument[] {
  return Array.isArray(args) && args.length > 0 && args.every((a) => 'key' in a);
}

export function isKeyedMethodArg(arg: MethodArg): arg is KeyedMethodArg {
  return 'key' in arg;
}

export function isMethodCall(arg: MethodArg | RawArgument | InternalFunction): arg is MethodCall {
  return 'name' in arg;
}
