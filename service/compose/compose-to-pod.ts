import type { V1Container, V1HostAlias, V1Volume } from '@kubernetes/client-node';
import { ComposeConversionError, type ComposeProblem } from './compose-errors.js';
import { convertService, type ConvertedService } from './compose-service-container.js';
import { parseComposeFile } from './parse-compose-file.js';

const TOP_LEVEL_SUPPORTED = new Set(['version', 'name', 'services', 'volumes', 'networks']);

export interface ComposeCaseFiles {
  /** The compose file first, then the files it refers to (env files), by the names the compose file uses. */
  files: { name: string; content: string }[];
  /** The service whose exit code is the result; default: the one service no other depends on. */
  testService?: string;
  variables?: Record<string, string>;
}

/** A dependency and how it must start: as a sidecar that keeps running, or run to completion first. */
export interface ComposeDependency {
  container: V1Container;
  service: string;
  /** service_completed_successfully: an init container that must exit 0 before the rest start. */
  runsToCompletion: boolean;
  /** A dependent waits for its health (service_healthy): a startup probe gates the containers after it. */
  gatesOnHealth: boolean;
}

/** What a compose case contributes to its pod; render-test-pod adds the collector and the pod's own fields. */
export interface ComposePod {
  testService: string;
  test: V1Container;
  /** In start order: every service before the services that depend on it. */
  dependencies: ComposeDependency[];
  volumes: V1Volume[];
  hostAliases: V1HostAlias[];
}

function pickTestService(
  services: Map<string, ConvertedService>,
  requested: string | undefined,
  problems: ComposeProblem[],
): string | undefined {
  if (requested !== undefined) {
    if (!services.has(requested))
      problems.push({
        path: 'testService',
        message: `no service ${JSON.stringify(requested)} (services: ${[...services.keys()].join(', ')})`,
      });
    return requested;
  }
  const dependedOn = new Set([...services.values()].flatMap((s) => s.dependsOn.map((d) => d.service)));
  const roots = [...services.keys()].filter((s) => !dependedOn.has(s));
  if (roots.length !== 1) {
    problems.push({
      path: 'testService',
      message: `cannot tell which service is the test (no other depends on: ${roots.join(', ') || 'none'}); set testService`,
    });
    return undefined;
  }
  return roots[0];
}

/** Dependencies before dependents; services nothing reaches still start, after the ones that are needed. */
function startOrder(
  services: Map<string, ConvertedService>,
  test: string,
  problems: ComposeProblem[],
): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      problems.push({
        path: `services.${name}.depends_on`,
        message: `dependency cycle: ${[...trail, name].join(' -> ')}`,
      });
      return;
    }
    state.set(name, 'visiting');
    for (const d of services.get(name)!.dependsOn)
      if (services.has(d.service)) visit(d.service, [...trail, name]);
    state.set(name, 'done');
    order.push(name);
  };
  visit(test, []);
  for (const name of services.keys()) visit(name, []);
  return order.filter((n) => n !== test);
}

/**
 * Converts a compose case into the containers of one pod. The services share the pod's network,
 * so each service's name (and aliases) resolves to 127.0.0.1 through hostAliases: `db:5432`
 * becomes localhost:5432. Throws ComposeConversionError listing everything a pod cannot express.
 */
