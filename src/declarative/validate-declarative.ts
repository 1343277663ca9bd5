import { unrepresentableInGroovy } from '../groovy/groovy-literal.js';
import { isGroovyIdentifier } from '../model/groovy-names.js';
import {
  BLOCKED_IN_METHOD_CALLS,
  BLOCKED_IN_STEPS,
  BUILD_PARAMETERS,
  NESTED_DESCRIBABLES,
  OPTIONS,
  TRIGGERS,
  type MethodSignature,
  type ParameterType,
} from '../model/method-catalogue.js';
import {
  childPath,
  PipelineValidationError,
  ProblemList,
  showValue,
  type Problem,
} from '../model/problems.js';
import { POST_CONDITIONS, WHEN_CONDITIONS } from '../model/step-catalogue.js';
import {
  isKeyedMethodArg,
  isMethodCall,
  type Agent,
  type ArgumentList,
  type Axis,
  type Branch,
  type ExcludeAxis,
  type EnvironmentEntry,
  type MapArgument,
  type Matrix,
  type MethodCall,
  type NamedArgument,
  type PipelineDocument,
  type Post,
  type RawArgument,
  type Stage,
  type Step,
  type When,
  type WhenCondition,
} from './ast.js';
import { RULE } from './declarative-rules.js';
import {
  directivesOf,
  type BlockName,
  type DirectiveSpec,
  type MethodContext as DirectiveContext,
} from './declarative-vocabulary.js';
import { ownEntry } from '../model/own-entry.js';

/**
 * The rules of Jenkins' Declarative validator (ModelValidatorImpl and its contributors) that a
 * JSON shape cannot express, each tagged with its id in docs/declarative-rules.md, plus the few
 * pipewright needs to write valid Groovy. Like Jenkins' converter, it coerces a literal to the
 * declared type of its parameter where Jenkins would (`'true'` for a boolean becomes `true`):
 * the document is changed in place.
 */
export function validateDeclarative(doc: PipelineDocument): Problem[] {
  const v = new DeclarativeValidator();
  v.pipeline(doc);
  return v.problems.items;
}

declare const meetsDeclarativeRules: unique symbol;

/**
 * A document known to meet Declarative's rules, the only kind renderJenkinsfile writes. Two
 * places make one: checkDeclarative, for documents from outside (pipeline JSON, imported
 * Jenkinsfiles), and compilePipeline, for a model validatePipeline accepted: that output is valid
 * by construction, which test/model/compiled-documents.test.ts and the injection property test
 * prove by running the check on compiled documents, so it is not checked again on every render.
 */
export type CheckedDocument = PipelineDocument & { readonly [meetsDeclarativeRules]: true };

/** Checks a document against Declarative's rules (validateDeclarative); throws PipelineValidationError. */
export function checkDeclarative(doc: PipelineDocument): CheckedDocument {
  const problems = validateDeclarative(doc);
  if (problems.length > 0) throw new PipelineValidationError(problems);
  return doc as CheckedDocument;
}

type MethodContext = DirectiveContext | 'nested';
const SIGNATURES: Record<MethodContext, Readonly<Record<string, MethodSignature>>> = {
  option: OPTIONS,
  trigger: TRIGGERS,
  parameter: BUILD_PARAMETERS,
  nested: NESTED_DESCRIBABLES,
};

class DeclarativeValidator {
  readonly problems = new ProblemList();

  pipeline(doc: PipelineDocument): void {
    for (const key of ['prologue', 'epilogue'] as const) {
      const code = doc.groovy?.[key];
      const problem = code === undefined ? null : unrepresentableInGroovy(code);
      if (problem) this.problems.add(childPath('groovy', key), problem, RULE.unreadableCharacter);
    }
    this.block('pipeline', doc.pipeline, 'pipeline', false);
  }

  /** Checks every directive of a block the vocabulary lists. */
  private block(block: BlockName, owner: object, path: string, withinParallel: boolean): void {
    const o = owner as Record<string, unknown>;
    for (const [key, spec] of directivesOf(block)) {
      if (o[key] !== undefined) this.directive(spec, key, o, childPath(path, key), withinParallel);
    }
  }

