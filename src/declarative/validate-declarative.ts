import { childPath, ProblemList, showValue, type Problem } from '../model/problems.js';
import { POST_CONDITIONS, WHEN_CONDITIONS } from '../model/step-catalogue.js';
import { isGroovyIdentifier, unrepresentableInGroovy } from '../groovy/groovy-literal.js';
import {
  isKeyedMethodArg,
  isMethodCall,
  type Agent,
  type ArgumentList,
  type EnvironmentEntry,
  type MapArgument,
  type Matrix,
  type MethodCall,
  type NamedArgument,
  type PipelineDocument,
  type Post,
  type RawArgument,
  type Stage,
  type StageDirectives,
  type Step,
  type WhenCondition,
} from './ast.js';

/**
 * The rules Jenkins' Declarative validator applies that a JSON shape cannot express: one body
 * per stage, nesting limits for parallel and matrix, known `when` and `post` conditions,
 * unique names, and names that Groovy can write.
 */
export function validateDeclarative(doc: PipelineDocument): Problem[] {
  const v = new DeclarativeValidator();
  v.pipeline(doc);
  return v.problems.items;
}

class DeclarativeValidator {
  readonly problems = new ProblemList();
  private readonly stageNames = new Map<string, string>();

  pipeline(doc: PipelineDocument): void {
    const p = doc.pipeline;
    const path = 'pipeline';
    this.agent(p.agent, childPath(path, 'agent'));
    this.post(p.post, childPath(path, 'post'));
    this.environment(p.environment, childPath(path, 'environment'));
    this.namedList(p.tools, childPath(path, 'tools'));
    this.methodCalls(p.options?.options, childPath(path, 'options.options'));
    this.methodCalls(p.triggers?.triggers, childPath(path, 'triggers.triggers'));
    this.methodCalls(p.parameters?.parameters, childPath(path, 'parameters.parameters'));
    p.libraries?.libraries.forEach((lib, i) => this.raw(lib, childPath(path, `libraries.libraries[${i}]`)));
    this.stages(p.stages, childPath(path, 'stages'), false);
  }

  private name(name: string, path: string, what: string): void {
    if (!isGroovyIdentifier(name))
      this.problems.add(path, `${what} ${showValue(name)} is not a valid Groovy name`);
  }

  private raw(arg: RawArgument, path: string): void {
    if (arg.isLiteral && typeof arg.value === 'string') {
      const problem = unrepresentableInGroovy(arg.value);
      if (problem) this.problems.add(path, problem);
    }
  }

  private args(args: ArgumentList, path: string): void {
    if (Array.isArray(args)) {
      args.forEach((a, i) => {
        const at = childPath(path, i);
        if ('key' in a) {
          this.name(a.key, childPath(at, 'key'), 'argument name');
          this.raw(a.value, childPath(at, 'value'));
        } else this.raw(a, at);
      });
    } else this.raw(args, path);
  }

  private namedList(list: NamedArgument[] | undefined, path: string): void {
    const seen = new Set<string>();
    list?.forEach((entry, i) => {
      const at = childPath(path, i);
      this.name(entry.key, childPath(at, 'key'), 'name');
      if (seen.has(entry.key)) this.problems.add(at, `duplicate ${showValue(entry.key)}`);
      seen.add(entry.key);
      this.raw(entry.value, childPath(at, 'value'));
    });
  }

  private methodCalls(calls: MethodCall[] | undefined, path: string): void {
    calls?.forEach((call, i) => this.methodCall(call, childPath(path, i)));
  }

  private methodCall(call: MethodCall, path: string): void {
    this.name(call.name, childPath(path, 'name'), 'method');
    const keyed = call.arguments.filter(isKeyedMethodArg).length;
    if (keyed > 0 && keyed < call.arguments.length) {
      this.problems.add(
        path,
        `${showValue(call.name)} mixes named and unnamed arguments; use one or the other`,
      );
    }
    call.arguments.forEach((arg, i) => {
      const at = childPath(path, `arguments[${i}]`);
      const value = isKeyedMethodArg(arg) ? arg.value : arg;
      if (isKeyedMethodArg(arg)) this.name(arg.key, childPath(at, 'key'), 'argument name');
      if (isMethodCall(value)) this.methodCall(value, at);
      else this.raw(value, at);
    });
  }

  private agent(agent: Agent | undefined, path: string): void {
    if (!agent) return;
    this.name(agent.type, childPath(path, 'type'), 'agent type');
    if ((agent.type === 'any' || agent.type === 'none') && (agent.argument || agent.arguments?.length)) {
      this.problems.add(path, `agent ${agent.type} takes no arguments`);
    }
    if (agent.argument && agent.arguments)
      this.problems.add(path, 'agent has both "argument" and "arguments"; use one');
    if (agent.argument) this.raw(agent.argument, childPath(path, 'argument'));
    this.mapArguments(agent.arguments, childPath(path, 'arguments'));
  }

