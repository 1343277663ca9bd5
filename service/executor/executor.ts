import type { PipelineModel } from '../../src/index.js';
import type { Run } from '../repositories/runs.js';

/**
 * Turns a run into stage events in the store. The local executor runs the model on this
 * machine; a Jenkins executor (later) hands the rendered Jenkinsfile to Jenkins and receives the
 * same events through the run events API.
 */
export interface Executor {
  /** Starts the run in the background; progress, logs and the outcome go to the store. */
  start(run: Run, pipeline: PipelineModel): void;
  /** Stops a run in progress; false when this executor is not running it. */
  cancel(runId: string): boolean;
  /** Tells a waiting gate that its decision is stored. */
  gateDecided(runId: string, stage: string, approved: boolean): void;
  /** Runs in progress, for tests and shutdown. */
  active(): string[];
  close(): Promise<void>;
}
