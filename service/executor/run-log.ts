import type { RunDetailRepository, RunEventInput } from '../repositories/run-details.js';

const FLUSH_MS = 200;
const FLUSH_BYTES = 64 * 1024;

/**
 * Buffers a run's log output and writes it to the store in batches: one transaction per flush
 * instead of one per line. flush() resolves when everything written so far is committed.
 */
export class RunLog {
  private pending: RunEventInput[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly runId: string,
    private readonly details: RunDetailRepository,
    private readonly onError: (error: unknown) => void,
  ) {}

  write(stage: string | null, text: string): void {
    if (text.length === 0) return;
    this.pending.push({ kind: 'log', stage, data: text });
    this.bytes += text.length;
    if (this.bytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  line(stage: string | null, text: string): void {
    this.write(stage, text.endsWith('\n') ? text : text + '\n');
  }

  event(event: RunEventInput): void {
    this.pending.push(event);
    void this.flush();
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
        await this.details.append(this.runId, batch);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.writing;
  }
}