  private mapArguments(list: MapArgument[] | undefined, path: string): void {
    list?.forEach((entry, i) => {
      const at = childPath(path, i);
      this.name(entry.key, childPath(at, 'key'), 'agent option');
      if (Array.isArray(entry.value)) this.mapArguments(entry.value, childPath(at, 'value'));
      else this.raw(entry.value, childPath(at, 'value'));
    });
  }

  private environment(entries: EnvironmentEntry[] | undefined, path: string): void {
    const seen = new Set<string>();
    entries?.forEach((entry, i) => {
      const at = childPath(path, i);
      this.name(entry.key, childPath(at, 'key'), 'environment variable');
      if (seen.has(entry.key))
        this.problems.add(at, `environment variable ${showValue(entry.key)} is set twice`);
      seen.add(entry.key);
      if ('name' in entry.value) {
        this.name(entry.value.name, childPath(at, 'value.name'), 'function');
        entry.value.arguments.forEach((a, j) => this.raw(a, childPath(at, `value.arguments[${j}]`)));
      } else this.raw(entry.value, childPath(at, 'value'));
    });
  }

  private post(post: Post | undefined, path: string): void {
    const seen = new Set<string>();
    post?.conditions.forEach((c, i) => {
      const at = childPath(path, `conditions[${i}]`);
      if (!(POST_CONDITIONS as readonly string[]).includes(c.condition)) {
        this.problems.add(
          childPath(at, 'condition'),
          `unknown post condition ${showValue(c.condition)}; known: ${POST_CONDITIONS.join(', ')}`,
        );
      }
      if (seen.has(c.condition))
        this.problems.add(at, `post condition ${showValue(c.condition)} appears twice`);
      seen.add(c.condition);
      this.steps(c.branch.steps, childPath(at, 'branch.steps'));
    });
  }

  private steps(steps: Step[], path: string): void {
    steps.forEach((step, i) => {
      const at = childPath(path, i);
      this.name(step.name, childPath(at, 'name'), 'step');
      if (step.name === 'parallel' && steps.length > 1) {
        this.problems.add(
          at,
          'the parallel step can only be the only step of a stage; use parallel stages instead',
        );
      }
      this.args(step.arguments, childPath(at, 'arguments'));
      if (step.children) this.steps(step.children, childPath(at, 'children'));
    });
  }

  private whenCondition(c: WhenCondition, path: string): void {
    const signature = Object.hasOwn(WHEN_CONDITIONS, c.name) ? WHEN_CONDITIONS[c.name] : undefined;
    if (!signature) {
      this.problems.add(
        childPath(path, 'name'),
        `unknown when condition ${showValue(c.name)}; known: ${Object.keys(WHEN_CONDITIONS).join(', ')}`,
      );
      return;
    }
    if (signature.nested) {
      if (!c.children?.length)
        this.problems.add(path, `when condition ${showValue(c.name)} needs nested conditions`);
      if (signature.nested === 'one' && (c.children?.length ?? 0) > 1) {
        this.problems.add(path, `when condition ${showValue(c.name)} takes exactly one nested condition`);
      }
      if (c.arguments !== undefined && !(Array.isArray(c.arguments) && c.arguments.length === 0)) {
        this.problems.add(
          childPath(path, 'arguments'),
          `when condition ${showValue(c.name)} takes nested conditions, not arguments`,
        );
      }
      c.children?.forEach((child, i) => this.whenCondition(child, childPath(path, `children[${i}]`)));
      return;
    }
    if (c.children)
      this.problems.add(
        childPath(path, 'children'),
        `when condition ${showValue(c.name)} cannot hold nested conditions`,
      );
    const args = c.arguments;
    if (args === undefined) return;
    if (Array.isArray(args)) {
      args.forEach((a, i) => {
        const at = childPath(path, `arguments[${i}]`);
        if (!('key' in a)) {
          if (args.length > 1)
            this.problems.add(at, `when condition ${showValue(c.name)} takes named arguments`);
          return;
        }
        const type = signature.parameters[a.key];
        if (!type) {
          this.problems.add(
            at,
            `when condition ${showValue(c.name)} has no parameter ${showValue(a.key)}; known: ${Object.keys(signature.parameters).join(', ') || 'none'}`,
          );
        } else if (type === 'boolean' && a.value.isLiteral && typeof a.value.value !== 'boolean') {
          this.problems.add(
            at,
            `${c.name}'s ${a.key} must be true or false, got ${showValue(a.value.value)}`,
          );
        }
        this.raw(a.value, childPath(at, 'value'));
      });
    } else {
      if (!signature.soleParameter)
        this.problems.add(
          childPath(path, 'arguments'),
          `when condition ${showValue(c.name)} takes no single unnamed argument`,
        );
      this.raw(args, childPath(path, 'arguments'));
    }
  }

