import { describe, expect, it } from 'vitest';
import { createServiceMetrics, measuredJenkinsFetch } from '../../../service/metrics/service-metrics.js';
import type { JenkinsEndpoint } from '../../../service/metrics/jenkins-metrics.js';

async function count(metrics: ReturnType<typeof createServiceMetrics>, endpoint: string, outcome: string) {
  const text = await metrics.registry.metrics();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(`pipewright_jenkins_requests_total{endpoint="${endpoint}",outcome="${outcome}"} `),
    );
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('Jenkins call metrics', () => {
  it('count an answer by its status and a call that got none as unreachable, rethrowing its error', async () => {
    const metrics = createServiceMetrics();
    const answering = measuredJenkinsFetch(metrics, 'build', async () => new Response('no', { status: 503 }));
    expect((await answering('http://jenkins/job/x/build')).status).toBe(503);
    const refused = measuredJenkinsFetch(metrics, 'build', async () => {
      throw new TypeError('fetch failed: ECONNREFUSED');
    });
    await expect(refused('http://jenkins/job/x/build')).rejects.toThrow('ECONNREFUSED');
    expect(await count(metrics, 'build', 'http-error')).toBe(1);
    expect(await count(metrics, 'build', 'unreachable')).toBe(1);
    expect(await count(metrics, 'build', 'ok')).toBe(0);
    // Every endpoint and outcome exists before the first call, for the alerts and the dashboard.
    expect(await count(metrics, 'console', 'unreachable')).toBe(0);
  });

  it('counts an endpoint outside the table as other, so a URL never becomes a label', async () => {
    const metrics = createServiceMetrics();
    metrics.recordJenkinsCall('job/secret-name' as JenkinsEndpoint, 'ok', 0.01);
    expect(await count(metrics, 'other', 'ok')).toBe(1);
    expect(await count(metrics, 'job/secret-name', 'ok')).toBeUndefined();
  });
});
