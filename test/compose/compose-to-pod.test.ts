import { describe, expect, it } from 'vitest';
import { ComposeConversionError } from '../../service/compose/compose-errors.js';
import { composeToPod, type ComposeCaseFiles } from '../../service/compose/compose-to-pod.js';

const compose = (
  content: string,
  more: ComposeCaseFiles['files'] = [],
  extra: Partial<ComposeCaseFiles> = {},
): ComposeCaseFiles => ({
  files: [{ name: 'compose.yaml', content }, ...more],
  ...extra,
});

function problemsOf(source: ComposeCaseFiles): string[] {
  try {
    composeToPod(source);
  } catch (error) {
    if (error instanceof ComposeConversionError) return error.problems.map((p) => `[${p.path}] ${p.message}`);
    throw error;
  }
  throw new Error('expected a ComposeConversionError');
}

describe('composeToPod', () => {
  it('GIVEN an app with postgres WHEN converted THEN postgres starts first and db:5432 resolves to localhost', () => {
    const pod = composeToPod(
      compose(`
services:
  app:
    image: registry.example/app-tests:1.4
    command: npm run test:integration -- --reporter "junit"
    environment:
      DATABASE_URL: postgres://app:secret@db:5432/app
    depends_on: [db]
  db:
    image: postgres:16-alpine
    environment:
      - POSTGRES_USER=app
      - POSTGRES_PASSWORD=secret
    ports: ["5432:5432"]
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata: {}
`),
    );
    expect(pod.testService).toBe('app');
    expect(pod.test).toEqual({
      name: 'test',
      image: 'registry.example/app-tests:1.4',
      args: ['npm', 'run', 'test:integration', '--', '--reporter', 'junit'],
      env: [{ name: 'DATABASE_URL', value: 'postgres://app:secret@db:5432/app' }],
    });
    expect(pod.dependencies.map((d) => [d.service, d.runsToCompletion, d.gatesOnHealth])).toEqual([
      ['db', false, false],
    ]);
    expect(pod.dependencies[0]!.container).toEqual({
      name: 'db',
      image: 'postgres:16-alpine',
      env: [
        { name: 'POSTGRES_USER', value: 'app' },
        { name: 'POSTGRES_PASSWORD', value: 'secret' },
      ],
      ports: [{ containerPort: 5432, protocol: 'TCP' }],
      volumeMounts: [{ name: 'vol-pgdata', mountPath: '/var/lib/postgresql/data' }],
    });
    expect(pod.volumes).toEqual([{ name: 'vol-pgdata', emptyDir: {} }]);
    expect(pod.hostAliases).toEqual([{ ip: '127.0.0.1', hostnames: ['app', 'db'] }]);
  });

  it('GIVEN app + redis + worker WHEN converted THEN dependencies come before dependents and aliases cover every name', () => {
    const pod = composeToPod(
      compose(`
name: shop
services:
  e2e:
    image: registry.example/shop-e2e:2
    entrypoint: ["npx", "playwright", "test"]
    depends_on: [web]
  web:
    image: registry.example/shop:2
    environment: { REDIS_URL: "redis://cache:6379", PORT: "3000" }
    expose: ["3000"]
    depends_on: [cache, worker]
  worker:
    image: registry.example/shop:2
    command: ["node", "worker.js"]
    depends_on:
      cache: { condition: service_started }
    mem_limit: 512m
    cpus: 0.5
  cache:
    image: redis:7
    container_name: shop-redis
    networks:
      default:
        aliases: [cache.internal]
`),
    );
    expect(pod.testService).toBe('e2e');
    expect(pod.test.command).toEqual(['npx', 'playwright', 'test']);
    expect(pod.dependencies.map((d) => d.service)).toEqual(['cache', 'worker', 'web']);
    expect(pod.dependencies[1]!.container.resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' } });
    expect(pod.hostAliases[0]!.hostnames).toEqual([
      'e2e',
      'web',
      'worker',
      'cache',
      'shop-redis',
      'cache.internal',
    ]);
  });

  it('GIVEN a healthcheck-gated dependency WHEN converted THEN the healthcheck becomes startup and readiness probes', () => {
    const pod = composeToPod(
      compose(`
services:
  api-tests:
    image: registry.example/api-tests:1
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
  migrate:
    image: registry.example/api:1
    command: ["./migrate", "up"]
    depends_on:
      db: { condition: service_healthy }
  db:
    image: postgres:16
    environment: { POSTGRES_PASSWORD: pw }
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 5s
      timeout: 3s
      retries: 5
      start_period: 20s
`),
    );
    expect(pod.dependencies.map((d) => [d.service, d.runsToCompletion, d.gatesOnHealth])).toEqual([
      ['db', false, true],
      ['migrate', true, false],
    ]);
    const db = pod.dependencies[0]!.container;
    const probe = {
      exec: { command: ['/bin/sh', '-c', 'pg_isready -U postgres'] },
      periodSeconds: 5,
      timeoutSeconds: 3,
    };
    expect(db.readinessProbe).toEqual({ ...probe, failureThreshold: 5 });
    // start_period 20 s at 5 s intervals allows 4 more tries before the startup probe gives up.
    expect(db.startupProbe).toEqual({ ...probe, failureThreshold: 9 });
  });

  it('GIVEN env files and variables WHEN converted THEN env_file values are read and environment overrides them', () => {
    const pod = composeToPod(
      compose(
        `
services:
  tests:
    image: "registry.example/tests:\${TAG:-latest}"
    env_file: [./common.env, { path: ./local.env, required: false }]
    environment:
      LOG_LEVEL: debug
      API_TOKEN:
`,
        [
          {
            name: 'common.env',
            content:
              '# shared\nLOG_LEVEL=info\nexport BASE_URL="http://api:8080"\nGREETING=\'hello # not a comment\'\n',
          },
        ],
        { variables: { API_TOKEN: 't0k3n' } },
      ),
    );
    expect(pod.test.image).toBe('registry.example/tests:latest');
    expect(pod.test.env).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'BASE_URL', value: 'http://api:8080' },
      { name: 'GREETING', value: 'hello # not a comment' },
      { name: 'API_TOKEN', value: 't0k3n' },
    ]);
  });

  it('GIVEN an unsupported build: WHEN converted THEN the error says how to fix it', () => {
    expect(
      problemsOf(
        compose(`
services:
  app:
    build: { context: ., dockerfile: Dockerfile.test }
    depends_on: [db]
  db:
    image: postgres:16
`),
      ),
    ).toEqual([
      '[services.app.build] a test pod runs images and cannot build one: build and push it in the pipeline (buildImage), then set image:',
      '[services.app.image] every service needs image: (a test pod cannot build one)',
    ]);
  });

  it('reports everything a pod cannot express at once: host mounts, privilege, colliding and remapped ports, missing files', () => {
    expect(
      problemsOf(
        compose(`
services:
  app:
    image: app:1
    privileged: true
    volumes: ["./src:/app/src", "/var/run/docker.sock:/var/run/docker.sock"]
    ports: ["8080:80"]
    env_file: missing.env
    depends_on:
      db: { condition: service_healthy }
  db:
    image: postgres:16
    ports: ["80"]
`),
      ),
    ).toEqual([
      '[services.app.privileged] a test pod does not run privileged containers',
      '[services.app.env_file[0]] env file "missing.env" is not among the case\'s files ()',
      '[services.app.volumes[0]] host path "./src" cannot be mounted into a test pod; use a named volume or bake the files into the image',
      '[services.app.volumes[1]] host path "/var/run/docker.sock" cannot be mounted into a test pod; use a named volume or bake the files into the image',
      '[services.app.ports[0]] "8080:80" publishes 80 as 8080; inside a pod services reach each other on 80 only, so remapping cannot be expressed',
      '[services.app.depends_on.db] condition service_healthy needs a healthcheck on db',
    ]);
    expect(
      problemsOf(
        compose(`
services:
  a: { image: x, ports: ["8080"], depends_on: [b] }
  b: { image: y, expose: ["8080"] }
`),
      ),
    ).toEqual([
      '[services.b.expose[0]] port 8080/TCP is also used by a; containers of a pod share one network, so two services cannot listen on the same port',
    ]);
  });

  it('checks the file against the compose specification schema and names the bad field', () => {
    expect(problemsOf(compose('services:\n  app:\n    image: x\n    restart_policy: always\n'))).toEqual([
      '[services.app] must NOT have additional properties: restart_policy (compose specification)',
    ]);
    expect(problemsOf(compose('services:\n  app:\n    image: "x:${TAG}"\n'))).toEqual([
      "[services.app.image] variable TAG is not set (give it in the case's variables or a default: ${TAG:-value})",
    ]);
  });

  it('needs to know which service is the test when two services have no dependents', () => {
    const source = compose('services:\n  a: { image: x }\n  b: { image: y }\n');
    expect(problemsOf(source)).toEqual([
      '[testService] cannot tell which service is the test (no other depends on: a, b); set testService',
    ]);
    expect(composeToPod({ ...source, testService: 'b' }).test.image).toBe('y');
  });
});