  private directives(d: StageDirectives, path: string): void {
    this.agent(d.agent, childPath(path, 'agent'));
    d.when?.conditions.forEach((c, i) => this.whenCondition(c, childPath(path, `when.conditions[${i}]`)));
    this.post(d.post, childPath(path, 'post'));
    this.namedList(d.tools, childPath(path, 'tools'));
    this.environment(d.environment, childPath(path, 'environment'));
    this.methodCalls(d.options?.options, childPath(path, 'options.options'));
    if (d.input) {
      const input = d.input;
      for (const key of ['message', 'id', 'ok', 'submitter', 'submitterParameter'] as const) {
        if (input[key]) this.raw(input[key]!, childPath(path, `input.${key}`));
      }
      this.methodCalls(input.parameters?.parameters, childPath(path, 'input.parameters.parameters'));
    }
  }

  private stages(stages: Stage[], path: string, withinParallel: boolean): void {
    stages.forEach((stage, i) => this.stage(stage, childPath(path, i), withinParallel));
  }

  private stage(stage: Stage, path: string, withinParallel: boolean): void {
    const label = { toString: () => `stage ${showValue(stage.name)}` }; // built only when a problem is reported
    if (stage.name.trim() === '') this.problems.add(childPath(path, 'name'), 'stage name must not be empty');
    const earlier = this.stageNames.get(stage.name);
    if (earlier !== undefined)
      this.problems.add(
        childPath(path, 'name'),
        `duplicate stage name ${showValue(stage.name)} (also at ${earlier})`,
      );
    else this.stageNames.set(stage.name, path);
    this.raw({ isLiteral: true, value: stage.name }, childPath(path, 'name'));
    this.directives(stage, path);

    const bodies = (['branches', 'parallel', 'stages', 'matrix'] as const).filter(
      (k) => stage[k] !== undefined,
    );
    if (bodies.length === 0) this.problems.add(path, `${label} has no steps, stages, parallel or matrix`);
    if (bodies.length > 1) {
      this.problems.add(
        path,
        `${label} has ${bodies.join(' and ')}; a stage holds exactly one of steps, stages, parallel or matrix`,
      );
    }
    const holdsParallel =
      stage.parallel !== undefined || stage.matrix !== undefined || (stage.branches?.length ?? 0) > 1;
    if (holdsParallel && withinParallel) {
      this.problems.add(
        path,
        `${label} nests parallel stages or a matrix inside parallel stages or a matrix; Jenkins allows them only in a top-level stage`,
      );
    }
    if (stage.parallel !== undefined || stage.matrix !== undefined) {
      for (const k of ['agent', 'tools'] as const) {
        if (stage[k] !== undefined)
          this.problems.add(
            childPath(path, k),
            `${label} holds parallel stages or a matrix and cannot have ${k}`,
          );
      }
    }
    if (stage.failFast !== undefined && !holdsParallel) {
      this.problems.add(childPath(path, 'failFast'), `${label} sets failFast but runs nothing in parallel`);
    }
    if (stage.branches) {
      const names = new Set<string>();
      stage.branches.forEach((b, i) => {
        const at = childPath(path, `branches[${i}]`);
        if (stage.branches!.length > 1) {
          if (names.has(b.name)) this.problems.add(at, `duplicate parallel branch ${showValue(b.name)}`);
          this.raw({ isLiteral: true, value: b.name }, childPath(at, 'name'));
        }
        names.add(b.name);
        this.steps(b.steps, childPath(at, 'steps'));
      });
    }
    if (stage.parallel) this.stages(stage.parallel, childPath(path, 'parallel'), true);
    if (stage.stages) this.stages(stage.stages, childPath(path, 'stages'), withinParallel);
    if (stage.matrix) this.matrix(stage.matrix, childPath(path, 'matrix'));
  }

  private matrix(m: Matrix, path: string): void {
    this.directives(m, path);
    const axes = new Map<string, Set<unknown>>();
    m.axes.forEach((axis, i) => {
      const at = childPath(path, `axes[${i}]`);
      this.name(axis.name, childPath(at, 'name'), 'axis');
      if (axes.has(axis.name)) this.problems.add(at, `duplicate axis ${showValue(axis.name)}`);
      const values = new Set<unknown>();
      axis.values.forEach((v, j) => {
        if (values.has(v.value))
          this.problems.add(
            childPath(at, `values[${j}]`),
            `duplicate value ${showValue(v.value)} in axis ${showValue(axis.name)}`,
          );
        values.add(v.value);
        this.raw(v, childPath(at, `values[${j}]`));
      });
      axes.set(axis.name, values);
    });
    m.excludes?.forEach((exclude, i) =>
      exclude.forEach((axis, j) => {
        const at = childPath(path, `excludes[${i}][${j}]`);
        if (!axes.has(axis.name))
          this.problems.add(
            childPath(at, 'name'),
            `exclude names axis ${showValue(axis.name)}, which the matrix does not define`,
          );
        axis.values.forEach((v, k) => this.raw(v, childPath(at, `values[${k}]`)));
      }),
    );
    this.stages(m.stages, childPath(path, 'stages'), true);
  }
}
