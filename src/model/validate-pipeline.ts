import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { holdsGroovyCode } from './groovy-code.js';
import { isGroovyIdentifier } from './groovy-names.js';
import { MODEL_DEFAULTS, PRODUCTION_GROUP } from './model-defaults.js';
import { LIBRARY_STEPS, isLibraryStep, type LibraryParameter } from './library-steps.js';
import { childPath, PipelineValidationError, ProblemList, showValue, type Problem } from './problems.js';
import {
  PipelineSchema,
  StageSchema,
  type PipelineModel,
  type StageModel,
  type StepModel,
} from './pipeline-schema.js';
import { schemaProblems } from './schema-errors.js';
import { ownEntry } from './own-entry.js';

const CRON_FIELDS = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/;
const GIT_URL = /^(https?:\/\/|ssh:\/\/|git:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)\S+$/;
const CHECKOUT_STAGE = MODEL_DEFAULTS.checkoutStage;

/**
 * Validates a pipeline model in one pass and returns every problem: the schema's (types,
 * required fields, unknown fields) and the rules a schema cannot state. Written to survive
 * malformed input, so schema and rule problems come back together.
 */
export function pipelineProblems(input: unknown): Problem[] {
  const problems = new ProblemList();
  // The compiled check is fast; the slower error walk runs only when something is wrong.
  if (!compiledSchema().Check(input))
    problems.items.push(...schemaProblems(PipelineSchema, input, [StageSchema]));
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    new PipelineRules(problems).check(input as Partial<PipelineModel>);
  }
  return problems.items;
}

declare const passedValidation: unique symbol;

/** A pipeline model validatePipeline accepted: the only kind compilePipeline turns into a CheckedDocument. */
export type ValidPipelineModel = PipelineModel & { readonly [passedValidation]: true };

/** Returns the input typed as a valid pipeline, or throws PipelineValidationError listing every problem. */
export function validatePipeline(input: unknown): ValidPipelineModel {
  const problems = pipelineProblems(input);
  if (problems.length > 0) throw new PipelineValidationError(problems);
  return input as ValidPipelineModel;
}

let compiled: TypeCheck<typeof PipelineSchema> | undefined;
function compiledSchema(): TypeCheck<typeof PipelineSchema> {
  compiled ??= TypeCompiler.Compile(PipelineSchema, [StageSchema]);
  return compiled;
}

const pathOf = (keys: (string | number)[]) => keys.reduce<string>((path, k) => childPath(path, k), '');
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

class PipelineRules {
  private production = false;

  constructor(private readonly problems: ProblemList) {}

  check(p: Partial<PipelineModel>): void {
    this.production = p.group === PRODUCTION_GROUP;
    this.noUnreadableCharacters(p, []);
    if (typeof p.source?.git === 'string' && !GIT_URL.test(p.source.git)) {
      this.problems.add(
        'source.git',
        `${showValue(p.source.git)} is not a git URL (https://, ssh://, git@host:path or file://)`,
      );
    }
    this.triggers(p.triggers);
    this.parameters(p.parameters, 'parameters');
    this.environment(p.environment, 'environment');
    const kubernetes =
      isObject(p.agent) && Boolean(p.agent.yaml || p.agent.podTemplate || p.agent.defaultContainer);
    const topLevel = this.stages(p.stages, 'stages', false, kubernetes);
    const checkout = topLevel.get(CHECKOUT_STAGE);
    if (p.source && checkout !== undefined) {
      this.problems.add(
        childPath(childPath('stages', checkout), 'name'),
        `stage name ${showValue(CHECKOUT_STAGE)} is taken by the checkout of source.git, which comes first in the same block; rename this stage`,
      );
    }
    this.post(p.post, 'post');
    this.groovyAround(p.groovy);
  }

