import type { TestCaseRun } from '../schemas/test-cases.js';
import type { PlanRunEvent } from './reduce-plan-run.js';

/** One case of a plan run, at its position in the plan. */
export interface PlanRunCase {
  position: number;
  id: string;
  name: string;
  run: TestCaseRun;
}

/** What a runner needs to run a plan's cases. */
export interface PlanRunJob {
  runId: string;
  plan: { name: string; env: Record<string, string>; parallelism: number; stopOnFirstFailure: boolean };
  cases: PlanRunCase[];
  environment: string | null;
}

/** Sends events to the plan-run service; resolves once they are stored. */
export type ReportPlanEvents = (events: PlanRunEvent[]) => Promise<void>;

/**
 * Runs a plan's cases and reports what happens; it never decides a status (the plan-run
 * service does, through the run lifecycle). The local runner runs commands on this machine; the
 * cluster runner creates TestSummary/TestCase resources for the operator.
 */
export interface TestRunner {
  readonly name: 'local' | 'cluster';
  /** Starts in the background; reports case results, then plan.completed unless cancelled. */
  start(job: PlanRunJob, report: ReportPlanEvents): void;
  /** Stops a run's work without reporting more. False when it is not running it. */
  cancel(runId: string): boolean;
  active(): string[];
  /** Resolves when the run's work has stopped. */
  wait(runId: string): Promise<void>;
  /**
   * Ends work left behind (after a crash) by plan runs that `finishedHere` says this service's
   * store holds as finished. Work of plan runs it does not know stays: it belongs to another
   * service on the same machine or namespace.
   */
  reap(finishedHere: (runId: string) => Promise<boolean>): Promise<number>;
  /** Stops everything without reporting (the service is stopping; restart interrupts the runs). */
  close(): Promise<void>;
}

/** Why a case cannot run without containers, or null when it can run as a plain command. */
export function needsContainers(run: TestCaseRun): string | null {
  if (run.compose)
    return 'it is a docker-compose case: its services run as containers of a pod, on a cluster';
  if (run.image) return `it runs in the container image ${run.image}, on a cluster`;
  return null;
}
