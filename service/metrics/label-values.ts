/**
 * Label values that come from users (pipeline groups) are capped: past `limit` distinct values
 * the rest share `overflow`, so a run of many groups cannot grow the series count without end.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly overflow = 'other',
  ) {}

  /** The value to use for `value`; `isNew` is true the first time a value is admitted. */
  admit(value: string): { label: string; isNew: boolean } {
    if (this.seen.has(value)) return { label: value, isNew: false };
    if (this.seen.size >= this.limit) {
      const isNew = !this.seen.has(this.overflow);
      this.seen.add(this.overflow);
      return { label: this.overflow, isNew };
    }
    this.seen.add(value);
    return { label: value, isNew: true };
  }
}

/** A small map that forgets its oldest entry past `limit` (the run -> group cache). */
export class RecentMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
