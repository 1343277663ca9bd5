/** Told of every failed database call; see OpenDatabase.queryErrors. */
export type QueryErrorListener = (error: unknown) => void;

/**
 * The store's one choke point for failures: Kysely reports every failed query here (its `log`
 * hook, transactions included), so metrics count store errors without wrapping each repository.
 */
export class QueryErrorListeners {
  private readonly listeners = new Set<QueryErrorListener>();

  /** Returns `off`. */
  add(listener: QueryErrorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(error: unknown): void {
    // A listener that throws must not turn into a second store error.
    for (const listener of this.listeners)
      try {
        listener(error);
      } catch {
        // ignored on purpose: listeners are metrics
      }
  }
}
