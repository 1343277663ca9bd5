import { Counter, Gauge, type Registry } from 'prom-client';
import type { OwnedWork, WorkOwnership } from '../coordination/work-ownership.js';

/**
 * Which replica does which background work, as metrics: `pipewright_background_work_owned`
 * is 1 on the replica that owns a unit (summed over replicas it is 1, never 2), and
 * `pipewright_background_work_passes_total` counts the passes each replica made.
 */
export class ObservedOwnership implements WorkOwnership {
  private readonly owned: Gauge;
  private readonly passes: Counter;

  constructor(
    private readonly inner: WorkOwnership,
    registry: Registry,
  ) {
    this.owned = new Gauge({
      name: 'pipewright_background_work_owned',
      help: 'Whether this replica owns the unit of background work (1) or not (0)',
      labelNames: ['unit'],
      registers: [registry],
    });
    this.passes = new Counter({
      name: 'pipewright_background_work_passes_total',
      help: 'Passes of a unit of background work this replica made',
      labelNames: ['unit'],
      registers: [registry],
    });
  }

  own(unit: string, work: OwnedWork): void {
    // A replica's own liveness unit is one per process: no series for it.
    const observed = !unit.startsWith('instance:');
    if (observed) {
      this.owned.set({ unit }, 0);
      this.passes.inc({ unit }, 0);
    }
    this.inner.own(unit, {
      acquired: () => {
        if (observed) this.owned.set({ unit }, 1);
        work.acquired();
      },
      lost: () => {
        if (observed) this.owned.set({ unit }, 0);
        work.lost();
      },
    });
  }

  owns(unit: string): boolean {
    return this.inner.owns(unit);
  }

  heldAnywhere(unit: string): Promise<boolean> {
    return this.inner.heldAnywhere(unit);
  }

  passed(unit: string): void {
    this.passes.inc({ unit });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
