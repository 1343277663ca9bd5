import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { OperatorMetrics } from '../metrics/operator-metrics.js';
import { startMetricsServer } from './metrics-server.js';
import { TestCaseOperator } from './operator.js';
import { OperatorConfigError, readOperatorConfig } from './operator-config.js';

export interface OperatorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage: pipewright operator

Runs the test-case operator: watches TestCases, runs each as a pod, records results in the
TestCase and totals in its TestSummary. Replicas elect one leader on a Lease.

Environment:
  PIPEWRIGHT_OPERATOR_NAMESPACE    namespace of TestCases and pods (in a cluster: the pod's own)
  PIPEWRIGHT_OPERATOR_IDENTITY     name in the lease (default: the host name, i.e. the pod name)
  PIPEWRIGHT_OPERATOR_LEASE        Lease name (default: pipewright-operator)
  PIPEWRIGHT_COLLECTOR_IMAGE       image of the log/artifact collector sidecar
  PIPEWRIGHT_SIDECAR_MODE          auto, native or shared-volume (default: auto)
  PIPEWRIGHT_UPLOAD_BASE_URL       where the collector uploads reports (default: no upload)
  PIPEWRIGHT_OPERATOR_CONCURRENCY  reconciles at once (default: 16)
  PIPEWRIGHT_OPERATOR_METRICS_PORT port of GET /metrics (default: 9464; 0 turns it off)
  KUBECONFIG                       outside a cluster, the kubeconfig to use

Exit codes: 0 stopped by SIGTERM/SIGINT, 1 bad configuration or lost the lease, 2 usage error.`;

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** `pipewright operator`: runs until a signal (exit 0) or until it loses the lease (exit 1, to be restarted). */
export async function runOperatorCli(
  args: string[],
  io: OperatorIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.length > 0) {
    io.stderr(`pipewright operator: unexpected argument ${JSON.stringify(args[0])}\n\n${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = readOperatorConfig(env, {
      hostname: hostname(),
      inClusterNamespace: existsSync(SERVICE_ACCOUNT_NAMESPACE)
        ? readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim()
        : undefined,
    });
  } catch (error) {
    if (!(error instanceof OperatorConfigError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  let stoppedBySignal = false;
  const metrics = new OperatorMetrics();
  const { metricsPort, ...operatorConfig } = config;
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  try {
    if (metricsPort > 0) metricsServer = await startMetricsServer(metrics.registry, metricsPort);
  } catch (error) {
    io.stderr(
      `pipewright operator: cannot serve /metrics on port ${metricsPort} (${(error as NodeJS.ErrnoException).code ?? String(error)}); set PIPEWRIGHT_OPERATOR_METRICS_PORT to a free port, or 0 to turn it off\n`,
    );
    return 1;
  }
  const operator = new TestCaseOperator({
    kubeConfig,
    ...operatorConfig,
    metrics,
    log: (level, message, fields) =>
      io.stdout(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`),
  });
  const stop = () => {
    stoppedBySignal = true;
    void operator.stop({ release: true });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await operator.run();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await metricsServer?.close();
  }
  return stoppedBySignal ? 0 : 1;
}
