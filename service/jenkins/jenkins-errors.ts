/**
 * What can go wrong talking to Jenkins, in the terms the executor acts on: unavailable (network,
 * timeout, 5xx: keep the work and retry with backoff), not found (a deleted job, build or queue
 * item: end or look again), refused (any other 4xx: a configuration problem to report).
 */
export class JenkinsError extends Error {
  constructor(
    readonly code: 'JENKINS_UNAVAILABLE' | 'JENKINS_NOT_FOUND' | 'JENKINS_REFUSED',
    readonly call: string,
    readonly status: number | null,
    detail: string,
  ) {
    super(`Jenkins ${call}: ${status === null ? '' : `${status} `}${detail.slice(0, 300)}`);
  }
}

export const jenkinsUnavailable = (call: string, status: number | null, detail: string) =>
  new JenkinsError('JENKINS_UNAVAILABLE', call, status, detail);

/** The error a status code means; null for success. */
export function errorForStatus(call: string, status: number, body: string): JenkinsError | null {
  if (status < 400) return null;
  if (status === 404) return new JenkinsError('JENKINS_NOT_FOUND', call, status, body || 'not found');
  if (status >= 500) return jenkinsUnavailable(call, status, body);
  return new JenkinsError('JENKINS_REFUSED', call, status, body);
}

export const isUnavailable = (e: unknown): e is JenkinsError =>
  e instanceof JenkinsError && e.code === 'JENKINS_UNAVAILABLE';
export const isNotFound = (e: unknown): e is JenkinsError =>
  e instanceof JenkinsError && e.code === 'JENKINS_NOT_FOUND';
