import { describe, expect, it } from 'vitest';
import { reducePlanRun, type PlanRunState } from '../../../service/test-plans/reduce-plan-run.js';

const AT = '2026-01-01T00:00:00.000Z';
const state = (status: PlanRunState['run']['status'], cases: PlanRunState['cases'][number]['status'][]) => ({
  run: { status, startedAt: status === 'queued' ? null : AT },
  cases: cases.map((s, position) => ({ position, status: s })),
});

describe('the plan-run reducer', () => {
  it('decides the verdict from the results: a failure fails, a case not run makes it unstable', () => {
    const done = (cases: PlanRunState['cases'][number]['status'][]) =>
      reducePlanRun(state('running', cases), [{ type: 'plan.completed' }], AT).finished;
    expect(done(['passed', 'passed'])).toBe('success');
    expect(done(['passed', 'not-runnable'])).toBe('unstable');
    expect(done(['failed', 'not-runnable', 'skipped'])).toBe('failed');
  });

  it('refuses a verdict while cases have no result, and anything once finished', () => {
    const open = reducePlanRun(state('running', ['passed', 'running']), [{ type: 'plan.completed' }], AT);
    expect(open.refused.map((r) => r.reason)).toEqual(['cases at positions 1 have no result yet']);
    const over = reducePlanRun(state('success', ['passed']), [{ type: 'case.started', position: 0 }], AT);
    expect(over.refused.map((r) => r.reason)).toEqual([
      'the plan run has finished (success); nothing more is recorded',
    ]);
    const twice = reducePlanRun(
      state('running', ['passed']),
      [{ type: 'case.finished', position: 0, status: 'failed', attempts: 1 }],
      AT,
    );
    expect(twice.refused.map((r) => r.reason)).toEqual(['case 0: case is passed: it has finished']);
  });

  it("closes open cases through the run lifecycle: pending ones skipped, running ones share the run's fate", () => {
    const cancelled = reducePlanRun(
      state('running', ['passed', 'running', 'pending']),
      [{ type: 'plan.cancel', by: 'ann' }],
      AT,
    );
    expect(cancelled.finished).toBe('aborted');
    expect([...cancelled.cases].map(([p, c]) => [p, c.status])).toEqual([
      [1, 'aborted'],
      [2, 'skipped'],
    ]);
    expect(cancelled.run.reason).toBe('cancelled by ann');
    const interrupted = reducePlanRun(
      state('queued', ['pending']),
      [{ type: 'plan.interrupted', reason: 'restart' }],
      AT,
    );
    expect(interrupted.finished).toBe('interrupted');
    expect(interrupted.counts).toEqual({ passed: 0, failed: 0, notRunnable: 0 });
  });
});