  private directive(
    spec: DirectiveSpec,
    key: string,
    owner: Record<string, unknown>,
    path: string,
    withinParallel: boolean,
  ): void {
    const value = owner[key] as never;
    switch (spec.kind) {
      case 'agent':
        return this.agent(value, path);
      case 'axes':
        return this.axes(value, path);
      case 'branches':
        return this.branches(value, path);
      case 'environment':
        return this.environment(value, path);
      case 'excludes':
        return this.excludes(value, path);
      case 'failFast':
        return;
      case 'input':
        return this.block('input', value, path, withinParallel);
      case 'libraries':
        return (value as { libraries: RawArgument[] }).libraries.forEach((lib, i) =>
          this.raw(lib, childPath(path, `libraries[${i}]`)),
        );
      case 'matrix':
        return this.matrix(value, path);
      case 'methods':
        return this.methodCalls(
          (value as Record<string, MethodCall[]>)[key],
          childPath(path, key),
          spec.context!,
        );
      case 'post':
        return this.post(value, path);
      case 'stages':
        return this.stages(value, path, spec.parallel === true || withinParallel);
      case 'tools':
        return this.namedList(value, path);
      case 'value':
        return this.raw(value, path);
      case 'when':
        return (value as When).conditions.forEach((c, i) =>
          this.whenCondition(c, childPath(path, `conditions[${i}]`)),
        );
      default:
        return unknownKind(spec.kind);
    }
  }

  /** Names written bare in Groovy (step, method, agent type, environment variable). */
  private name(name: string, path: string, what: string): void {
    if (!isGroovyIdentifier(name))
      this.problems.add(path, `${what} ${showValue(name)} is not a valid Groovy name`, RULE.groovyName);
  }

  private raw(arg: RawArgument, path: string): void {
    if (arg.isLiteral && typeof arg.value === 'string') {
      const problem = unrepresentableInGroovy(arg.value);
      if (problem) this.problems.add(path, problem, RULE.unreadableCharacter);
    }
  }

