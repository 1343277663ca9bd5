/**
 * Validation problems. Every validator in pipewright walks the whole input and collects every
 * problem; callers throw once with all of them, one `[path] message` line each.
 */
export interface Problem {
  /** Where the problem is, e.g. `pipeline.stages[1].steps[0].sh`. */
  path: string;
  message: string;
  /** The id of the Declarative rule that found it (docs/declarative-rules.md), when one did. */
  rule?: string;
}

export class PipelineValidationError extends Error {
  readonly code = 'PIPELINE_INVALID';
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.problems = problems;
  }
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `[${p.path}] ${p.message}`).join('\n');
}

/** Appends `.key` or `[index]` to a path. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Shows a user's value inside an error message, shortened and with control characters visible. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** Collects problems while a validator walks a tree. */
export class ProblemList {
  readonly items: Problem[] = [];

  add(path: string, message: string, rule?: string): void {
    this.items.push(rule === undefined ? { path, message } : { path, message, rule });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw new PipelineValidationError(this.items);
  }
}
