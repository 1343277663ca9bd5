import type { KubernetesObject } from '@kubernetes/client-node';
import type { SummaryPhase, TestCasePhase } from './test-case-phase.js';

/** API group and version of pipewright's custom resources; the CRDs in helm/pipewright/crds/ follow these. */
export const API_GROUP = 'pipewright.dev';
export const API_VERSION = 'v1alpha1';
export const TEST_CASE_PLURAL = 'testcases';
export const TEST_SUMMARY_PLURAL = 'testsummaries';

/** Labels the operator puts on pods and reads back to find the case a pod belongs to. */
export const LABELS = {
  testCase: 'pipewright.dev/test-case',
  planRun: 'pipewright.dev/plan-run',
  attempt: 'pipewright.dev/attempt',
} as const;

/** Defaults of the optional TestCase fields; the CRD schema repeats them as `default`. */
export const TEST_CASE_DEFAULTS = {
  timeoutSeconds: 600,
  retries: 0,
  exitDelaySeconds: 10,
} as const;

export interface EnvVar {
  name: string;
  value: string;
}

/** A case defined by a docker-compose file: the files (compose file first, then env files) and the service whose exit code is the result. */
export interface ComposeSource {
  files: { name: string; content: string }[];
  testService?: string;
  variables?: Record<string, string>;
}

export interface TestCaseSpec {
  /** Id of the plan run this case belongs to; the TestSummary of the same name counts it. */
  planRun: string;
  /** Name of the case inside its plan, for reports. */
  caseName: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  compose?: ComposeSource;
  timeoutSeconds?: number;
  retries?: number;
  /** Requests of the test container (memory is also its limit), in Kubernetes quantities. */
  resources?: { cpu?: string; memory?: string };
  /** How long the collector sidecar keeps running after the test ends, to upload logs and reports. */
  exitDelaySeconds?: number;
}

export interface TestCaseStatus {
  phase: TestCasePhase;
  attempt: number;
  podName?: string;
  exitCode?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  logLocation?: string;
  artifactLocation?: string;
}

export interface TestCase extends KubernetesObject {
  metadata: NonNullable<KubernetesObject['metadata']> & { name: string; namespace?: string };
  spec: TestCaseSpec;
  status?: TestCaseStatus;
}

export type PhaseCounts = Record<TestCasePhase, number>;

export interface TestSummarySpec {
  planRun: string;
  /** Number of cases the plan run has; without it the summary finishes when every case it has seen has. */
  total?: number;
}

export interface TestSummaryStatus {
  phase: SummaryPhase;
  total: number;
  counts: PhaseCounts;
  startedAt?: string;
  finishedAt?: string;
}

export interface TestSummary extends KubernetesObject {
  metadata: NonNullable<KubernetesObject['metadata']> & { name: string; namespace?: string };
  spec: TestSummarySpec;
  status?: TestSummaryStatus;
}

/** Pods are named after their case and attempt, so a second create of the same attempt gets 409 instead of a twin. */
export function podNameFor(testCase: TestCase, attempt: number): string {
  const suffix = `-${attempt}`;
  return testCase.metadata.name.slice(0, 63 - suffix.length).replace(/[-.]+$/, '') + suffix;
}
