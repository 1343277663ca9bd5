import type { PlanRun } from '../repositories/test-plan-runs.js';
import type { CaseResult } from '../schemas/test-plans.js';

/** Characters XML 1.0 cannot hold at all (test output may carry any byte). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an XML attribute or element: markup escaped, characters XML forbids replaced. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (r: CaseResult) =>
  r.startedAt && r.finishedAt
    ? ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(3)
    : '0';

/**
 * The plan run as one JUnit test suite, for Jenkins' junit step: failed cases are failures,
 * cases that did not run (not runnable here, skipped, aborted, interrupted) are skipped with the
 * reason, so a report never shows them as passed.
 */
export function junitReport(run: PlanRun, results: CaseResult[]): string {
  const skipped = results.filter((r) => r.status !== 'passed' && r.status !== 'failed').length;
  const cases = results.map((r) => {
    const open = `    <testcase classname="${xmlText(run.plan)}" name="${xmlText(r.caseName)}" time="${seconds(r)}">`;
    const body: string[] = [];
    if (r.status === 'failed')
      body.push(`      <failure message="${xmlText(r.message ?? 'failed')}" type="failed"/>`);
    else if (r.status !== 'passed')
      body.push(`      <skipped message="${xmlText(`${r.status}${r.message ? `: ${r.message}` : ''}`)}"/>`);
    if (r.output) body.push(`      <system-out>${xmlText(r.output)}</system-out>`);
    return [open, ...body, '    </testcase>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(run.plan)}">`,
    `  <testsuite name="${xmlText(run.plan)}" tests="${results.length}" failures="${run.failed}" errors="0" skipped="${skipped}" timestamp="${xmlText(run.startedAt ?? run.queuedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
