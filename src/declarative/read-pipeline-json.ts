import { childPath, PipelineValidationError, ProblemList, showValue } from '../model/problems.js';
import type {
  Agent,
  ArgumentList,
  GroovyAroundPipeline,
  Axis,
  Branch,
  BuildCondition,
  EnvironmentEntry,
  ExcludeAxis,
  Input,
  MapArgument,
  Matrix,
  MethodArg,
  MethodCall,
  NamedArgument,
  Pipeline,
  PipelineDocument,
  Post,
  RawArgument,
  Stage,
  StageDirectives,
  Step,
  When,
  WhenCondition,
} from './ast.js';
import { holdsGroovyCode } from './groovy-around-pipeline.js';
import { JsonReader, MISSING } from './json-reader.js';
import { validateDeclarative } from './validate-declarative.js';

const PIPELINE_KEYS = [
  'stages',
  'post',
  'environment',
  'agent',
  'tools',
  'options',
  'triggers',
  'parameters',
  'libraries',
];
const DIRECTIVE_KEYS = ['agent', 'when', 'post', 'tools', 'environment', 'options', 'input'];
const STAGE_KEYS = ['name', 'failFast', ...DIRECTIVE_KEYS, 'branches', 'matrix', 'parallel', 'stages'];
const MATRIX_KEYS = ['axes', 'excludes', ...DIRECTIVE_KEYS, 'stages'];

/**
 * Reads Jenkins pipeline JSON (the `/pipeline-model-converter` format) into the Declarative AST.
 * Reports every structural and semantic problem at once; throws PipelineValidationError.
 */
export function readPipelineJson(input: unknown): PipelineDocument {
  const problems = new ProblemList();
  const doc = new PipelineJsonReader(problems).document(input);
  problems.throwIfAny();
  const semantic = validateDeclarative(doc!);
  if (semantic.length > 0) throw new PipelineValidationError(semantic);
  return doc!;
}

/** Parses JSON text first; a syntax error becomes a `[json]` problem. */
export function readPipelineJsonText(text: string): PipelineDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PipelineValidationError([
      { path: 'json', message: `malformed JSON: ${(error as Error).message}` },
    ]);
  }
  return readPipelineJson(parsed);
}

class PipelineJsonReader {
  private readonly r: JsonReader;

  constructor(private readonly problems: ProblemList) {
    this.r = new JsonReader(problems);
  }

  document(input: unknown): PipelineDocument | undefined {
    const root = this.r.object(input, '$', ['pipeline', 'groovy']);
    if (!root) return undefined;
    const groovy = root.groovy === undefined ? undefined : this.groovyAround(root.groovy);
    const p = this.r.object(this.r.required(root, 'pipeline', '$', 'document'), 'pipeline', PIPELINE_KEYS);
    if (!p) return undefined;
    const path = 'pipeline';
    const pipeline: Partial<Pipeline> = {};
    pipeline.agent = this.agent(this.r.required(p, 'agent', path, 'pipeline'), childPath(path, 'agent'));
    pipeline.stages = this.stages(this.r.required(p, 'stages', path, 'pipeline'), childPath(path, 'stages'));
    if (p.post !== undefined) pipeline.post = this.post(p.post, childPath(path, 'post'));
    if (p.environment !== undefined)
      pipeline.environment = this.environment(p.environment, childPath(path, 'environment'));
    if (p.tools !== undefined) pipeline.tools = this.tools(p.tools, childPath(path, 'tools'));
    if (p.options !== undefined)
      pipeline.options = { options: this.wrapped(p.options, childPath(path, 'options'), 'options') };
    if (p.triggers !== undefined)
      pipeline.triggers = { triggers: this.wrapped(p.triggers, childPath(path, 'triggers'), 'triggers') };
    if (p.parameters !== undefined) {
      pipeline.parameters = {
        parameters: this.wrapped(p.parameters, childPath(path, 'parameters'), 'parameters'),
      };
    }
    if (p.libraries !== undefined) {
      const o = this.r.object(p.libraries, childPath(path, 'libraries'), ['libraries']);
      const list =
        o && this.r.items(o.libraries, childPath(path, 'libraries.libraries'), 1, (v, at) => this.raw(v, at));
      pipeline.libraries = { libraries: list ?? [] };
    }
    return groovy ? { pipeline: pipeline as Pipeline, groovy } : { pipeline: pipeline as Pipeline };
  }