  /**
   * Jenkins' validateParameterType: a literal must convert to the parameter's type, except that
   * a number or boolean is never a string and a string or boolean never an int. A `'true'` or
   * `'false'` string for a boolean parameter becomes the boolean, as Jenkins' conversion does.
   */
  private typed(arg: RawArgument, type: ParameterType | undefined, path: string, key: string): void {
    this.raw(arg, path);
    if (!arg.isLiteral || arg.value === null || type === undefined) return;
    const v = arg.value;
    const wrong = (expected: string) =>
      this.problems.add(
        path,
        `expects ${expected} for ${showValue(key)}, got ${showValue(v)} (${typeof v})`,
        RULE.parameterType,
      );
    if (type === 'string' && typeof v !== 'string') wrong('a string');
    else if (type === 'int' && !(typeof v === 'number' && Number.isInteger(v))) wrong('an integer');
    else if (type === 'boolean' && typeof v !== 'boolean') {
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) arg.value = v.toLowerCase() === 'true';
      else wrong('true or false');
    }
  }

  private args(args: ArgumentList, path: string): void {
    if (Array.isArray(args)) {
      args.forEach((a, i) => {
        const at = childPath(path, i);
        if ('key' in a) this.raw(a.value, childPath(at, 'value'));
        else this.raw(a, at);
      });
    } else this.raw(args, path);
  }

  private namedList(list: NamedArgument[] | undefined, path: string): void {
    list?.forEach((entry, i) => {
      const at = childPath(path, i);
      this.name(entry.key, childPath(at, 'key'), 'name');
      this.raw(entry.value, childPath(at, 'value'));
    });
  }

  private methodCalls(calls: MethodCall[] | undefined, path: string, context: MethodContext): void {
    const seen = new Set<string>();
    calls?.forEach((call, i) => {
      const at = childPath(path, i);
      if (context !== 'parameter' && seen.has(call.name)) {
        this.problems.add(
          at,
          `duplicate ${context} ${showValue(call.name)}`,
          context === 'option' ? RULE.duplicateOption : RULE.duplicateTrigger,
        );
      }
      seen.add(call.name);
      this.methodCall(call, at, context);
    });
  }

  private methodCall(call: MethodCall, path: string, context: MethodContext): void {
    this.name(call.name, childPath(path, 'name'), 'method');
    const blocked = ownEntry(BLOCKED_IN_METHOD_CALLS, call.name);
    if (blocked !== undefined) {
      this.problems.add(
        childPath(path, 'name'),
        `${showValue(call.name)} is not allowed here: ${blocked}`,
        RULE.blockedStep,
      );
    }
    const signature = ownEntry(SIGNATURES[context], call.name) ?? ownEntry(NESTED_DESCRIBABLES, call.name);
    const keyed = call.arguments.filter(isKeyedMethodArg).length;
    if (keyed > 0 && keyed < call.arguments.length) {
      this.problems.add(
        path,
        `${showValue(call.name)} mixes named and unnamed arguments; use one or the other`,
        RULE.mixedArguments,
      );
    } else if (keyed === 0 && call.arguments.length > 1 && signature) {
      this.problems.add(path, `arguments to ${showValue(call.name)} must be named`, RULE.tooManyUnnamed);
    }
    call.arguments.forEach((arg, i) => {
      const at = childPath(path, `arguments[${i}]`);
      const value = isKeyedMethodArg(arg) ? arg.value : arg;
      // One unnamed argument stands for the sole parameter; several have no names to check against.
      const key = isKeyedMethodArg(arg)
        ? arg.key
        : call.arguments.length === 1
          ? signature?.soleParameter
          : undefined;
      if (isKeyedMethodArg(arg) && signature && !Object.hasOwn(signature.parameters, arg.key)) {
        this.problems.add(
          childPath(at, 'key'),
          `${showValue(call.name)} has no parameter ${showValue(arg.key)}; known: ${Object.keys(signature.parameters).join(', ') || 'none'}`,
          RULE.invalidParameter,
        );
      }
      if (isMethodCall(value)) this.methodCall(value, at, 'nested');
      else {
        const type = signature && key !== undefined ? ownEntry(signature.parameters, key) : undefined;
        this.typed(value, type, isKeyedMethodArg(arg) ? childPath(at, 'value') : at, key ?? call.name);
      }
    });
  }

  private agent(agent: Agent | undefined, path: string): void {
    if (!agent) return;
    this.name(agent.type, childPath(path, 'type'), 'agent type');
    if (agent.argument && agent.arguments)
      this.problems.add(path, 'agent has both "argument" and "arguments"; use one', RULE.jsonShape);
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
      if (!isGroovyIdentifier(entry.key))
        this.problems.add(
          childPath(at, 'key'),
          `${showValue(entry.key)} is not a valid environment variable name`,
          RULE.envIdentifier,
        );
      if (seen.has(entry.key))
        this.problems.add(
          at,
          `environment variable ${showValue(entry.key)} is set twice`,
          RULE.duplicateEnvVar,
        );
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
          RULE.unknownBuildCondition,
        );
      }
      if (seen.has(c.condition))
        this.problems.add(
          at,
          `post condition ${showValue(c.condition)} appears twice`,
          RULE.duplicateBuildCondition,
        );
      seen.add(c.condition);
      this.steps(c.branch.steps, childPath(at, 'branch.steps'));
    });
  }

  private steps(steps: Step[], path: string): void {
    steps.forEach((step, i) => {
      const at = childPath(path, i);
      this.name(step.name, childPath(at, 'name'), 'step');
      const blocked = ownEntry(BLOCKED_IN_STEPS, step.name);
      if (blocked !== undefined) {
        this.problems.add(
          childPath(at, 'name'),
          `step ${showValue(step.name)} is not allowed here: ${blocked}`,
          RULE.blockedStep,
        );
      }
      this.args(step.arguments, childPath(at, 'arguments'));
      if (step.children) this.steps(step.children, childPath(at, 'children'));
    });
  }

  private whenCondition(c: WhenCondition, path: string): void {
    const signature = ownEntry(WHEN_CONDITIONS, c.name);
    if (!signature) {
      this.problems.add(
        childPath(path, 'name'),
        `unknown when condition ${showValue(c.name)}; known: ${Object.keys(WHEN_CONDITIONS).join(', ')}`,
        RULE.whenUnknownCondition,
      );
      return;
    }
    if (signature.nested) {
      if (c.arguments !== undefined && !(Array.isArray(c.arguments) && c.arguments.length === 0)) {
        this.problems.add(
          childPath(path, 'arguments'),
          `when condition ${showValue(c.name)} takes nested conditions, not arguments`,
          RULE.whenNestedArguments,
        );
      } else if (!c.children?.length)
        this.problems.add(
          path,
          `when condition ${showValue(c.name)} needs nested conditions`,
          RULE.whenNestedChildren,
        );
      else if (signature.nested === 'one' && c.children.length !== 1) {
        this.problems.add(
          path,
          `when condition ${showValue(c.name)} takes exactly one nested condition`,
          RULE.whenNestedChildren,
        );
      }
      c.children?.forEach((child, i) => this.whenCondition(child, childPath(path, `children[${i}]`)));
      return;
    }
    if (c.children)
      this.problems.add(
        childPath(path, 'children'),
        `when condition ${showValue(c.name)} cannot hold nested conditions`,
        RULE.whenNoChildren,
      );
    const args = c.arguments;
    if (args === undefined) return;
    if (Array.isArray(args)) {
      const named = args.filter((a) => 'key' in a).length;
      if (named === 0 && args.length > 1)
        this.problems.add(
          childPath(path, 'arguments'),
          `arguments to when condition ${showValue(c.name)} must be named`,
          RULE.tooManyUnnamed,
        );
      args.forEach((a, i) => {
        const at = childPath(path, `arguments[${i}]`);
        if (!('key' in a)) {
          this.raw(a, at);
          return;
        }
        const type = ownEntry(signature.parameters, a.key);
        if (!type) {
          this.problems.add(
            at,
            `when condition ${showValue(c.name)} has no parameter ${showValue(a.key)}; known: ${Object.keys(signature.parameters).join(', ') || 'none'}`,
            RULE.invalidParameter,
          );
        }
        this.typed(a.value, type === 'code' ? undefined : type, childPath(at, 'value'), a.key);
      });
    } else {
      if (!signature.soleParameter)
        this.problems.add(
          childPath(path, 'arguments'),
          `when condition ${showValue(c.name)} takes no single unnamed argument`,
          RULE.notSingleParameter,
        );
      const type = signature.soleParameter ? signature.parameters[signature.soleParameter] : undefined;
      this.typed(args, type === 'code' ? undefined : type, childPath(path, 'arguments'), c.name);
    }
  }

  /** Jenkins' ModelASTStages rule: names are unique within one stages (or parallel) block. */
  private stages(stages: Stage[], path: string, withinParallel: boolean): void {
    const seen = new Map<string, string>();
    stages.forEach((stage, i) => {
      const at = childPath(path, i);
      const earlier = seen.get(stage.name);
      if (earlier !== undefined)
        this.problems.add(
          childPath(at, 'name'),
          `duplicate stage name ${showValue(stage.name)} in this block (also at ${earlier})`,
          RULE.duplicateStageName,
        );
      else seen.set(stage.name, at);
      this.stage(stage, at, withinParallel);
    });
  }

  private stage(stage: Stage, path: string, withinParallel: boolean): void {
    const label = { toString: () => `stage ${showValue(stage.name)}` }; // built only when a problem is reported
    if (stage.name.trim() === '')
      this.problems.add(childPath(path, 'name'), 'stage name must not be empty', RULE.stageName);
    this.raw({ isLiteral: true, value: stage.name }, childPath(path, 'name'));

    const bodies = directivesOf('stage')
      .filter(([key, spec]) => spec.body && stage[key as keyof Stage] !== undefined)
      .map(([key]) => key);
    const holdsParallel =
      stage.parallel !== undefined || stage.matrix !== undefined || (stage.branches?.length ?? 0) > 1;
    if (holdsParallel && withinParallel) {
      this.problems.add(
        path,
        `${label} nests parallel stages or a matrix inside parallel stages or a matrix; Jenkins allows them only in a top-level stage`,
        RULE.nestedParallel,
      );
    } else if (bodies.length === 0)
      this.problems.add(path, `${label} has no steps, stages, parallel or matrix`, RULE.stageBody);
    else if (bodies.length > 1) {
      this.problems.add(
        path,
        `${label} has ${bodies.join(' and ')}; a stage holds exactly one of steps, stages, parallel or matrix`,
        RULE.stageBody,
      );
    } else if (stage.parallel !== undefined || stage.matrix !== undefined) {
      for (const k of ['agent', 'tools'] as const) {
        if (stage[k] !== undefined)
          this.problems.add(
            childPath(path, k),
            `${label} holds parallel stages or a matrix and cannot have ${k}`,
            RULE.agentInParallelStage,
          );
      }
    }
    this.block('stage', stage, path, withinParallel);
  }

  /** One branch is a steps block; several are parallel branches, whose names Jenkins keeps apart. */
  private branches(branches: Branch[], path: string): void {
    const names = new Set<string>();
    branches.forEach((b, i) => {
      const at = childPath(path, i);
      if (branches.length > 1) {
        if (names.has(b.name))
          this.problems.add(
            at,
            `duplicate parallel branch ${showValue(b.name)}`,
            RULE.duplicateParallelBranch,
          );
        this.raw({ isLiteral: true, value: b.name }, childPath(at, 'name'));
      }
      names.add(b.name);
      this.steps(b.steps, childPath(at, 'steps'));
    });
  }

  private matrix(m: Matrix, path: string): void {
    this.block('matrix', m, path, true);
  }

  private axes(axes: Axis[], path: string): void {
    const names = new Set<string>();
    axes.forEach((axis, i) => {
      const at = childPath(path, i);
      if (!isGroovyIdentifier(axis.name))
        this.problems.add(
          childPath(at, 'name'),
          `axis name ${showValue(axis.name)} is not a valid identifier`,
          RULE.envIdentifier,
        );
      if (names.has(axis.name))
        this.problems.add(at, `duplicate axis ${showValue(axis.name)}`, RULE.duplicateAxis);
      names.add(axis.name);
      const values = new Set<unknown>();
      axis.values.forEach((v, j) => {
        const vat = childPath(at, `values[${j}]`);
        if (values.has(v.value))
          this.problems.add(
            vat,
            `duplicate value ${showValue(v.value)} in axis ${showValue(axis.name)}`,
            RULE.duplicateAxisValue,
          );
        if (!v.isLiteral)
          this.problems.add(
            vat,
            `axis values must be string literals, got ${showValue(v.value)}`,
            RULE.axisValueLiteral,
          );
        values.add(v.value);
        this.raw(v, vat);
      });
    });
  }

  private excludes(excludes: ExcludeAxis[][], path: string): void {
    excludes.forEach((exclude, i) => {
      const names = new Set<string>();
      exclude.forEach((axis, j) => {
        const at = `${path}[${i}][${j}]`;
        if (names.has(axis.name))
          this.problems.add(at, `duplicate axis ${showValue(axis.name)}`, RULE.duplicateAxis);
        names.add(axis.name);
        axis.values.forEach((v, k) => this.raw(v, childPath(at, `values[${k}]`)));
      });
    });
  }
}

/** The compiler proves every kind is handled; this only runs if the table and the switch disagree. */
function unknownKind(kind: never): never {
  throw new Error(`no check for directive kind ${String(kind)}`);
}
