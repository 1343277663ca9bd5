import { backoffMs } from './timers.js';

/** Backoff of a key whose processing threw, as in client-go's default rate limiter. */
export const RETRY_BASE_MS = 50;
export const RETRY_MAX_MS = 30_000;

/** Hears how long keys waited and how their processing went (the operator's metrics). */
export interface WorkQueueObserver {
  now(): number;
  /** A key left the queue for a worker after waiting `waitedMs` since it became ready. */
  started(key: string, waitedMs: number): void;
  finished(key: string, tookMs: number, ok: boolean): void;
}

/**
 * A keyed work queue: a key waiting is queued once however often it is added, a key is never
 * processed by two workers at once, and a key added while processing runs again afterwards.
 */
export class WorkQueue {
  private readonly waiting = new Set<string>();
  private readonly order: string[] = [];
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** When each waiting key became ready, for the observer's lag. */
  private readonly readyAt = new Map<string, number>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private running = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly process: (key: string) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
    private readonly concurrency: number,
    private readonly observer?: WorkQueueObserver,
  ) {}

  /** Keys waiting for a worker, and how long the longest-waiting one has waited. */
  backlog(): { depth: number; oldestMs: number } {
    const now = this.observer?.now() ?? Date.now();
    let oldest = now;
    for (const at of this.readyAt.values()) oldest = Math.min(oldest, at);
    return { depth: this.order.length, oldestMs: now - oldest };
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.order.push(key);
    this.readyAt.set(key, this.observer?.now() ?? Date.now());
    this.pump();
  }

  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.add(key);
    }, ms);
    this.timers.add(timer);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.order.length = 0;
    this.waiting.clear();
    this.readyAt.clear();
  }

  /** Resolves when nothing is queued or running (delayed keys do not count). */
  idle(): Promise<void> {
    if (this.running === 0 && this.order.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.concurrency && this.order.length > 0) {
      const key = this.order.shift()!;
      this.waiting.delete(key);
      const readyAt = this.readyAt.get(key);
      this.readyAt.delete(key);
      if (this.observer && readyAt !== undefined) this.observer.started(key, this.observer.now() - readyAt);
      this.active.add(key);
      this.running++;
      void this.run(key);
    }
    if (this.running === 0 && this.order.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  private async run(key: string): Promise<void> {
    const startedAt = this.observer?.now() ?? 0;
    try {
      await this.process(key);
      this.failures.delete(key);
      this.observer?.finished(key, this.observer.now() - startedAt, true);
    } catch (error) {
      this.observer?.finished(key, this.observer.now() - startedAt, false);
      const failures = this.failures.get(key) ?? 0;
      this.failures.set(key, failures + 1);
      this.onError(key, error);
      this.addAfter(key, backoffMs(failures, RETRY_BASE_MS, RETRY_MAX_MS));
    } finally {
      this.active.delete(key);
      this.running--;
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }
}