export function composeToPod(source: ComposeCaseFiles): ComposePod {
  const [composeFile, ...rest] = source.files;
  if (!composeFile)
    throw new ComposeConversionError([{ path: 'files', message: 'a compose case needs its compose file' }]);
  const variables = source.variables ?? {};
  const file = parseComposeFile(composeFile.content, composeFile.name, variables);
  const problems: ComposeProblem[] = [];
  for (const key of Object.keys(file))
    if (!key.startsWith('x-') && !TOP_LEVEL_SUPPORTED.has(key))
      problems.push({ path: key, message: `top-level ${key}: is not supported in a test pod` });

  const files = new Map(rest.map((f) => [f.name.replace(/^\.\//, ''), f.content]));
  const services = new Map(
    Object.entries(file.services).map(([name, s]) => [
      name,
      convertService(name, s, files, variables, problems),
    ]),
  );

  for (const [name, volume] of Object.entries(file.volumes ?? {}))
    for (const key of Object.keys(volume ?? {}))
      if (!key.startsWith('x-') && key !== 'name')
        problems.push({
          path: `volumes.${name}.${key}`,
          message:
            'a test pod keeps named volumes in an emptyDir; drivers and external volumes cannot be used',
        });
  for (const [name, network] of Object.entries(file.networks ?? {}))
    for (const key of Object.keys(network ?? {}))
      if (!key.startsWith('x-') && key !== 'name')
        problems.push({
          path: `networks.${name}.${key}`,
          message: 'the containers of a pod share one network; network options cannot be expressed',
        });

  const seenPorts = new Map<string, string>();
  for (const [name, service] of services) {
    for (const port of service.ports) {
      const key = `${port.port}/${port.protocol}`;
      const owner = seenPorts.get(key);
      if (owner !== undefined && owner !== name)
        problems.push({
          path: port.path,
          message: `port ${key} is also used by ${owner}; containers of a pod share one network, so two services cannot listen on the same port`,
        });
      seenPorts.set(key, name);
    }
    for (const d of service.dependsOn) {
      if (!services.has(d.service))
        problems.push({ path: d.path, message: `no service ${JSON.stringify(d.service)}` });
      else if (d.condition === 'service_healthy' && !services.get(d.service)!.healthProbe)
        problems.push({
          path: d.path,
          message: `condition service_healthy needs a healthcheck on ${d.service}`,
        });
    }
  }

  const testService = pickTestService(services, source.testService, problems);
  if (testService === undefined || !services.has(testService)) throw new ComposeConversionError(problems);
  const order = startOrder(services, testService, problems);
  const test = services.get(testService)!;
  if (test.restart !== undefined && test.restart !== 'no')
    problems.push({
      path: `services.${testService}.restart`,
      message: `the test service runs once; restart: ${test.restart} cannot apply (retries are the case's retries)`,
    });
  for (const name of [...services.keys()])
    if (name === 'test' || name === 'collector')
      problems.push({
        path: `services.${name}`,
        message: `the container name ${name} is the operator's own; rename the service`,
      });
  if (problems.length > 0) throw new ComposeConversionError(problems);

  const conditions = (service: string) =>
    [...services.values()].flatMap((s) =>
      s.dependsOn.filter((d) => d.service === service).map((d) => d.condition),
    );
  const dependencies = order.map((name): ComposeDependency => {
    const service = services.get(name)!;
    const wanted = conditions(name);
    const runsToCompletion = wanted.includes('service_completed_successfully');
    const gatesOnHealth = wanted.includes('service_healthy');
    const container = { ...service.container };
    if (service.healthProbe && !runsToCompletion) {
      const { startupFailureThreshold, ...probe } = service.healthProbe;
      container.readinessProbe = probe;
      if (gatesOnHealth) container.startupProbe = { ...probe, failureThreshold: startupFailureThreshold };
    }
    return { container, service: name, runsToCompletion, gatesOnHealth };
  });

  const volumeNames = new Map<string, 'Memory' | undefined>();
  for (const service of services.values())
    for (const v of service.volumes) volumeNames.set(v.volume, v.medium);
  const hostnames = [...new Set([...services.values()].flatMap((s) => s.aliases))];
  return {
    testService,
    test: {
      ...test.container,
      name: 'test',
      ...(test.healthProbe
        ? { readinessProbe: (({ startupFailureThreshold: _, ...p }) => p)(test.healthProbe) }
        : {}),
    },
    dependencies,
    volumes: [...volumeNames].map(([name, medium]) => ({ name, emptyDir: medium ? { medium } : {} })),
    hostAliases: [{ ip: '127.0.0.1', hostnames }, ...[...services.values()].flatMap((s) => s.extraHosts)],
  };
}
