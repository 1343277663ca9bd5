import {
  makeInformer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { backoffMs, type Timers } from './timers.js';

/** Backoff between restarts of a watch that failed with something other than 410 Gone. */
export const WATCH_RESTART_BASE_MS = 200;
export const WATCH_RESTART_MAX_MS = 30_000;

/**
 * A list+watch cache over client-node's informer. The informer relists by itself after 410 Gone
 * (a resourceVersion too old to watch from); after any other error it stops, and this restarts it
 * with backoff, from its last resourceVersion. `start` resolves once the first list is in the cache.
 */
export class WatchedCollection<T extends KubernetesObject> {
  private readonly informer;
  private failures = 0;
  private stopped = false;
  private readonly abort = new AbortController();
  private synced!: () => void;
  private readonly firstList = new Promise<void>((resolve) => (this.synced = resolve));

  constructor(
    kubeConfig: KubeConfig,
    path: string,
    list: () => Promise<KubernetesListObject<T>>,
    labelSelector: string | undefined,
    private readonly handlers: {
      onChange: (object: T) => void;
      onDelete: (object: T) => void;
      onError: (error: unknown) => void;
    },
    private readonly timers: Timers,
  ) {
    const listed = async () => {
      const result = await list();
      this.failures = 0;
      // The informer fills its cache right after this promise resolves; report synced after that.
      setImmediate(() => this.synced());
      return result;
    };
    this.informer = makeInformer<T>(kubeConfig, path, listed, labelSelector);
    this.informer.on('add', handlers.onChange);
    this.informer.on('update', handlers.onChange);
    this.informer.on('delete', handlers.onDelete);
    this.informer.on('error', (error: unknown) => void this.restart(error));
  }

  async start(): Promise<void> {
    await this.informer.start();
    await this.firstList;
  }

  get(name: string, namespace: string): T | undefined {
    return this.informer.get(name, namespace);
  }

  list(namespace: string): readonly T[] {
    return this.informer.list(namespace);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.informer.stop();
  }

  private async restart(error: unknown): Promise<void> {
    if (this.stopped) return;
    this.handlers.onError(error);
    await this.timers.sleep(
      backoffMs(this.failures++, WATCH_RESTART_BASE_MS, WATCH_RESTART_MAX_MS),
      this.abort.signal,
    );
    if (!this.stopped) await this.informer.start();
  }
}
