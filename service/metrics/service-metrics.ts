import { collectDefaultMetrics, Registry } from 'prom-client';
import { JenkinsMetrics, type JenkinsEndpoint, type JenkinsOutcome } from './jenkins-metrics.js';

/** Everything the service exposes at /metrics, and the recorders other parts call. */
export interface ServiceMetrics {
  registry: Registry;
  /**
   * Records one call to Jenkins. The Jenkins client calls it once per HTTP call, with the
   * seconds the call took and `jenkinsOutcome(status)` (status undefined: no answer).
   */
  recordJenkinsCall(endpoint: JenkinsEndpoint, outcome: JenkinsOutcome, seconds: number): void;
}

/** How a Jenkins call ended, from the HTTP status it got (undefined: it got none). */
export function jenkinsOutcome(status: number | undefined): JenkinsOutcome {
  if (status === undefined) return 'unreachable';
  return status < 400 ? 'ok' : 'http-error';
}

/** A registry with the process metrics and the Jenkins call metrics (zero until Jenkins is used). */
export function createServiceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pipewright_' });
  const jenkins = new JenkinsMetrics(registry);
  return {
    registry,
    recordJenkinsCall: (endpoint, outcome, seconds) => jenkins.record(endpoint, outcome, seconds),
  };
}

/**
 * A fetch that records every call as a Jenkins call of `endpoint`: the latency, and the outcome
 * from the status, or `unreachable` when the call threw before an answer (the error still throws).
 */
export function measuredJenkinsFetch(
  metrics: Pick<ServiceMetrics, 'recordJenkinsCall'>,
  endpoint: JenkinsEndpoint,
  inner: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      metrics.recordJenkinsCall(endpoint, 'unreachable', seconds());
      throw error;
    }
    metrics.recordJenkinsCall(endpoint, jenkinsOutcome(response.status), seconds());
    return response;
  };
}
