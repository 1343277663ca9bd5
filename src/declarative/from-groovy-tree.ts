import { ProblemList, showValue, type Problem } from '../model/problems.js';
import { CODE_BLOCK_STEPS, soleParameterOf, WHEN_CONDITIONS } from '../model/step-catalogue.js';
import type {
  Agent,
  ArgumentList,
  Axis,
  Branch,
  EnvironmentEntry,
  ExcludeAxis,
  MapArgument,
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
import { stripOuterParens } from '../groovy/groovy-expression.js';
import {
  directiveByGroovyName,
  directivesOf,
  WHEN_FLAGS,
  type BlockName,
  type DirectiveSpec,
} from './declarative-vocabulary.js';
import { groovyAroundPipeline } from './groovy-around-pipeline.js';
import type { GroovyCall, GroovyClosure, GroovyStatement, GroovyValue } from './groovy-tree.js';
import { ownEntry } from '../model/own-entry.js';

export interface TreeConversion {
  document?: PipelineDocument;
  problems: Problem[];
}

/**
 * Gives Declarative meaning to the generic Groovy call tree of a Jenkinsfile, producing the
 * same AST the pipeline JSON holds. Script blocks keep their source text. Anything that is not
 * Declarative is reported with its line, never dropped silently.
 */
export function declarativeFromGroovyTree(
  statements: GroovyStatement[],
  file = 'Jenkinsfile',
  source?: string,
): TreeConversion {
  const c = new TreeConverter(file, source);
  const document = c.document(statements);
  return { document: c.problems.empty ? document : undefined, problems: c.problems.items };
}

function trimCode(body: string | null): string {
  return (body ?? '').trim();
}

class TreeConverter {
  readonly problems = new ProblemList();

  constructor(
    private readonly file: string,
    private readonly source: string | undefined,
  ) {}

  private at(node: { line?: number; column?: number }): string {
    return `${this.file}:${node.line ?? 0}:${node.column ?? 0}`;
  }

  private calls(statements: GroovyStatement[], where: string): GroovyCall[] {
    const out: GroovyCall[] = [];
    for (const s of statements) {
      if (s.t === 'call') out.push(s);
      else {
        const text = s.t === 'assign' ? `${s.name} = ...` : (s.src ?? s.cls).split('\n')[0];
        this.problems.add(
          this.at(s),
          `${where} may hold only Declarative directives; found ${showValue(text)}`,
        );
      }
    }
    return out;
  }

  private closureCalls(call: GroovyCall, where: string): GroovyCall[] {
    if (!call.closure) {
      this.problems.add(this.at(call), `${showValue(call.name)} needs a { ... } block`);
      return [];
    }
    return this.calls(call.closure.statements, where);
  }

  document(statements: GroovyStatement[]): PipelineDocument | undefined {
    // Jenkins looks only for the pipeline block; everything around it is ordinary script.
    const pipelines = statements.filter((s): s is GroovyCall => s.t === 'call' && s.name === 'pipeline');
    if (pipelines.length !== 1) {
      this.problems.add(
        pipelines[1] ? this.at(pipelines[1]) : `${this.file}:1:1`,
        pipelines.length === 0 ? 'no pipeline { } block found' : 'more than one pipeline { } block',
      );
      return undefined;
    }
    const around = this.around(statements, pipelines[0]!);
    const pipeline = this.block('pipeline', pipelines[0]!, 'pipeline', {}) as Pipeline;
    return around ? { pipeline, groovy: around } : { pipeline };
  }

  /**
   * Reads the directives of a block by the vocabulary's Groovy names into `target`; an unknown
   * or repeated directive and a missing required one are problems with their line.
   */
  private block<T extends object>(block: BlockName, call: GroovyCall, what: string, target: T): T {
    const out = target as Record<string, unknown>;
    for (const d of this.closureCalls(call, what)) {
      const found = directiveByGroovyName(block, d.name);
      if (!found) {
        this.problems.add(this.at(d), `unknown ${block} directive ${showValue(d.name)} in ${what}`);
        continue;
      }
      const [key, spec] = found;
      if (out[key] !== undefined)
        this.problems.add(this.at(d), `${what} has more than one ${showValue(d.name)}`);
      out[key] = this.directive(spec, key, d, out);
    }
    for (const [key, spec] of directivesOf(block)) {
      if (spec.required && out[key] === undefined)
        this.problems.add(this.at(call), `${what} has no ${spec.groovy ?? key}`);
    }
    return target;
  }

  private directive(
    spec: DirectiveSpec,
    key: string,
    d: GroovyCall,
    owner: Record<string, unknown>,
  ): unknown {
    switch (spec.kind) {
      case 'agent':
        return this.agent(d);
      case 'axes':
        return this.closureCalls(d, 'axes').map((a) => this.axis(a, false) as Axis);
      case 'branches':
        return this.branches(d, owner);
      case 'environment':
        return this.environment(d);
      case 'excludes':
        return this.closureCalls(d, 'excludes').map((e) =>
          this.closureCalls(e, 'exclude').map((a) => this.axis(a, true)),
        );
      case 'failFast':
        return this.soleValue(d).value === true;
      case 'input':
        return this.block('input', d, 'input', {});
      case 'libraries':
        return { libraries: this.closureCalls(d, 'libraries').map((l) => this.soleValue(l)) };
      case 'matrix':
        return this.block('matrix', d, 'matrix', {});
      case 'methods':
        return { [key]: this.methodCalls(d) };
      case 'post':
        return this.post(d);
      case 'stages':
        return this.stages(d);
      case 'tools':
        return this.tools(d);
      case 'value':
        return this.soleValue(d);
      case 'when':
        return this.when(d);
      default:
        return unknownKind(spec.kind);
    }
  }

  /** The code before and after the pipeline block, kept verbatim; an error if it cannot be cut out. */
  private around(statements: GroovyStatement[], pipeline: GroovyCall) {
    const from = pipeline.from;
    const to = pipeline.closure?.to;
    if (this.source !== undefined && from !== undefined && to !== undefined)
      return groovyAroundPipeline(this.source, from, to);
    const others = statements.filter((s) => s !== pipeline);
    if (others.length > 0)
      this.problems.add(
        this.at(others[0]!),
        `code outside the pipeline block (lines ${others.map((s) => s.line).join(', ')}) cannot be kept without the source text`,
      );
    return undefined;
  }

  raw(v: GroovyValue): RawArgument {
    switch (v.t) {
      case 'const':
        return { isLiteral: true, value: v.type === 'number' && typeof v.v === 'string' ? Number(v.v) : v.v };
      case 'gstring':
        return { isLiteral: false, value: v.src ?? '' };
      case 'closure':
        return { isLiteral: false, value: `\${{${v.body ?? ''}}}` };
      case 'var':
        return { isLiteral: false, value: `\${${v.name}}` };
      case 'map':
      case 'list':
        // Jenkins writes map and list literals as their source text, without a ${} wrapper.
        return { isLiteral: false, value: v.src ?? '' };
      default:
        return { isLiteral: false, value: `\${${stripOuterParens(v.src ?? '')}}` };
    }
  }

  private soleValue(call: GroovyCall): RawArgument {
    if (call.positional.length !== 1 || call.named.length > 0 || call.closure) {
      this.problems.add(this.at(call), `${showValue(call.name)} takes exactly one value`);
    }
    return call.positional[0] ? this.raw(call.positional[0]) : { isLiteral: true, value: null };
  }

  private argumentList(call: GroovyCall, sole: string | undefined): ArgumentList {
    if (call.named.length > 0 && call.positional.length > 0) {
      this.problems.add(this.at(call), `${showValue(call.name)} mixes named and unnamed arguments`);
    }
    if (call.named.length > 0) return call.named.map((n) => ({ key: n.key, value: this.raw(n.value) }));
    if (call.positional.length === 1) {
      const value = this.raw(call.positional[0]!);
      return sole ? [{ key: sole, value }] : value;
    }
    return call.positional.map((p) => this.raw(p));
  }

  private agent(call: GroovyCall): Agent {
    if (!call.closure) {
      const v = call.positional[0];
      if (call.positional.length === 1 && v?.t === 'var' && (v.name === 'any' || v.name === 'none'))
        return { type: v.name };
      this.problems.add(this.at(call), 'agent must be "any", "none" or a { ... } block');
      return { type: 'none' };
    }
    const inner = this.calls(call.closure.statements, 'agent');
    if (inner.length !== 1)
      this.problems.add(this.at(call), `agent block must name exactly one agent type, found ${inner.length}`);
    const t = inner[0];
    if (!t) return { type: 'none' };
    if (t.closure) {
      // `label { ... }` and `node { ... }` are one agent type; the JSON calls it node.
      return { type: t.name === 'label' ? 'node' : t.name, arguments: this.mapArguments(t.closure) };
    }
    return { type: t.name, argument: this.soleValue(t) };
  }

  private mapArguments(closure: GroovyClosure): MapArgument[] {
    return this.calls(closure.statements, 'agent options').map((c) =>
      c.closure
        ? { key: c.name, value: this.mapArguments(c.closure) }
        : { key: c.name, value: this.soleValue(c) },
    );
  }

  private stages(call: GroovyCall): Stage[] {
    return this.closureCalls(call, 'stages').map((s) => this.stage(s));
  }

  private stage(call: GroovyCall): Stage {
    if (call.name !== 'stage')
      this.problems.add(this.at(call), `expected stage(...), found ${showValue(call.name)}`);
    const nameValue = call.positional[0];
    const name = nameValue?.t === 'const' && typeof nameValue.v === 'string' ? nameValue.v : undefined;
    if (name === undefined)
      this.problems.add(this.at(call), "stage needs a literal name: stage('name') { ... }");
    return this.block('stage', call, `stage ${showValue(name)}`, { name: name ?? '' } as Stage);
  }

  /** `steps { }`; `parallel(a: { }, b: { }, failFast: true)` as its only step is parallel branches. */
  private branches(call: GroovyCall, stage: Record<string, unknown>): Branch[] {
    const statements = call.closure?.statements ?? [];
    const only = statements.length === 1 ? statements[0] : undefined;
    if (
      only?.t === 'call' &&
      only.name === 'parallel' &&
      only.named.length > 0 &&
      only.named.some((n) => n.value.t === 'closure')
    ) {
      const branches: Branch[] = [];
      for (const n of only.named) {
        if (n.key === 'failFast' && n.value.t === 'const') stage.failFast = n.value.v === true;
        else if (n.value.t === 'closure')
          branches.push({ name: n.key, steps: this.steps(n.value.statements, 'parallel branch') });
        else this.problems.add(this.at(only), `parallel branch ${showValue(n.key)} must be a { ... } block`);
      }
      return branches;
    }
    return [{ name: 'default', steps: this.steps(statements, 'steps') }];
  }

  private steps(statements: GroovyStatement[], where: string): Step[] {
    const out: Step[] = [];
    for (const s of statements) {
      if (s.t !== 'call') {
        const text = s.t === 'assign' ? `${s.name} = ...` : (s.src ?? s.cls).split('\n')[0];
        this.problems.add(
          this.at(s),
          `${where} may hold only steps; wrap Groovy code such as ${showValue(text)} in script { }`,
        );
        continue;
      }
      out.push(this.step(s));
    }
    return out;
  }

  private step(call: GroovyCall): Step {
    const codeKey = ownEntry(CODE_BLOCK_STEPS, call.name);
    if (codeKey && call.closure && call.positional.length === 0 && call.named.length === 0) {
      return {
        name: call.name,
        arguments: [{ key: codeKey, value: { isLiteral: true, value: trimCode(call.closure.body) } }],
      };
    }
    // Jenkins names a sole argument after the step's parameter, except on block steps: `dir('x') { }`.
    const sole = call.closure ? undefined : soleParameterOf(call.name);
    const step: Step = { name: call.name, arguments: this.argumentList(call, sole) };
    if (call.closure) step.children = this.steps(call.closure.statements, `${call.name} block`);
    return step;
  }

  private whenCondition(call: GroovyCall): WhenCondition {
    const signature = ownEntry(WHEN_CONDITIONS, call.name);
    if (signature?.nested)
      return {
        name: call.name,
        children: this.closureCalls(call, call.name).map((c) => this.whenCondition(c)),
      };
    if (signature?.parameters.scriptBlock === 'code' && call.closure) {
      return {
        name: call.name,
        arguments: [{ key: 'scriptBlock', value: { isLiteral: true, value: trimCode(call.closure.body) } }],
      };
    }
    const condition: WhenCondition = { name: call.name };
    if (call.positional.length > 0 || call.named.length > 0)
      condition.arguments = this.argumentList(call, undefined);
    if (call.closure)
      this.problems.add(this.at(call), `when condition ${showValue(call.name)} takes no { ... } block`);
    return condition;
  }

  private when(call: GroovyCall): When {
    const when: When = { conditions: [] };
    for (const c of this.closureCalls(call, 'when')) {
      if ((WHEN_FLAGS as readonly string[]).includes(c.name)) {
        when[c.name as (typeof WHEN_FLAGS)[number]] = this.soleValue(c).value === true;
      } else when.conditions.push(this.whenCondition(c));
    }
    return when;
  }

  private post(call: GroovyCall): Post {
    return {
      conditions: this.closureCalls(call, 'post').map((c) => ({
        condition: c.name,
        branch: { name: 'default', steps: this.steps(c.closure?.statements ?? [], `post ${c.name}`) },
      })),
    };
  }

  private environment(call: GroovyCall): EnvironmentEntry[] {
    const out: EnvironmentEntry[] = [];
    for (const s of call.closure?.statements ?? []) {
      if (s.t !== 'assign') {
        this.problems.add(this.at(s), 'environment may hold only NAME = value lines');
        continue;
      }
      const v = s.value;
      if (
        v.t === 'call' &&
        v.positional.every((p) => p.t === 'const') &&
        v.named.length === 0 &&
        !v.closure
      ) {
        out.push({ key: s.name, value: { name: v.name, arguments: v.positional.map((p) => this.raw(p)) } });
      } else out.push({ key: s.name, value: this.raw(v) });
    }
    return out;
  }

  private tools(call: GroovyCall): NamedArgument[] {
    return this.closureCalls(call, 'tools').map((t) => ({ key: t.name, value: this.soleValue(t) }));
  }

  private methodCall(call: GroovyCall): MethodCall {
    const args: MethodArg[] = [];
    const valueOf = (v: GroovyValue): RawArgument | MethodCall =>
      v.t === 'call' ? this.methodCall(v) : this.raw(v);
    for (const p of call.positional) args.push(valueOf(p));
    for (const n of call.named) args.push({ key: n.key, value: valueOf(n.value) });
    if (call.closure) this.problems.add(this.at(call), `${showValue(call.name)} takes no { ... } block here`);
    return { name: call.name, arguments: args };
  }

  private methodCalls(call: GroovyCall): MethodCall[] {
    return this.closureCalls(call, call.name).map((c) => this.methodCall(c));
  }

  private axis(call: GroovyCall, exclude: boolean): ExcludeAxis {
    const axis: ExcludeAxis = { name: '', values: [] };
    for (const c of this.closureCalls(call, 'axis')) {
      if (c.name === 'name') axis.name = String(this.soleValue(c).value);
      else if (c.name === 'values' || (exclude && c.name === 'notValues')) {
        axis.values = c.positional.map((p) => this.raw(p));
        if (c.name === 'notValues') axis.inverse = true;
      } else this.problems.add(this.at(c), `unknown axis option ${showValue(c.name)}`);
    }
    return axis;
  }
}

/** The compiler proves every kind is handled; this only runs if the table and the switch disagree. */
function unknownKind(kind: never): never {
  throw new Error(`no reader for directive kind ${String(kind)}`);
}