  /** pipewright's member for the code around the pipeline block: present only with code in it. */
  private groovyAround(value: unknown): GroovyAroundPipeline | undefined {
    const o = this.r.object(value, 'groovy', ['prologue', 'epilogue']);
    if (!o) return undefined;
    const around: GroovyAroundPipeline = {};
    for (const key of ['prologue', 'epilogue'] as const) {
      if (o[key] === undefined) continue;
      const code = this.r.string(o[key], childPath('groovy', key));
      if (code === undefined) continue;
      if (!holdsGroovyCode(code))
        this.problems.add(childPath('groovy', key), `holds no Groovy code; leave ${showValue(key)} out`);
      else around[key] = code;
    }
    if (o.prologue === undefined && o.epilogue === undefined)
      this.problems.add('groovy', 'needs a "prologue" or an "epilogue"; leave "groovy" out otherwise');
    return around;
  }

  private wrapped(value: unknown, path: string, key: string): MethodCall[] {
    const o = this.r.object(value, path, [key]);
    if (!o) return [];
    return this.r.items(o[key], childPath(path, key), 1, (v, at) => this.methodCall(v, at)) ?? [];
  }

  raw(value: unknown, path: string): RawArgument | undefined {
    if (value === MISSING) return undefined;
    const o = this.r.object(value, path, ['isLiteral', 'value']);
    if (!o) return undefined;
    const isLiteral = this.r.boolean(
      this.r.required(o, 'isLiteral', path, 'value'),
      childPath(path, 'isLiteral'),
    );
    if (!('value' in o)) this.problems.add(path, 'value is missing required "value"');
    const v = o.value;
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
      this.problems.add(
        childPath(path, 'value'),
        `must be a string, number, boolean or null, got ${showValue(v)}`,
      );
      return undefined;
    }
    if (typeof v === 'number' && !Number.isFinite(v))
      this.problems.add(childPath(path, 'value'), 'must be a finite number');
    if (isLiteral === false && typeof v !== 'string') {
      this.problems.add(
        childPath(path, 'value'),
        `a non-literal value is Groovy source and must be a string, got ${showValue(v)}`,
      );
    }
    if (isLiteral === undefined) return undefined;
    return { isLiteral, value: v as RawArgument['value'] };
  }

  private named(value: unknown, path: string): NamedArgument | undefined {
    const o = this.r.object(value, path, ['key', 'value']);
    if (!o) return undefined;
    const key = this.r.string(this.r.required(o, 'key', path, 'argument'), childPath(path, 'key'));
    const v = this.raw(this.r.required(o, 'value', path, 'argument'), childPath(path, 'value'));
    return key !== undefined && v ? { key, value: v } : undefined;
  }

  /** Named list, a single raw argument, or a positional list: told apart by shape. */
  arguments(value: unknown, path: string): ArgumentList | undefined {
    if (value === MISSING) return undefined;
    if (Array.isArray(value)) {
      const allNamed = value.every((v) => v !== null && typeof v === 'object' && 'key' in v);
      if (allNamed) return this.r.items(value, path, 0, (v, at) => this.named(v, at));
      const allRaw = value.every((v) => v !== null && typeof v === 'object' && 'isLiteral' in v);
      if (allRaw) return this.r.items(value, path, 0, (v, at) => this.raw(v, at));
      this.problems.add(
        path,
        'arguments must be all named ({key, value}) or all positional ({isLiteral, value}), not mixed',
      );
      return undefined;
    }
    return this.raw(value, path);
  }

  step(value: unknown, path: string): Step | undefined {
    const o = this.r.object(value, path, ['name', 'arguments', 'children']);
    if (!o) return undefined;
    const name = this.r.string(this.r.required(o, 'name', path, 'step'), childPath(path, 'name'));
    const args = this.arguments(this.r.required(o, 'arguments', path, 'step'), childPath(path, 'arguments'));
    const step: Step = { name: name ?? '', arguments: args ?? [] };
    if (o.children !== undefined) {
      // Jenkins runs a block step with an empty body (`dir('x') { }`).
      step.children =
        this.r.items(o.children, childPath(path, 'children'), 0, (v, at) => this.step(v, at)) ?? [];
    }
    return name === undefined || args === undefined ? undefined : step;
  }

  methodCall(value: unknown, path: string): MethodCall | undefined {
    const o = this.r.object(value, path, ['name', 'arguments']);
    if (!o) return undefined;
    const name = this.r.string(this.r.required(o, 'name', path, 'method call'), childPath(path, 'name'));
    const args = this.r.items(o.arguments ?? [], childPath(path, 'arguments'), 0, (v, at) =>
      this.methodArg(v, at),
    );
    return name === undefined || !args ? undefined : { name, arguments: args };
  }

  private methodArg(value: unknown, path: string): MethodArg | undefined {
    if (value !== null && typeof value === 'object' && 'key' in value) {
      const o = this.r.object(value, path, ['key', 'value'])!;
      const key = this.r.string(o.key, childPath(path, 'key'));
      const v = this.valueOrCall(o.value, childPath(path, 'value'));
      return key !== undefined && v ? { key, value: v } : undefined;
    }
    return this.valueOrCall(value, path);
  }

  private valueOrCall(value: unknown, path: string): RawArgument | MethodCall | undefined {
    if (value !== null && typeof value === 'object' && 'name' in value) return this.methodCall(value, path);
    return this.raw(value, path);
  }

  agent(value: unknown, path: string): Agent | undefined {
    const o = this.r.object(value, path, ['type', 'arguments', 'argument']);
    if (!o) return undefined;
    const type = this.r.string(this.r.required(o, 'type', path, 'agent'), childPath(path, 'type'));
    const agent: Agent = { type: type ?? '' };
    if (o.argument !== undefined) agent.argument = this.raw(o.argument, childPath(path, 'argument'));
    if (o.arguments !== undefined)
      agent.arguments = this.mapArguments(o.arguments, childPath(path, 'arguments'));
    return type === undefined ? undefined : agent;
  }

  private mapArguments(value: unknown, path: string): MapArgument[] | undefined {
    return this.r.items(value, path, 0, (item, at) => {
      const o = this.r.object(item, at, ['key', 'value']);
      if (!o) return undefined;
      const key = this.r.string(this.r.required(o, 'key', at, 'argument'), childPath(at, 'key'));
      const v = Array.isArray(o.value)
        ? this.mapArguments(o.value, childPath(at, 'value'))
        : this.raw(o.value, childPath(at, 'value'));
      return key !== undefined && v ? { key, value: v } : undefined;
    });
  }

  private environment(value: unknown, path: string): EnvironmentEntry[] {
    return (
      this.r.items(value, path, 1, (item, at) => {
        const o = this.r.object(item, at, ['key', 'value']);
        if (!o) return undefined;
        const key = this.r.string(this.r.required(o, 'key', at, 'environment entry'), childPath(at, 'key'));
        const raw = o.value as Record<string, unknown> | undefined;
        let v: EnvironmentEntry['value'] | undefined;
        if (raw && typeof raw === 'object' && 'name' in raw) {
          const f = this.r.object(raw, childPath(at, 'value'), ['name', 'arguments']);
          const name = f && this.r.string(f.name, childPath(at, 'value.name'));
          const args =
            f &&
            this.r.items(f.arguments ?? [], childPath(at, 'value.arguments'), 0, (a, p) => this.raw(a, p));
          v = name !== undefined && args ? { name, arguments: args } : undefined;
        } else {
          v = this.raw(this.r.required(o, 'value', at, 'environment entry'), childPath(at, 'value'));
        }
        return key !== undefined && v ? { key, value: v } : undefined;
      }) ?? []
    );
  }

  private tools(value: unknown, path: string): NamedArgument[] {
    return this.r.items(value, path, 1, (v, at) => this.named(v, at)) ?? [];
  }

  private branch(value: unknown, path: string): Branch | undefined {
    const o = this.r.object(value, path, ['name', 'steps']);
    if (!o) return undefined;
    const name = this.r.string(this.r.required(o, 'name', path, 'branch'), childPath(path, 'name'));
    const steps = this.r.items(
      this.r.required(o, 'steps', path, 'branch'),
      childPath(path, 'steps'),
      1,
      (v, at) => this.step(v, at),
    );
    return name !== undefined && steps ? { name, steps } : undefined;
  }

  private post(value: unknown, path: string): Post | undefined {
    const o = this.r.object(value, path, ['conditions']);
    if (!o) return undefined;
    const conditions = this.r.items(
      this.r.required(o, 'conditions', path, 'post'),
      childPath(path, 'conditions'),
      1,
      (item, at) => {
        const c = this.r.object(item, at, ['condition', 'branch']);
        if (!c) return undefined;
        const condition = this.r.string(
          this.r.required(c, 'condition', at, 'post condition'),
          childPath(at, 'condition'),
        );
        const branch = this.branch(
          this.r.required(c, 'branch', at, 'post condition'),
          childPath(at, 'branch'),
        );
        return condition !== undefined && branch
          ? ({ condition, branch } satisfies BuildCondition)
          : undefined;
      },
    );
    return conditions ? { conditions } : undefined;
  }

  private whenCondition(value: unknown, path: string): WhenCondition | undefined {
    const o = this.r.object(value, path, ['name', 'arguments', 'children']);
    if (!o) return undefined;
    const name = this.r.string(this.r.required(o, 'name', path, 'when condition'), childPath(path, 'name'));
    const condition: WhenCondition = { name: name ?? '' };
    if (o.arguments !== undefined)
      condition.arguments = this.arguments(o.arguments, childPath(path, 'arguments'));
    if (o.children !== undefined) {
      condition.children = this.r.items(o.children, childPath(path, 'children'), 1, (v, at) =>
        this.whenCondition(v, at),
      );
    }
    return name === undefined ? undefined : condition;
  }

  private when(value: unknown, path: string): When | undefined {
    const o = this.r.object(value, path, ['beforeAgent', 'beforeInput', 'beforeOptions', 'conditions']);
    if (!o) return undefined;
    const when: When = { conditions: [] };
    for (const flag of ['beforeAgent', 'beforeInput', 'beforeOptions'] as const) {
      if (o[flag] !== undefined) when[flag] = this.r.boolean(o[flag], childPath(path, flag));
    }
    when.conditions =
      this.r.items(
        this.r.required(o, 'conditions', path, 'when'),
        childPath(path, 'conditions'),
        1,
        (v, at) => this.whenCondition(v, at),
      ) ?? [];
    return when;
  }

  private input(value: unknown, path: string): Input | undefined {
    const o = this.r.object(value, path, [
      'message',
      'id',
      'ok',
      'submitter',
      'submitterParameter',
      'parameters',
    ]);
    if (!o) return undefined;
    const message = this.raw(this.r.required(o, 'message', path, 'input'), childPath(path, 'message'));
    const input: Input = { message: message ?? { isLiteral: true, value: '' } };
    for (const key of ['id', 'ok', 'submitter', 'submitterParameter'] as const) {
      if (o[key] !== undefined) input[key] = this.raw(o[key], childPath(path, key));
    }
    if (o.parameters !== undefined)
      input.parameters = {
        parameters: this.wrapped(o.parameters, childPath(path, 'parameters'), 'parameters'),
      };
    return input;
  }

  private directives(o: Record<string, unknown>, path: string, target: StageDirectives): void {
    if (o.agent !== undefined) target.agent = this.agent(o.agent, childPath(path, 'agent'));
    if (o.when !== undefined) target.when = this.when(o.when, childPath(path, 'when'));
    if (o.post !== undefined) target.post = this.post(o.post, childPath(path, 'post'));
    if (o.tools !== undefined) target.tools = this.tools(o.tools, childPath(path, 'tools'));
    if (o.environment !== undefined)
      target.environment = this.environment(o.environment, childPath(path, 'environment'));
    if (o.options !== undefined)
      target.options = { options: this.wrapped(o.options, childPath(path, 'options'), 'options') };
    if (o.input !== undefined) target.input = this.input(o.input, childPath(path, 'input'));
  }

  stages(value: unknown, path: string): Stage[] | undefined {
    return this.r.items(value, path, 1, (v, at) => this.stage(v, at));
  }

  private stage(value: unknown, path: string): Stage | undefined {
    const o = this.r.object(value, path, STAGE_KEYS);
    if (!o) return undefined;
    const name = this.r.string(this.r.required(o, 'name', path, 'stage'), childPath(path, 'name'));
    const stage: Stage = { name: name ?? '' };
    if (o.failFast !== undefined) stage.failFast = this.r.boolean(o.failFast, childPath(path, 'failFast'));
    this.directives(o, path, stage);
    if (o.branches !== undefined)
      stage.branches = this.r.items(o.branches, childPath(path, 'branches'), 1, (v, at) =>
        this.branch(v, at),
      );
    if (o.parallel !== undefined) stage.parallel = this.stages(o.parallel, childPath(path, 'parallel'));
    if (o.stages !== undefined) stage.stages = this.stages(o.stages, childPath(path, 'stages'));
    if (o.matrix !== undefined) stage.matrix = this.matrix(o.matrix, childPath(path, 'matrix'));
    return stage;
  }

  private axis(value: unknown, path: string, exclude: boolean): ExcludeAxis | undefined {
    const o = this.r.object(value, path, exclude ? ['name', 'values', 'inverse'] : ['name', 'values']);
    if (!o) return undefined;
    const name = this.r.string(this.r.required(o, 'name', path, 'axis'), childPath(path, 'name'));
    const values = this.r.items(
      this.r.required(o, 'values', path, 'axis'),
      childPath(path, 'values'),
      1,
      (v, at) => this.raw(v, at),
    );
    if (name === undefined || !values) return undefined;
    const axis: ExcludeAxis = { name, values };
    if (exclude && o.inverse !== undefined)
      axis.inverse = this.r.boolean(o.inverse, childPath(path, 'inverse'));
    return axis;
  }

  private matrix(value: unknown, path: string): Matrix | undefined {
    const o = this.r.object(value, path, MATRIX_KEYS);
    if (!o) return undefined;
    const axes = this.r.items(
      this.r.required(o, 'axes', path, 'matrix'),
      childPath(path, 'axes'),
      1,
      (v, at) => this.axis(v, at, false),
    );
    const stages = this.stages(this.r.required(o, 'stages', path, 'matrix'), childPath(path, 'stages'));
    const matrix: Matrix = { axes: (axes ?? []) as Axis[], stages: stages ?? [] };
    if (o.excludes !== undefined) {
      matrix.excludes = this.r.items(o.excludes, childPath(path, 'excludes'), 1, (ex, at) =>
        this.r.items(ex, at, 1, (v, p) => this.axis(v, p, true)),
      );
    }
    this.directives(o, path, matrix);
    return matrix;
  }
}