  /** Comments alone would not survive an import (comments are not kept), so they are refused. */
  private groovyAround(groovy: unknown): void {
    if (!isObject(groovy)) return;
    if (groovy.prologue === undefined && groovy.epilogue === undefined)
      this.problems.add('groovy', 'needs a "prologue" or an "epilogue"; leave "groovy" out otherwise');
    for (const key of ['prologue', 'epilogue'] as const) {
      const code = groovy[key];
      if (typeof code === 'string' && code !== '' && !holdsGroovyCode(code))
        this.problems.add(childPath('groovy', key), `holds no Groovy code; leave ${showValue(key)} out`);
    }
  }

  /**
   * U+FFFF cannot be written in any Groovy 2.4 literal; say so where it is. The walk keeps the
   * path as a list of keys and joins it only for a problem: it visits every value of every
   * pipeline, and building a path string for each was a tenth of the time of a render.
   */
  private noUnreadableCharacters(value: unknown, keys: (string | number)[]): void {
    if (typeof value === 'string') {
      if (value.includes('\uffff'))
        this.problems.add(
          pathOf(keys) || '(root)',
          'contains U+FFFF, a noncharacter that Groovy 2.4 reads as end of file',
        );
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        keys.push(i);
        this.noUnreadableCharacters(value[i], keys);
        keys.pop();
      }
    } else if (isObject(value)) {
      for (const k in value) {
        keys.push(k);
        if (k.includes('\uffff')) this.problems.add(pathOf(keys), 'key contains U+FFFF');
        this.noUnreadableCharacters(value[k], keys);
        keys.pop();
      }
    }
  }

  private triggers(triggers: unknown): void {
    const seen = new Set<string>();
    list<Record<string, unknown>>(triggers).forEach((t, i) => {
      if (!isObject(t)) return;
      const at = childPath('triggers', i);
      if (t.type !== 'cron' && seen.has(String(t.type)))
        this.problems.add(at, `trigger ${showValue(t.type)} is listed twice`);
      seen.add(String(t.type));
      if (t.type === 'cron' && typeof t.schedule === 'string' && !CRON_FIELDS.test(t.schedule.trim())) {
        this.problems.add(
          childPath(at, 'schedule'),
          `${showValue(t.schedule)} is not a cron spec (five fields, or @daily and friends)`,
        );
      }
    });
  }

  private parameters(params: unknown, path: string): void {
    const seen = new Set<string>();
    list<Record<string, unknown>>(params).forEach((p, i) => {
      if (!isObject(p)) return;
      const at = childPath(path, i);
      if (typeof p.name === 'string') {
        if (!isGroovyIdentifier(p.name))
          this.problems.add(
            childPath(at, 'name'),
            `parameter name ${showValue(p.name)} must be a letter or _ followed by letters, digits or _`,
          );
        if (seen.has(p.name))
          this.problems.add(childPath(at, 'name'), `parameter ${showValue(p.name)} is declared twice`);
        seen.add(p.name);
      }
      if (p.type === 'password' && p.default !== undefined) {
        this.problems.add(
          childPath(at, 'default'),
          'a password parameter takes no default: a Jenkinsfile is not a place for secrets; use a Jenkins credential',
        );
      }
      if (p.type === 'boolean' && p.default !== undefined && typeof p.default !== 'boolean') {
        this.problems.add(
          childPath(at, 'default'),
          `a boolean parameter needs true or false, got ${showValue(p.default)}`,
        );
      }
      if (p.type !== 'boolean' && typeof p.default === 'boolean') {
        this.problems.add(
          childPath(at, 'default'),
          `a ${String(p.type)} parameter needs a string default, got ${p.default}`,
        );
      }
      if (p.type === 'choice') {
        const choices = list<string>(p.choices);
        if (choices.length === 0) this.problems.add(at, 'a choice parameter needs choices');
        else if (p.default !== undefined && p.default !== choices[0])
          this.problems.add(
            childPath(at, 'default'),
            `a choice parameter starts at its first choice (Jenkins has no other default); list ${showValue(p.default)} first and leave default out`,
          );
        choices.forEach((c, j) => {
          if (typeof c === 'string' && /[\r\n]/.test(c))
            this.problems.add(childPath(at, `choices[${j}]`), 'a choice cannot contain a line break');
        });
      } else if (p.choices !== undefined)
        this.problems.add(
          childPath(at, 'choices'),
          `only choice parameters take choices, this one is ${showValue(p.type)}`,
        );
    });
  }

  private environment(env: unknown, path: string): void {
    if (!isObject(env)) return;
    for (const name of Object.keys(env)) {
      if (!isGroovyIdentifier(name))
        this.problems.add(
          childPath(path, name),
          `environment variable name ${showValue(name)} must be a letter or _ followed by letters, digits or _`,
        );
    }
  }

  private post(post: unknown, path: string): void {
    if (!isObject(post)) return;
    if (Object.keys(post).length === 0)
      this.problems.add(path, 'post has no conditions; remove it or add always/success/failure/...');
    for (const [condition, steps] of Object.entries(post)) this.steps(steps, childPath(path, condition));
  }

  /**
   * One `stages` or `parallel` block. Like Jenkins (ModelValidatorImpl on ModelASTStages), names
   * are unique among siblings only: equal names under different parents are fine. Returns the
   * block's names with their indexes.
   */
  private stages(
    stages: unknown,
    path: string,
    withinParallel: boolean,
    kubernetesAgent: boolean,
  ): Map<string, number> {
    const names = new Map<string, number>();
    const all = list<StageModel>(stages);
    for (let i = 0; i < all.length; i++) {
      const s = all[i] as StageModel;
      const at = childPath(path, i);
      if (isObject(s) && typeof s.name === 'string') {
        const earlier = names.get(s.name);
        if (earlier !== undefined)
          this.problems.add(
            childPath(at, 'name'),
            `duplicate stage name ${showValue(s.name)} in this block (also at ${childPath(path, earlier)})`,
          );
        else names.set(s.name, i);
      }
      this.stage(s, at, withinParallel, kubernetesAgent);
    }
    return names;
  }

  private stage(s: StageModel, path: string, withinParallel: boolean, kubernetesAgent: boolean): void {
    if (!isObject(s)) return;
    const label = { toString: () => `stage ${showValue(s.name)}` }; // built only when a problem is reported
    const bodies =
      (s.steps !== undefined ? 1 : 0) + (s.parallel !== undefined ? 1 : 0) + (s.stages !== undefined ? 1 : 0);
    if (bodies === 0) this.problems.add(path, `${label} is empty: give it steps, parallel or stages`);
    if (bodies > 1) {
      const names = (['steps', 'parallel', 'stages'] as const).filter((k) => s[k] !== undefined);
      this.problems.add(path, `${label} has ${names.join(' and ')}; a stage holds exactly one of them`);
    }
    if (s.parallel !== undefined && withinParallel) {
      this.problems.add(
        childPath(path, 'parallel'),
        `${label} nests parallel stages inside parallel stages, which Jenkins does not allow`,
      );
    }
    if (s.parallel !== undefined && s.agent !== undefined) {
      this.problems.add(
        childPath(path, 'agent'),
        `${label} holds parallel stages and cannot have an agent; give each branch its own`,
      );
    }
    if ((s.parallel !== undefined || s.stages !== undefined) && s.container !== undefined) {
      this.problems.add(
        childPath(path, 'container'),
        `${label} has no steps of its own to run in container ${showValue(s.container)}`,
      );
    }
    if (s.failFast !== undefined && s.parallel === undefined)
      this.problems.add(childPath(path, 'failFast'), `${label} sets failFast but has no parallel stages`);
    const kubernetes = isObject(s.agent)
      ? Boolean(s.agent.yaml || s.agent.podTemplate || s.agent.defaultContainer)
      : s.agent
        ? false
        : kubernetesAgent;
    if (s.container !== undefined && !kubernetes) {
      this.problems.add(
        childPath(path, 'container'),
        `${label} runs in container ${showValue(s.container)} but its agent is not a Kubernetes pod (set agent.podTemplate, agent.yaml or agent.defaultContainer)`,
      );
    }
    if (isObject(s.when) && Object.keys(s.when).length === 0)
      this.problems.add(childPath(path, 'when'), `${label} has an empty when; remove it or add a condition`);
    if (isObject(s.gate)) {
      const users = list(s.gate.submitters?.users).length;
      const groups = list(s.gate.submitters?.groups).length;
      if (this.production && users + groups === 0) {
        this.problems.add(
          childPath(path, 'gate.submitters'),
          `${label} is in a production pipeline: its gate must name the users or groups who may approve`,
        );
      }
      this.parameters(s.gate.parameters, childPath(path, 'gate.parameters'));
    }
    // Paths are built only for what the stage has: this walk visits every stage of every render.
    if (s.environment !== undefined) this.environment(s.environment, childPath(path, 'environment'));
    if (s.steps !== undefined) this.steps(s.steps, childPath(path, 'steps'));
    if (s.parallel !== undefined) this.stages(s.parallel, childPath(path, 'parallel'), true, kubernetes);
    if (s.stages !== undefined) this.stages(s.stages, childPath(path, 'stages'), withinParallel, kubernetes);
    if (s.post !== undefined) this.post(s.post, childPath(path, 'post'));
  }

  private steps(steps: unknown, path: string): void {
    const all = list<StepModel>(steps);
    for (let i = 0; i < all.length; i++) {
      const step = all[i];
      if (!isObject(step) || !('step' in step) || typeof step.step !== 'string') continue;
      const at = childPath(path, i);
      const call = step as { step: string; with?: Record<string, unknown> };
      if (!isGroovyIdentifier(call.step)) {
        this.problems.add(
          childPath(at, 'step'),
          `${showValue(call.step)} is not a step name (letters, digits and _, not a Groovy keyword)`,
        );
        continue;
      }
      for (const key of Object.keys(call.with ?? {})) {
        if (!isGroovyIdentifier(key))
          this.problems.add(childPath(at, `with.${key}`), `${showValue(key)} is not an argument name`);
      }
      if (isLibraryStep(call.step)) this.libraryArguments(call.step, call.with ?? {}, at);
    }
  }

  private libraryArguments(
    name: keyof typeof LIBRARY_STEPS,
    args: Record<string, unknown>,
    path: string,
  ): void {
    const params = LIBRARY_STEPS[name].parameters;
    for (const key of Object.keys(args)) {
      const value = args[key];
      const param = ownEntry<LibraryParameter>(params, key);
      if (!param) {
        this.problems.add(
          childPath(path, `with.${key}`),
          `${name} has no argument ${showValue(key)}; it takes: ${Object.keys(params).join(', ')}`,
        );
        continue;
      }
      const problem = argumentProblem(param, value);
      if (problem) this.problems.add(childPath(path, `with.${key}`), `${name}'s ${key} ${problem}`);
    }
    for (const [key, param] of REQUIRED_ARGUMENTS.get(name)!) {
      if (args[key] === undefined)
        this.problems.add(
          childPath(path, 'with'),
          `${name} needs argument ${showValue(key)} (${param.description})`,
        );
    }
  }
}

/** Each library step's required arguments, listed once: the check runs for every library step of every pipeline. */
const REQUIRED_ARGUMENTS = new Map(
  Object.entries(LIBRARY_STEPS).map(([name, step]) => [
    name,
    Object.entries(step.parameters as Record<string, LibraryParameter>).filter(([, p]) => p.required),
  ]),
);

function argumentProblem(param: LibraryParameter, value: unknown): string | null {
  if (isObject(value) && typeof value.expression === 'string') return null;
  switch (param.type) {
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? null
        : `must be a list of strings, got ${showValue(value)}`;
    case 'string':
      if (typeof value !== 'string') return `must be a string, got ${showValue(value)}`;
      return param.oneOf && !param.oneOf.includes(value)
        ? `must be one of ${param.oneOf.join(', ')}, got ${showValue(value)}`
        : null;
    default:
      return typeof value === param.type ? null : `must be a ${param.type}, got ${showValue(value)}`;
  }
}
