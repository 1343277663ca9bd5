/**
 * Counts writes of one kind (what the pipeline list shows; who may sign in), so a cache of what
 * they affect can tell when it is stale. Writes of this process bump it directly; with several
 * replicas, the change bus (coordination/change-bus.ts) bumps it for the other replicas' writes
 * and marks it unreliable while it cannot hear them, which turns the caches off.
 */
export class ChangeCounter {
  private value = 0;
  private readonly listeners: (() => void)[] = [];
  /** False while writes elsewhere might go unheard: caches must not serve then. */
  reliable = true;

  get version(): number {
    return this.value;
  }

  /** A write of this process: counted and told to the listeners (the bus broadcasts it). */
  bump(): void {
    this.value++;
    for (const listener of this.listeners) listener();
  }

  /** A write another replica made (or may have made): counted, not broadcast again. */
  bumpFromElsewhere(): void {
    this.value++;
  }

  onBump(listener: () => void): void {
    this.listeners.push(listener);
  }
}
