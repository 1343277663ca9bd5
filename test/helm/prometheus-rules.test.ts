import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULES = `${ROOT}helm/pipewright/files/prometheus-rules.yaml`;
const RULE_TESTS = `${ROOT}test/helm/prometheus-rules.test.yaml`;
const RUNBOOK = `${ROOT}docs/operations.md`;

interface RuleTests {
  rule_files: string[];
  tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
}

const alerts = () =>
  (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { alert?: string }[] }[] }).groups
    .flatMap((g) => g.rules)
    .flatMap((r) => (r.alert ? [r.alert] : []));

// promtool comes from Debian's prometheus package (scripts/install-test-deps.sh); without it these fail.
const promtool = (args: string[]) => spawnSync('promtool', args, { encoding: 'utf8', cwd: ROOT });

describe('the alert rules the chart ships', () => {
  it('pass promtool check rules', () => {
    const result = promtool(['check', 'rules', RULES]);
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('pass their promtool unit tests', () => {
    const result = promtool(['test', 'rules', RULE_TESTS]);
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('have, for every alert, a unit test where it fires and one where it stays quiet', () => {
    const tests = parse(readFileSync(RULE_TESTS, 'utf8')) as RuleTests;
    expect(tests.rule_files).toEqual(['../../helm/pipewright/files/prometheus-rules.yaml']);
    const cases = tests.tests.flatMap((t) => t.alert_rule_test);
    const untested = alerts().flatMap((alert) => {
      const mine = cases.filter((c) => c.alertname === alert);
      return [
        ...(mine.some((c) => c.exp_alerts.length > 0) ? [] : [`${alert}: never fires`]),
        ...(mine.some((c) => c.exp_alerts.length === 0) ? [] : [`${alert}: never shown quiet`]),
      ];
    });
    expect(untested).toEqual([]);
  });

  it('have a runbook entry each in docs/operations.md, which their runbook_url points at', () => {
    const runbook = readFileSync(RUNBOOK, 'utf8');
    const rules = (
      parse(readFileSync(RULES, 'utf8')) as {
        groups: { rules: { alert: string; annotations: { runbook_url: string } }[] }[];
      }
    ).groups.flatMap((g) => g.rules);
    const problems = rules.flatMap((r) => [
      ...(runbook.includes(`\n#### ${r.alert}\n`) ? [] : [`${r.alert}: no "#### ${r.alert}" heading`]),
      ...(r.annotations.runbook_url.endsWith(`docs/operations.md#${r.alert.toLowerCase()}`)
        ? []
        : [`${r.alert}: runbook_url ${r.annotations.runbook_url}`]),
    ]);
    expect(problems).toEqual([]);
  });
});
