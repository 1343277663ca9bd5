/**
 * The entry a table holds under a name someone typed, or undefined. A plain `table[name]` also
 * finds what Object.prototype lends every object (`constructor`, `toString`, `__proto__`), so a
 * step argument, parameter or compose key of that name would pass for a known one.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * An empty record for entries named by users: with no prototype, `record[name] = value` keeps
 * every name, `__proto__` too (on `{}` that assignment changes the prototype and stores nothing).
 */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
