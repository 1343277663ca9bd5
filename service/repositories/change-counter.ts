/**
 * Counts writes of one kind (what the pipeline list shows; who may sign in), so a cache of what
 * they affect can tell when it is stale. Only this process's writes are counted.
 */
export class ChangeCounter {
  private value = 0;

  get version(): number {
    return this.value;
  }

  bump(): void {
    this.value++;
  }
}
