import { childPath, PipelineValidationError, ProblemList, showValue } from '../model/problems.js';
import type {
  Agent,
  ArgumentList,
  GroovyAroundPipeline,
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
  Step,
  When,
  WhenCondition,
} from './ast.js';
import { directivesOf, jsonKeysOf, type BlockName, type DirectiveSpec } from './declarative-vocabulary.js';
import { holdsGroovyCode } from './groovy-around-pipeline.js';
import { JsonReader, MISSING } from './json-reader.js';
import { checkDeclarative, type CheckedDocument } from './validate-declarative.js';

/**
 * Reads Jenkins pipeline JSON (the `/pipeline-model-converter` format) into the Declarative AST.
 * Reports every structural and semantic problem at once; throws PipelineValidationError.
 */
export function readPipelineJson(input: unknown): CheckedDocument {
  const problems = new ProblemList();
  const doc = new PipelineJsonReader(problems).document(input);
  problems.throwIfAny();
  return checkDeclarative(doc!);
}

/** Parses JSON text first; a syntax error becomes a `[json]` problem. */
export function readPipelineJsonText(text: string): CheckedDocument {
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
    const p = this.r.object(
      this.r.required(root, 'pipeline', '$', 'document'),
      'pipeline',
      jsonKeysOf('pipeline'),
    );
    if (!p) return undefined;
    const pipeline = this.block('pipeline', p, 'pipeline', {}) as Pipeline;
    return groovy ? { pipeline, groovy } : { pipeline };
  }

  /** Reads every directive of a block the vocabulary lists into `target`. */
  private block<T extends object>(block: BlockName, o: Record<string, unknown>, path: string, target: T): T {
    const out = target as Record<string, unknown>;
    for (const [key, spec] of directivesOf(block)) {
      const value = spec.required ? this.r.required(o, key, path, block) : o[key];
      if (value === undefined) continue;
      const read = this.directive(spec, key, value, childPath(path, key));
      if (read !== undefined) out[key] = read;
    }
    return target;
  }

  private directive(spec: DirectiveSpec, key: string, value: unknown, path: string): unknown {
    switch (spec.kind) {
      case 'agent':
        return this.agent(value, path);
      case 'axes':
        return this.r.items(value, path, 1, (v, at) => this.axis(v, at, false));
      case 'branches':
        return this.r.items(value, path, 1, (v, at) => this.branch(v, at));
      case 'environment':
        return this.environment(value, path);
      case 'excludes':
        return this.r.items(value, path, 1, (ex, at) =>
          this.r.items(ex, at, 1, (v, p) => this.axis(v, p, true)),
        );
      case 'failFast':
        return this.r.boolean(value, path);
      case 'input':
        return this.input(value, path);
      case 'libraries': {
        const o = this.r.object(value, path, ['libraries']);
        const list =
          o && this.r.items(o.libraries, childPath(path, 'libraries'), 1, (v, at) => this.raw(v, at));
        return { libraries: list ?? [] };
      }
      case 'matrix':
        return this.matrix(value, path);
      case 'methods':
        return { [key]: this.wrapped(value, path, key) };
      case 'post':
        return this.post(value, path);
      case 'stages':
        return this.stages(value, path);
      case 'tools':
        return this.tools(value, path);
      case 'value':
        return this.raw(value, path);
      case 'when':
        return this.when(value, path);
      default:
        return unknownKind(spec.kind);
    }
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
    const o = this.r.object(value, path, jsonKeysOf('input'));
    if (!o) return undefined;
    return this.block('input', o, path, {} as Input);
  }

  stages(value: unknown, path: string): Stage[] | undefined {
    return this.r.items(value, path, 1, (v, at) => this.stage(v, at));
  }

  private stage(value: unknown, path: string): Stage | undefined {
    const o = this.r.object(value, path, jsonKeysOf('stage', 'name'));
    if (!o) return undefined;
    const name = this.r.string(this.r.required(o, 'name', path, 'stage'), childPath(path, 'name'));
    return this.block('stage', o, path, { name: name ?? '' } as Stage);
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
    const o = this.r.object(value, path, jsonKeysOf('matrix'));
    if (!o) return undefined;
    return this.block('matrix', o, path, {} as Matrix);
  }
}

/** The compiler proves every kind is handled; this only runs if the table and the switch disagree. */
function unknownKind(kind: never): never {
  throw new Error(`no reader for directive kind ${String(kind)}`);
}
