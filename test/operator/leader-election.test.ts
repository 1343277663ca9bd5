import type { V1Lease } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { decideLease, microTime } from '../../service/operator/leader-election.js';
import { readOperatorConfig } from '../../service/operator/operator-config.js';
import { summarizeTestCases } from '../../service/operator/summarize-test-cases.js';
import type { TestCase, TestCaseStatus, TestSummary } from '../../service/operator/test-case-resource.js';

const lease = (holderIdentity: string, renewTime = '2026-01-01T00:00:00.000000Z'): V1Lease => ({
  metadata: { name: 'op' },
  spec: {
    holderIdentity,
    leaseDurationSeconds: 15,
    renewTime: renewTime as unknown as Date,
    leaseTransitions: 0,
  },
});

describe('decideLease', () => {
  it('creates a missing lease, renews its own, takes over a released one', () => {
    expect(decideLease(undefined, 'a', undefined, 0).decision).toBe('create');
    expect(decideLease(lease('a'), 'a', undefined, 0).decision).toBe('renew');
    expect(decideLease(lease(''), 'a', undefined, 0).decision).toBe('take-over');
  });

  it("waits out another holder's lease by its own clock from when it saw the record change", () => {
    const first = decideLease(lease('b'), 'a', undefined, 1_000);
    expect(first).toEqual({
      decision: 'wait',
      observation: { record: 'b|2026-01-01T00:00:00.000000Z|0', observedAt: 1_000 },
    });
    expect(decideLease(lease('b'), 'a', first.observation, 15_999).decision).toBe('wait');
    expect(decideLease(lease('b'), 'a', first.observation, 16_000).decision).toBe('take-over');
    // The holder renewed: the wait starts again, whatever the holder's clock says.
    const renewed = decideLease(lease('b', '2025-01-01T00:00:00.000000Z'), 'a', first.observation, 16_000);
    expect(renewed.decision).toBe('wait');
    expect(renewed.observation!.observedAt).toBe(16_000);
  });

  it('writes MicroTime with six fractional digits', () => {
    expect(microTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05.678000Z');
  });
});

describe('summarizeTestCases', () => {
  const summary: TestSummary = { metadata: { name: 'run' }, spec: { planRun: 'run', total: 3 } };
  const tc = (status?: Partial<TestCaseStatus>): TestCase => ({
    metadata: { name: 'c' },
    spec: { planRun: 'run', caseName: 'c', image: 'x' },
    ...(status ? { status: { attempt: 1, phase: 'Pending', ...status } as TestCaseStatus } : {}),
  });

  it('counts a case without status as Pending and stays Running until every expected case is done', () => {
    expect(
      summarizeTestCases(summary, [
        tc(),
        tc({ phase: 'Passed', startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:09Z' }),
      ]),
    ).toEqual({
      phase: 'Running',
      total: 3,
      counts: { Pending: 1, Running: 0, Passed: 1, Failed: 0, Error: 0 },
      startedAt: '2026-01-01T00:00:01Z',
    });
  });

  it('ends Failed when a case failed, Error when one could not run, with the last finish time', () => {
    const done = [
      tc({ phase: 'Passed', finishedAt: '2026-01-01T00:00:05Z' }),
      tc({ phase: 'Failed', finishedAt: '2026-01-01T00:00:09Z' }),
      tc({ phase: 'Passed', finishedAt: '2026-01-01T00:00:07Z' }),
    ];
    expect(summarizeTestCases(summary, done)).toMatchObject({
      phase: 'Failed',
      finishedAt: '2026-01-01T00:00:09Z',
    });
    expect(
      summarizeTestCases(summary, [
        ...done.slice(0, 2),
        tc({ phase: 'Error', finishedAt: '2026-01-01T00:00:01Z' }),
      ]).phase,
    ).toBe('Error');
    expect(summarizeTestCases(summary, [done[0]!, done[2]!, done[0]!]).phase).toBe('Passed');
  });
});

describe('readOperatorConfig', () => {
  it('reports every bad setting at once', () => {
    expect(() =>
      readOperatorConfig(
        {
          PIPEWRIGHT_SIDECAR_MODE: 'sometimes',
          PIPEWRIGHT_OPERATOR_CONCURRENCY: '0',
          PIPEWRIGHT_UPLOAD_BASE_URL: 'ftp://x',
          PIPEWRIGHT_OPERATOR_METRICS_PORT: '70000',
        },
        { hostname: 'h' },
      ),
    ).toThrow(
      [
        '[env PIPEWRIGHT_OPERATOR_NAMESPACE] is required outside a cluster: the namespace of the TestCases and their pods',
        '[env PIPEWRIGHT_SIDECAR_MODE] "sometimes" is not one of auto, native, shared-volume',
        '[env PIPEWRIGHT_UPLOAD_BASE_URL] "ftp://x" is not an http(s) URL',
        '[env PIPEWRIGHT_OPERATOR_CONCURRENCY] "0" is not a whole number from 1 to 256',
        '[env PIPEWRIGHT_OPERATOR_METRICS_PORT] "70000" is not a port from 0 (off) to 65535',
      ].join('\n'),
    );
  });

  it("defaults to the pod's namespace and name, the curl collector and auto sidecars", () => {
    expect(readOperatorConfig({}, { hostname: 'op-7f9', inClusterNamespace: 'ci' })).toEqual({
      namespace: 'ci',
      identity: 'op-7f9',
      leaseName: 'pipewright-operator',
      collectorImage: 'curlimages/curl:8.11.1',
      sidecarMode: 'auto',
      concurrency: 16,
      metricsPort: 9464,
    });
  });
});
