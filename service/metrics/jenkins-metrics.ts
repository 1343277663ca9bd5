import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * The Jenkins calls pipewright makes, as metric labels: a fixed table, so a URL never becomes a
 * label value. A call that fits none is `other`.
 */
export const JENKINS_ENDPOINTS = [
  'crumb',
  'job',
  'build',
  'queue',
  'build-status',
  'console',
  'stop',
  'input',
  'roles',
  'other',
] as const;
export type JenkinsEndpoint = (typeof JENKINS_ENDPOINTS)[number];

/**
 * How a Jenkins call ended: `ok` (2xx/3xx), `http-error` (Jenkins answered 4xx/5xx) or
 * `unreachable` (no answer: refused, DNS, TLS, timeout). Only `unreachable` means Jenkins is down.
 */
export const JENKINS_OUTCOMES = ['ok', 'http-error', 'unreachable'] as const;
export type JenkinsOutcome = (typeof JENKINS_OUTCOMES)[number];

/** Jenkins answers in milliseconds; a progressive-log read may hold seconds. */
const CALL_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Latency and outcomes of the service's calls to Jenkins, every label combination present from the start. */
export class JenkinsMetrics {
  private readonly calls: Counter<'endpoint' | 'outcome'>;
  private readonly duration: Histogram<'endpoint'>;

  constructor(registry: Registry) {
    this.calls = new Counter({
      name: 'pipewright_jenkins_requests_total',
      help: 'Calls to Jenkins by endpoint and outcome (ok, http-error, unreachable)',
      labelNames: ['endpoint', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'pipewright_jenkins_request_duration_seconds',
      help: 'Latency of calls to Jenkins that got an answer, by endpoint',
      labelNames: ['endpoint'],
      buckets: CALL_SECONDS,
      registers: [registry],
    });
    for (const endpoint of JENKINS_ENDPOINTS) {
      for (const outcome of JENKINS_OUTCOMES) this.calls.inc({ endpoint, outcome }, 0);
      this.duration.zero({ endpoint });
    }
  }

  /** Records one call; `seconds` counts towards latency only when Jenkins answered. */
  record(endpoint: JenkinsEndpoint, outcome: JenkinsOutcome, seconds: number): void {
    const known: JenkinsEndpoint = JENKINS_ENDPOINTS.includes(endpoint) ? endpoint : 'other';
    this.calls.inc({ endpoint: known, outcome });
    if (outcome !== 'unreachable') this.duration.observe({ endpoint: known }, seconds);
  }
}
