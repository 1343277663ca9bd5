import type { KubeConfig } from '@kubernetes/client-node';
import { sidecarModeFor, type SidecarMode } from './collector-sidecar.js';
import { DEFAULT_LEASE_TIMINGS, LeaderElector, type LeaseTimings } from './leader-election.js';
import { OperatorClients } from './operator-clients.js';
import { TestCaseController, type OperatorLog } from './test-case-controller.js';
import { realTimers, type Timers } from './timers.js';
import type { OperatorMetrics } from '../metrics/operator-metrics.js';

/** Reconciles running at once; each is a few API calls, so the API server is the limit, not the CPU. */
export const DEFAULT_CONCURRENCY = 16;

export interface OperatorOptions {
  kubeConfig: KubeConfig;
  /** Namespace of the TestCases, their pods, the summaries and the lease. */
  namespace: string;
  /** This replica's name in the lease; the pod name in a cluster. */
  identity: string;
  leaseName: string;
  collectorImage: string;
  /** auto asks the API server's version: native sidecars from Kubernetes 1.29. */
  sidecarMode: SidecarMode | 'auto';
  uploadBaseUrl?: string;
  concurrency?: number;
  timers?: Timers;
  leaseTimings?: LeaseTimings;
  log?: OperatorLog;
  /** Reconcile lag, outcomes, backlog and leadership for the operator's /metrics. */
  metrics?: OperatorMetrics;
}

/**
 * One replica of the test-case operator: campaigns for the lease and, while it leads, runs the
 * controller. Losing the lease stops the controller and ends `run`; the process should then exit
 * and start over, as client-go's controllers do.
 */
export class TestCaseOperator {
  private readonly clients: OperatorClients;
  private readonly elector: LeaderElector;
  private readonly timers: Timers;
  private readonly log: OperatorLog;
  private controller: TestCaseController | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: OperatorOptions) {
    this.timers = options.timers ?? realTimers;
    this.log = options.log ?? (() => undefined);
    this.clients = new OperatorClients(options.kubeConfig, options.namespace);
    this.elector = new LeaderElector(
      this.clients.leaseClient(options.leaseName),
      options.identity,
      { name: options.leaseName, namespace: options.namespace },
      this.timers,
      options.leaseTimings ?? DEFAULT_LEASE_TIMINGS,
    );
  }

  isLeader(): boolean {
    return this.elector.isLeader();
  }

  /** Resolves when the replica stops: after `stop`, or when it lost the lease. */
  async run(): Promise<void> {
    await this.elector.run({
      onStartedLeading: () => {
        this.options.metrics?.setLeader(true);
        this.log('info', 'leading: starting the controller', { identity: this.options.identity });
        this.starting = this.startController().catch((error: unknown) => {
          this.log('error', 'the controller could not start', { error: String(error) });
          void this.elector.stop({ release: true });
        });
      },
      onStoppedLeading: () => {
        this.options.metrics?.setLeader(false);
        this.log('warn', 'lost the lease: stopping the controller', { identity: this.options.identity });
      },
      onError: (error) => this.log('warn', 'lease update failed', { error: String(error) }),
    });
    await this.stopController();
  }

  /** Stops acting; `release: false` leaves the lease to expire, as a crash would. */
  async stop(options: { release: boolean } = { release: true }): Promise<void> {
    this.stopped = true;
    await this.stopController();
    await this.elector.stop(options);
  }

  /** Resolves when the controller has nothing queued or running (tests and benchmarks). */
  async idle(): Promise<void> {
    await this.starting;
    await this.controller?.idle();
  }

  private async startController(): Promise<void> {
    if (this.stopped) return;
    const mode =
      this.options.sidecarMode === 'auto'
        ? sidecarModeFor(await this.clients.serverVersion())
        : this.options.sidecarMode;
    if (this.stopped) return;
    this.log('info', 'collector sidecar mode', { mode });
    const controller = new TestCaseController(
      this.clients,
      {
        collectorImage: this.options.collectorImage,
        sidecarMode: mode,
        uploadBaseUrl: this.options.uploadBaseUrl,
      },
      () => this.elector.isLeader(),
      this.timers,
      this.log,
      this.options.concurrency ?? DEFAULT_CONCURRENCY,
      this.options.metrics,
    );
    this.controller = controller;
    await controller.start();
  }

  private async stopController(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const controller = this.controller;
    this.controller = undefined;
    this.options.metrics?.setLeader(false);
    this.options.metrics?.watchBacklog(null);
    await controller?.stop();
  }
}
