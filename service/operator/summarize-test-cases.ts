import type { PhaseCounts, TestCase, TestSummary, TestSummaryStatus } from './test-case-resource.js';
import { TEST_CASE_PHASES, isTerminal, type SummaryPhase } from './test-case-phase.js';

function emptyCounts(): PhaseCounts {
  return Object.fromEntries(TEST_CASE_PHASES.map((p) => [p, 0])) as PhaseCounts;
}

/**
 * The status a plan run's TestSummary should have, from its cases. A case without a status counts
 * as Pending. The run is finished when every expected case is terminal: Error wins over Failed
 * (something could not run at all), Failed over Passed.
 */
export function summarizeTestCases(summary: TestSummary, cases: readonly TestCase[]): TestSummaryStatus {
  const counts = emptyCounts();
  let startedAt: string | undefined;
  let finishedAt: string | undefined;
  let terminal = 0;
  for (const c of cases) {
    const phase = c.status?.phase ?? 'Pending';
    counts[phase]++;
    const started = c.status?.startedAt;
    if (started && (!startedAt || started < startedAt)) startedAt = started;
    if (isTerminal(phase)) {
      terminal++;
      const finished = c.status?.finishedAt;
      if (finished && (!finishedAt || finished > finishedAt)) finishedAt = finished;
    }
  }
  const total = Math.max(summary.spec.total ?? cases.length, cases.length);
  const done = cases.length > 0 && terminal === total;
  let phase: SummaryPhase;
  if (done) phase = counts.Error > 0 ? 'Error' : counts.Failed > 0 ? 'Failed' : 'Passed';
  else if (terminal > 0 || counts.Running > 0 || startedAt) phase = 'Running';
  else phase = 'Pending';
  return {
    phase,
    total,
    counts,
    ...(startedAt ? { startedAt } : {}),
    ...(done && finishedAt ? { finishedAt } : {}),
  };
}

export function sameSummaryStatus(a: TestSummaryStatus | undefined, b: TestSummaryStatus): boolean {
  return (
    a !== undefined &&
    JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort()) &&
    JSON.stringify(a.counts) === JSON.stringify(b.counts)
  );
}
