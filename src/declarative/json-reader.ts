import { childPath, ProblemList, showValue } from '../model/problems.js';

/**
 * Small helpers for reading untrusted JSON into typed values while collecting every problem.
 * Each returns undefined (and records a problem) when the value has the wrong shape, so a
 * caller keeps walking the rest of the document.
 */
/** Stands for a required value that is absent; already reported, so readers stay silent on it. */
export const MISSING: unique symbol = Symbol('missing');

export class JsonReader {
  constructor(readonly problems: ProblemList) {}

  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (value === MISSING) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problems.add(path, `must be an object, got ${showValue(value)}`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        this.problems.add(
          childPath(path, key),
          `unknown property ${showValue(key)}; allowed: ${allowed.join(', ')}`,
        );
      }
    }
    return record;
  }

  array(value: unknown, path: string, minItems = 0): unknown[] | undefined {
    if (value === MISSING) return undefined;
    if (!Array.isArray(value)) {
      this.problems.add(path, `must be an array, got ${showValue(value)}`);
      return undefined;
    }
    if (value.length < minItems) {
      this.problems.add(
        path,
        `must have at least ${minItems} item${minItems === 1 ? '' : 's'}, got none`,
        'empty-section',
      );
      return undefined;
    }
    return value;
  }

  string(value: unknown, path: string): string | undefined {
    if (value === MISSING) return undefined;
    if (typeof value !== 'string') {
      this.problems.add(path, `must be a string, got ${showValue(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === MISSING) return undefined;
    if (typeof value !== 'boolean') {
      this.problems.add(path, `must be true or false, got ${showValue(value)}`);
      return undefined;
    }
    return value;
  }

  required(record: Record<string, unknown>, key: string, path: string, what: string): unknown {
    if (record[key] === undefined) {
      this.problems.add(path, `${what} is missing required ${showValue(key)}`, 'required-section');
      return MISSING;
    }
    return record[key];
  }

  /** Maps an array's items, dropping the ones that failed to read. */
  items<T>(
    value: unknown,
    path: string,
    minItems: number,
    read: (item: unknown, path: string) => T | undefined,
  ): T[] | undefined {
    const list = this.array(value, path, minItems);
    if (!list) return undefined;
    const out: T[] = [];
    list.forEach((item, i) => {
      const result = read(item, childPath(path, i));
      if (result !== undefined) out.push(result);
    });
    return out;
  }
}
