/**
 * Counts writes that change what the pipeline list shows (pipelines, their last run, favorites),
 * so a cache of list pages can tell when it is stale. Only this process's writes are counted.
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
