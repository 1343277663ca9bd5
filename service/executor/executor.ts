import type { PipelineModel } from '../../src/index.js';
import type { RunEventType } from '../contracts/run-events.js';
import type { Run } from '../repositories/runs.js';

/** What an executor needs to do a run's work. */
export interface RunJob {
  run: Run;
  pipeline: PipelineModel;
  /** Password parameters by name: for the build's environment only, masked in its log. */
  secrets: Record<string, string>;
  /**
   * Variables the service hands to the build: PIPEWRIGHT_URL, PIPEWRIGHT_RUN_ID and the run's
   * own credential PIPEWRIGHT_RUN_TOKEN, which is what lets the build report events.
   */
  serviceEnv: Record<string, string>;
}

/** Sends events to the run service; resolves once they are stored. */
export type ReportRunEvents = (events: RunEventType[]) => Promise<void>;

/**
 * Does the work of runs and reports what happens as RunEvents; it never writes a status. The
 * run service decides what the events mean (see service/runs/lifecycle.ts). The local
 * executor runs the model on this machine; the Jenkins executor hands the rendered Jenkinsfile
 * to Jenkins and reports what Jenkins says.
 */
export interface Executor {
  readonly name: string;
  /**
   * The work goes on without the service (Jenkins): after a restart the service starts its
   * unfinished runs again, and the executor picks each up where it is instead of repeating it.
   * Otherwise the service interrupts them. @default false
   */
  readonly resumable?: boolean;
  /** Starts the work in the background; events go through `report`, ending with run.finished. */
  start(job: RunJob, report: ReportRunEvents): void;
  /**
   * Resolves true once whatever does the work took the run, false when it could not be reached
   * and the run is kept to be started later (the API then answers 202). @default true at once
   */
  accepted?(runId: string): Promise<boolean>;
  /** Stops a run's work; it then reports run.finished (aborted). False when it is not running it. */
  cancel(runId: string): boolean;
  /** Tells a waiting gate how it was decided (the run service decided it). */
  gateDecided(runId: string, stage: string, approved: boolean): void;
  /**
   * Ends work left behind by these runs, which are no longer active (after a crash, or a run
   * the service ended without its executor); resolves with how much it ended.
   */
  reap(runIds: Set<string>): Promise<number>;
  /** Runs in progress. */
  active(): string[];
  /** Resolves when the run's work has stopped. */
  wait(runId: string): Promise<void>;
  close(): Promise<void>;
}
