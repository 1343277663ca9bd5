import type { RunEventType } from '../contracts/run-events.js';

const FLUSH_MS = 200;
const FLUSH_BYTES = 64 * 1024;

/**
 * Buffers a run's output and reports it in batches: one stored transaction per flush instead
 * of one per line. Other events go out in order with the log, so the history reads as it
 * happened. flush() resolves when everything written so far is stored.
 */
export class RunLog {
  private pending: RunEventType[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly report: (events: RunEventType[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    /** Values never written to the log (password parameters), as Jenkins masks them. */
    private readonly secrets: string[] = [],
  ) {}

  private mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (secret.length >= 3) out = out.split(secret).join('****');
    return out;
  }

  /** The next event id: the executor numbers its events, so a retried batch is recognised. */
  nextId(): string {
    return `local-${++this.counter}`;
  }

  write(stage: string | null, text: string): void {
    if (text.length === 0) return;
    this.pending.push({ id: this.nextId(), type: 'log', stage, text: this.mask(text) });
    this.bytes += text.length;
    if (this.bytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  line(stage: string | null, text: string): void {
    this.write(stage, text.endsWith('\n') ? text : text + '\n');
  }

  /** Queues a lifecycle event behind the log written so far and sends both. */
  event(event: RunEventType): Promise<void> {
    this.pending.push(event);
    return this.flush();
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.report(batch);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.writing;
  }
}
