import type { WorkOwnership } from './work-ownership.js';

export interface OwnedInterval {
  /** Stops for good and waits for a pass in progress (service shutdown). */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `everyMs` (and `firstMs` after gaining the unit) on the one replica that
 * owns `unit`; stops at once when it loses it. A pass never overlaps the previous one.
 */
export function ownedInterval(
  ownership: WorkOwnership,
  unit: string,
  o: { everyMs: number; firstMs?: number; task: () => Promise<void>; onError: (error: unknown) => void },
): OwnedInterval {
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = () => {
    if (running || stopped) return;
    ownership.passed?.(unit);
    running = o
      .task()
      .catch(o.onError)
      .finally(() => {
        running = null;
      });
  };
  const halt = () => {
    timers.forEach(clearTimeout);
    timers = [];
  };
  ownership.own(unit, {
    acquired: () => {
      if (stopped) return;
      halt();
      timers = [setTimeout(pass, o.firstMs ?? o.everyMs), setInterval(pass, o.everyMs)];
      timers.forEach((t) => t.unref());
    },
    lost: halt,
  });
  return {
    async stop() {
      stopped = true;
      halt();
      await running;
    },
  };
}
