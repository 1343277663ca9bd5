import type { V1Container, V1EnvVar } from '@kubernetes/client-node';

/** Where the test writes reports and the handshake files; an emptyDir shared by the test and the collector. */
export const SHARED_DIR = '/pipewright';
export const COLLECTOR_CONTAINER = 'collector';
export const EXIT_DELAY_ANNOTATION = 'pipewright.dev/exit-delay-seconds';

/**
 * native: the collector is an init container with restartPolicy Always (Kubernetes >= 1.29), so
 * the kubelet ends it with SIGTERM once the test exits and the pod completes by itself.
 * shared-volume: for older clusters; the test wrapper writes exit-code and done into SHARED_DIR
 * and the collector exits after seeing done, so the pod completes too.
 */
export type SidecarMode = 'native' | 'shared-volume';
export const SIDECAR_MODES: readonly SidecarMode[] = ['native', 'shared-volume'];

/** Seconds the kubelet waits after SIGTERM on top of the exit delay, before it kills the collector. */
export const COLLECTOR_GRACE_SECONDS = 5;

// On TERM or done: upload SHARED_DIR (when an upload URL is set), waiting at most the exit delay
// for it, then exit 0 so an upload problem never turns a passing test into a failed pod.
const COLLECTOR_SCRIPT = `finish() {
  if [ -n "$PIPEWRIGHT_UPLOAD_URL" ]; then
    (tar -C ${SHARED_DIR} -cf - . | curl -fsS -X PUT --data-binary @- "$PIPEWRIGHT_UPLOAD_URL" || echo "collector: upload failed" >&2) &
    uploader=$!
    waited=0
    while [ "$waited" -lt "$PIPEWRIGHT_EXIT_DELAY_SECONDS" ] && kill -0 "$uploader" 2>/dev/null; do sleep 1; waited=$((waited + 1)); done
  else
    sleep "$PIPEWRIGHT_EXIT_DELAY_SECONDS"
  fi
  exit 0
}
trap finish TERM INT
while [ ! -f ${SHARED_DIR}/done ]; do sleep 1 & wait $!; done
finish`;

/** Wraps the test command so it leaves its exit code and a done file for the collector. */
export const TEST_WRAPPER_SCRIPT = `"$@"; code=$?; echo "$code" > ${SHARED_DIR}/exit-code; touch ${SHARED_DIR}/done; exit "$code"`;

export interface CollectorOptions {
  image: string;
  mode: SidecarMode;
  exitDelaySeconds: number;
  uploadUrl?: string;
}

export function collectorContainer(options: CollectorOptions): V1Container {
  const env: V1EnvVar[] = [
    { name: 'PIPEWRIGHT_EXIT_DELAY_SECONDS', value: String(options.exitDelaySeconds) },
    { name: 'PIPEWRIGHT_SIDECAR_MODE', value: options.mode },
  ];
  if (options.uploadUrl) env.push({ name: 'PIPEWRIGHT_UPLOAD_URL', value: options.uploadUrl });
  return {
    name: COLLECTOR_CONTAINER,
    image: options.image,
    command: ['/bin/sh', '-c', COLLECTOR_SCRIPT],
    env,
    ...(options.mode === 'native' ? { restartPolicy: 'Always' } : {}),
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'pipewright', mountPath: SHARED_DIR }],
  };
}

/** Native sidecars are on by default from Kubernetes 1.29 (beta, SidecarContainers). */
export function sidecarModeFor(version: { major: string; minor: string }): SidecarMode {
  const major = Number.parseInt(version.major, 10);
  // Managed clusters report minors such as "29+".
  const minor = Number.parseInt(version.minor, 10);
  if (!Number.isFinite(major) || !Number.isFinite(minor)) return 'shared-volume';
  return major > 1 || (major === 1 && minor >= 29) ? 'native' : 'shared-volume';
}
