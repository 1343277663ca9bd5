/**
 * The lifecycle of a TestCase and of a TestSummary, listed once. The reconciler proposes a
 * status; `transitionTestCase` is the only place that decides whether the move is allowed.
 */
export const TEST_CASE_PHASES = ['Pending', 'Running', 'Passed', 'Failed', 'Error'] as const;
export type TestCasePhase = (typeof TEST_CASE_PHASES)[number];

export const SUMMARY_PHASES = ['Pending', 'Running', 'Passed', 'Failed', 'Error'] as const;
export type SummaryPhase = (typeof SUMMARY_PHASES)[number];

/** Passed: the test exited 0. Failed: it ran and did not pass. Error: it could not run (image, definition). */
const TRANSITIONS: Record<TestCasePhase, readonly TestCasePhase[]> = {
  // Pending -> Pending and Running -> Pending start the next attempt of a retried case.
  Pending: ['Pending', 'Running', 'Passed', 'Failed', 'Error'],
  Running: ['Running', 'Pending', 'Passed', 'Failed', 'Error'],
  Passed: [],
  Failed: [],
  Error: [],
};

export function isTerminal(phase: TestCasePhase | undefined): boolean {
  return phase !== undefined && TRANSITIONS[phase].length === 0;
}

export class IllegalTransitionError extends Error {
  readonly code = 'ILLEGAL_TEST_CASE_TRANSITION';
  constructor(
    readonly from: TestCasePhase,
    readonly to: TestCasePhase,
  ) {
    super(`a TestCase cannot move from ${from} to ${to}`);
  }
}

/** Checks a proposed move; no status at all is the start, which may go anywhere. */
export function transitionTestCase(from: TestCasePhase | undefined, to: TestCasePhase): TestCasePhase {
  if (from !== undefined && !TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(from, to);
  return to;
}
