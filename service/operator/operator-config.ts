import { SIDECAR_MODES, type SidecarMode } from './collector-sidecar.js';
import { DEFAULT_CONCURRENCY } from './operator.js';

/** The collector image when none is configured: small, has sh, tar and curl, runs as a non-root user. */
export const DEFAULT_COLLECTOR_IMAGE = 'curlimages/curl:8.11.1';
export const DEFAULT_LEASE_NAME = 'pipewright-operator';
/** Where the operator serves /metrics; 0 turns it off. */
export const DEFAULT_METRICS_PORT = 9464;

export interface OperatorConfig {
  namespace: string;
  identity: string;
  leaseName: string;
  collectorImage: string;
  sidecarMode: SidecarMode | 'auto';
  uploadBaseUrl?: string;
  concurrency: number;
  /** Port of the operator's /metrics; 0 when off. */
  metricsPort: number;
}

export class OperatorConfigError extends Error {
  readonly code = 'INVALID_OPERATOR_CONFIG';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads the operator's settings from its environment (the chart sets them), checking all of them
 * and reporting every problem at once. `inClusterNamespace` is the service account's namespace file.
 */
export function readOperatorConfig(
  env: Record<string, string | undefined>,
  fallback: { hostname: string; inClusterNamespace?: string },
): OperatorConfig {
  const problems: string[] = [];
  const namespace = env.PIPEWRIGHT_OPERATOR_NAMESPACE || fallback.inClusterNamespace || '';
  if (!namespace)
    problems.push(
      '[env PIPEWRIGHT_OPERATOR_NAMESPACE] is required outside a cluster: the namespace of the TestCases and their pods',
    );
  else if (!DNS_LABEL.test(namespace))
    problems.push(`[env PIPEWRIGHT_OPERATOR_NAMESPACE] ${JSON.stringify(namespace)} is not a namespace name`);
  const leaseName = env.PIPEWRIGHT_OPERATOR_LEASE || DEFAULT_LEASE_NAME;
  if (!DNS_LABEL.test(leaseName))
    problems.push(`[env PIPEWRIGHT_OPERATOR_LEASE] ${JSON.stringify(leaseName)} is not a valid Lease name`);
  const mode = env.PIPEWRIGHT_SIDECAR_MODE || 'auto';
  if (mode !== 'auto' && !(SIDECAR_MODES as readonly string[]).includes(mode))
    problems.push(
      `[env PIPEWRIGHT_SIDECAR_MODE] ${JSON.stringify(mode)} is not one of auto, ${SIDECAR_MODES.join(', ')}`,
    );
  const uploadBaseUrl = env.PIPEWRIGHT_UPLOAD_BASE_URL || undefined;
  if (uploadBaseUrl && !/^https?:\/\/[^\s]+$/.test(uploadBaseUrl))
    problems.push(`[env PIPEWRIGHT_UPLOAD_BASE_URL] ${JSON.stringify(uploadBaseUrl)} is not an http(s) URL`);
  const concurrencyText = env.PIPEWRIGHT_OPERATOR_CONCURRENCY || String(DEFAULT_CONCURRENCY);
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    problems.push(
      `[env PIPEWRIGHT_OPERATOR_CONCURRENCY] ${JSON.stringify(concurrencyText)} is not a whole number from 1 to 256`,
    );
  const metricsPortText = env.PIPEWRIGHT_OPERATOR_METRICS_PORT || String(DEFAULT_METRICS_PORT);
  const metricsPort = Number(metricsPortText);
  if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)
    problems.push(
      `[env PIPEWRIGHT_OPERATOR_METRICS_PORT] ${JSON.stringify(metricsPortText)} is not a port from 0 (off) to 65535`,
    );
  if (problems.length > 0) throw new OperatorConfigError(problems);
  return {
    namespace,
    identity: env.PIPEWRIGHT_OPERATOR_IDENTITY || fallback.hostname,
    leaseName,
    collectorImage: env.PIPEWRIGHT_COLLECTOR_IMAGE || DEFAULT_COLLECTOR_IMAGE,
    sidecarMode: mode as SidecarMode | 'auto',
    ...(uploadBaseUrl ? { uploadBaseUrl } : {}),
    concurrency,
    metricsPort,
  };
}
