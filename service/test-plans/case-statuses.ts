/**
 * The one vocabulary of a case's result inside a plan run. `not-runnable` is its own result: a
 * case that needs containers, run where there are none, is never counted as passed.
 */
export const CASE_STATUSES = {
  pending: { finished: false },
  running: { finished: false },
  passed: { finished: true },
  failed: { finished: true },
  'not-runnable': { finished: true },
  skipped: { finished: true },
  aborted: { finished: true },
  interrupted: { finished: true },
} as const;

export type CaseStatus = keyof typeof CASE_STATUSES;
export const CASE_STATUS_NAMES = Object.keys(CASE_STATUSES) as CaseStatus[];
export const isCaseFinished = (status: CaseStatus): boolean => CASE_STATUSES[status].finished;

/** What a runner may report as a case's outcome. */
export const CASE_OUTCOMES = ['passed', 'failed', 'not-runnable', 'skipped'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Every allowed move of a case result, listed once. A case may finish without starting (not runnable, skipped). */
export const CASE_TRANSITIONS: readonly (readonly [from: CaseStatus, to: CaseStatus])[] = [
  ['pending', 'running'],
  ['pending', 'not-runnable'],
  ['pending', 'skipped'],
  ['pending', 'failed'],
  ['pending', 'aborted'],
  ['pending', 'interrupted'],
  ['running', 'passed'],
  ['running', 'failed'],
  ['running', 'aborted'],
  ['running', 'interrupted'],
];

/** Why a case may not move from `from` to `to`, or null when it may. */
export function caseTransitionRefused(from: CaseStatus, to: CaseStatus): string | null {
  if (CASE_TRANSITIONS.some(([f, t]) => f === from && t === to)) return null;
  const allowed = CASE_TRANSITIONS.filter(([f]) => f === from).map(([, t]) => t);
  return allowed.length === 0
    ? `case is ${from}: it has finished`
    : `case is ${from}: it can become ${allowed.join(', ')}, not ${to}`;
}
