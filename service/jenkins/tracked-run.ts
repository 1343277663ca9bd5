import type { PipelineModel } from '../../src/index.js';
import type { Outcome } from '../contracts/run-events.js';
import type { ReportRunEvents } from '../executor/executor.js';
import type { JobPath } from './jenkins-api.js';
import type { JenkinsBuildRecord } from './jenkins-build-store.js';

/** What the executor does next for a run; each poll makes at most one Jenkins read per run. */
export type Step = 'load' | 'trigger' | 'search' | 'queue' | 'describe' | 'log' | 'inputs' | 'drain';

export interface Tracked {
  runId: string;
  pipelineId: string;
  job: JobPath;
  /** The model as the run's service stages and gates know it (its real submitters). */
  model: PipelineModel;
  jobXml: string;
  parameters: Record<string, string>;
  report: ReportRunEvents;
  record: JenkinsBuildRecord;
  step: Step;
  busy: boolean;
  retryAt: number;
  failures: number;
  lookups: number;
  sent: Set<string>;
  gate: { stage: string; inputId: string | null; decision: boolean | null } | null;
  outcome: Outcome | null;
  cancelWanted: boolean;
  done: () => void;
  finished: Promise<void>;
  /** Settles once, when Jenkins first took the trigger (true) or was unavailable (false). */
  settle: (taken: boolean) => void;
  accepted: Promise<boolean>;
}
