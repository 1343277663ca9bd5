/**
 * Counts writes of one kind (what the pipeline list shows; who may sign in), so a cache of what
 * they affect can tell when it is stale. Writes of this process bump it directly; with several
 * replicas, the change bus (coordination/change-bus.ts) bumps it for the other replicas' writes
 * and marks it unreliable while it cannot hear them, which turns the caches off.
 */
/** Told of each write: the rows it changed (undefined: any row), and whose favorites, if any. */
export type ChangeReader = (ids?: readonly string[], favoritesOf?: string) => void;

export class ChangeCounter {
  private value = 0;
  private readonly listeners: (() => void)[] = [];
  private readonly readers: ChangeReader[] = [];
  /** False while writes elsewhere might go unheard: caches must not serve then. */
  reliable = true;

  get version(): number {
    return this.value;
  }

  /**
   * A write of this process, once committed: counted and told to the listeners (the bus
   * broadcasts it). `ids` names the rows it changed, for readers that reload just those;
   * `favoritesOf`, the user whose favorites it changed.
   */
  bump(ids?: readonly string[], favoritesOf?: string): void {
    this.value++;
    for (const listener of this.listeners) listener();
    for (const reader of this.readers) reader(ids, favoritesOf);
  }

  /** A write another replica made (or may have made): counted, not broadcast again. */
  bumpFromElsewhere(): void {
    this.value++;
    for (const reader of this.readers) reader(undefined);
  }

  /** Hears every write counted here, this process's and others'; `ids` undefined: any row. */
  onChange(reader: ChangeReader): void {
    this.readers.push(reader);
  }

  onBump(listener: () => void): void {
    this.listeners.push(listener);
  }
}
