import type { V1Lease } from '@kubernetes/client-node';
import { isConflict, isNotFound } from './kubernetes-errors.js';
import type { Timers } from './timers.js';

/** client-go's defaults: a leader that cannot renew for 10 s stops acting; others wait 15 s before taking over. */
export const LEASE_DURATION_MS = 15_000;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;

export interface LeaseTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = {
  leaseDurationMs: LEASE_DURATION_MS,
  renewDeadlineMs: RENEW_DEADLINE_MS,
  retryPeriodMs: RETRY_PERIOD_MS,
};

/** The Lease calls the elector makes; the operator passes the real client's, tests may pass others. */
export interface LeaseClient {
  read(): Promise<V1Lease>;
  create(lease: V1Lease): Promise<V1Lease>;
  replace(lease: V1Lease): Promise<V1Lease>;
}

/** What this replica last saw of the lease, and when by its own clock (never the holder's clock). */
export interface LeaseObservation {
  record: string;
  observedAt: number;
}

export type LeaseDecision = 'create' | 'renew' | 'take-over' | 'wait';

function recordOf(lease: V1Lease): string {
  const s = lease.spec ?? {};
  return `${s.holderIdentity ?? ''}|${String(s.renewTime ?? '')}|${s.leaseTransitions ?? 0}`;
}

/**
 * Pure: whether this replica may write the lease now. Another holder's lease counts as expired only
 * after its duration has passed since this replica saw the record change, so clock skew between
 * replicas cannot make two leaders.
 */
export function decideLease(
  lease: V1Lease | undefined,
  identity: string,
  previous: LeaseObservation | undefined,
  now: number,
): { decision: LeaseDecision; observation?: LeaseObservation } {
  if (!lease) return { decision: 'create' };
  const record = recordOf(lease);
  const observation = previous && previous.record === record ? previous : { record, observedAt: now };
  const holder = lease.spec?.holderIdentity ?? '';
  if (holder === identity) return { decision: 'renew', observation };
  if (holder === '') return { decision: 'take-over', observation };
  const durationMs = (lease.spec?.leaseDurationSeconds ?? LEASE_DURATION_MS / 1000) * 1000;
  return { decision: now >= observation.observedAt + durationMs ? 'take-over' : 'wait', observation };
}

/** Kubernetes MicroTime: RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Leader election on a coordination.k8s.io Lease. `run` keeps trying to lead; while leading it
 * renews every retry period and calls `onStoppedLeading` once it could not renew within the renew
 * deadline. `isLeader()` is false as soon as the last renewal is older than the deadline, so a
 * replica that lost the lease stops acting before another can take it over.
 */
export class LeaderElector {
  private observation: LeaseObservation | undefined;
  private lastRenewAt: number | undefined;
  private leading = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly client: LeaseClient,
    private readonly identity: string,
    private readonly lease: { name: string; namespace: string },
    private readonly timers: Timers,
    private readonly timings: LeaseTimings = DEFAULT_LEASE_TIMINGS,
  ) {}

  isLeader(): boolean {
    return (
      this.leading &&
      this.lastRenewAt !== undefined &&
      this.timers.now() - this.lastRenewAt < this.timings.renewDeadlineMs
    );
  }

  async run(callbacks: {
    onStartedLeading: () => void;
    onStoppedLeading: () => void;
    onError: (error: unknown) => void;
  }): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const holds = await this.tryAcquireOrRenew();
        // stop() may have come while the lease call was in flight: a stopped elector never starts leading.
        if (this.abort.signal.aborted) break;
        if (holds) {
          if (!this.leading) {
            this.leading = true;
            callbacks.onStartedLeading();
          }
        }
      } catch (error) {
        callbacks.onError(error);
      }
      if (this.leading && !this.isLeader()) {
        this.leading = false;
        callbacks.onStoppedLeading();
        return;
      }
      await this.timers.sleep(this.timings.retryPeriodMs, this.abort.signal);
    }
  }

  /** Stops campaigning; a leader hands the lease back so another replica need not wait for it to expire. */
  async stop(options: { release: boolean } = { release: true }): Promise<void> {
    this.abort.abort();
    const wasLeader = this.isLeader();
    this.leading = false;
    if (!options.release || !wasLeader) return;
    try {
      const current = await this.client.read();
      if (current.spec?.holderIdentity !== this.identity) return;
      await this.client.replace({ ...current, spec: { ...current.spec, holderIdentity: '' } });
    } catch {
      // Releasing is a courtesy: the lease expires by itself.
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.timers.now();
    let current: V1Lease | undefined;
    try {
      current = await this.client.read();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const { decision, observation } = decideLease(current, this.identity, this.observation, now);
    this.observation = observation;
    if (decision === 'wait') return false;
    const spec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.timings.leaseDurationMs / 1000),
      renewTime: microTime(now) as unknown as Date,
      acquireTime: (decision === 'renew' ? current!.spec!.acquireTime : microTime(now)) as unknown as Date,
      leaseTransitions: (current?.spec?.leaseTransitions ?? 0) + (decision === 'take-over' ? 1 : 0),
    };
    try {
      if (decision === 'create')
        await this.client.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.lease.name, namespace: this.lease.namespace },
          spec,
        });
      else await this.client.replace({ ...current!, spec });
    } catch (error) {
      // 409: another replica wrote the lease between our read and write; it wins this round.
      if (isConflict(error)) return false;
      throw error;
    }
    this.lastRenewAt = now;
    return true;
  }
}
