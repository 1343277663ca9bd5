import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../service/app.js';
import { loadConfig } from '../../../service/config.js';
import { openDatabase, type OpenDatabase } from '../../../service/db/open-database.js';
import { applyDeployPolicy } from '../../../service/runs/deploy-policy.js';
import { DATABASE_KINDS, freshDatabaseOptions } from '../../support/databases.js';
import { FAKE_TOKEN, FAKE_USER, FakeJenkins } from '../../support/fake-jenkins/fake-jenkins.js';
import { teach } from '../../support/fake-jenkins/teach.js';

const ADMIN_PASSWORD = 'admin-password-for-jenkins-faults';

interface Service {
  app: FastifyInstance;
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** The service over an existing store, as a restart would build it. */
async function boot(fake: FakeJenkins, dataDir: string, database: OpenDatabase): Promise<Service> {
  const config = loadConfig({
    PIPEWRIGHT_DATA_DIR: dataDir,
    PIPEWRIGHT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PIPEWRIGHT_LOG_LEVEL: 'silent',
    PIPEWRIGHT_JENKINS_URL: fake.url,
    PIPEWRIGHT_JENKINS_USER: FAKE_USER,
    PIPEWRIGHT_JENKINS_TOKEN: FAKE_TOKEN,
    PIPEWRIGHT_JENKINS_POLL_MS: '100',
  });
  const app = await buildApp({ config, database, logger: false });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: ADMIN_PASSWORD },
  });
  const token = login.json().token as string;
  return {
    app,
    call: (options) => app.inject({ ...options, headers: { authorization: `Bearer ${token}` } }),
  };
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const FINISHED = ['success', 'failed', 'aborted', 'unstable', 'interrupted'];

describe.each(DATABASE_KINDS)('Jenkins faults on %s', (kind) => {
  const fake = new FakeJenkins();
  let database: OpenDatabase;
  let drop: () => Promise<void>;
  let dataDir: string;
  let service: Service;
  beforeAll(async () => {
    await fake.listen();
    dataDir = mkdtempSync(join(tmpdir(), 'pw-jenkins-faults-'));
    const fresh = await freshDatabaseOptions(kind);
    drop = fresh.drop;
    database = openDatabase(
      kind === 'sqlite' ? { sqliteFile: join(dataDir, 'store.sqlite') } : fresh.options,
    );
    service = await boot(fake, dataDir, database);
  });
  afterAll(async () => {
    await service.app.close();
    await database.db.destroy();
    await drop();
    await fake.close();
  });

  const run = (id: string) => service.call({ method: 'GET', url: `/api/runs/${id}` }).then((r) => r.json());
  async function pipeline(name: string, stages: object[]) {
    const res = await service.call({ method: 'POST', url: '/api/pipelines', payload: { name, stages } });
    expect(res.statusCode).toBe(201);
    teach(fake, res.json().definition);
    return res.json();
  }
  const trigger = (p: { id: string }) => service.call({ method: 'POST', url: `/api/pipelines/${p.id}/runs` });

  it('follows a run across a restart of the service: nothing lost, nothing twice', async () => {
    const p = await pipeline('restart', [
      { name: 'Build', steps: [{ sh: 'echo built-once' }] },
      { name: 'Approve', gate: { message: 'Go on?' }, steps: [{ sh: 'echo after-restart' }] },
    ]);
    const started = await trigger(p);
    expect(started.statusCode).toBe(201);
    const id = started.json().id;
    await until(
      'the gate',
      () => run(id),
      (r) => r.status === 'waiting',
    );
    // WHEN the service restarts while the build waits in Jenkins
    await service.app.close();
    service = await boot(fake, dataDir, database);
    expect((await run(id)).status).toBe('waiting');
    // THEN the restarted service answers the gate, and the run ends as Jenkins reports it
    const decided = await service.call({
      method: 'POST',
      url: `/api/runs/${id}/gates/Approve`,
      payload: { approve: true },
    });
    expect(decided.statusCode).toBe(200);
    const done = await until(
      'the end',
      () => run(id),
      (r) => FINISHED.includes(r.status),
    );
    expect(done.status).toBe('success');
    expect(fake.job('development', 'restart')!.builds.size).toBe(1);
    const log = (await service.call({ method: 'GET', url: `/api/runs/${id}/logs` }))
      .json()
      .map((e: { data: string }) => e.data)
      .join('');
    // Once as the shell's trace (+ echo ...) and once as its output, not twice each.
    expect(log.split('built-once\n').length - 1).toBe(2);
    expect(log).toContain('after-restart');
  });

  it("asks a protected environment's approvers at a gate the build reaches after a restart", async () => {
    const environment = await service.call({
      method: 'POST',
      url: '/api/environments',
      payload: {
        name: 'restart-prod',
        online: true,
        approvers: { users: ['boss'], groups: [] },
        allowedGroups: [],
      },
    });
    expect(environment.statusCode).toBe(201);
    const res = await service.call({
      method: 'POST',
      url: '/api/pipelines',
      payload: {
        name: 'restart-deploy',
        stages: [
          { name: 'Build', steps: [{ sh: 'sleep 1.5; echo built' }] },
          {
            name: 'Ship',
            steps: [
              { step: 'deployToKubernetes', with: { environment: 'restart-prod', image: 'team/app:1' } },
            ],
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const environments = (await service.call({ method: 'GET', url: '/api/environments' })).json();
    // The fake runs the script it was taught: the one the deploy rules give.
    teach(
      fake,
      applyDeployPolicy(res.json().definition, 'development', environments.items ?? environments, {}).model,
    );
    const id = (await trigger(res.json())).json().id;
    await until(
      'the build',
      () => run(id),
      (r) => r.status === 'running',
    );
    // WHEN the service restarts before the build reaches the gate
    await service.app.close();
    service = await boot(fake, dataDir, database);
    // THEN the gate it reaches asks the environment's approvers, not anyone who may run the pipeline
    const waiting = await until(
      'the gate',
      () => run(id),
      (r) => r.status === 'waiting',
    );
    expect(waiting.gates).toEqual([
      expect.objectContaining({
        stage: 'Ship',
        submitters: { users: ['boss'], groups: [] },
        status: 'pending',
      }),
    ]);
    await service.call({ method: 'POST', url: `/api/runs/${id}/cancel` });
  });

  it('keeps a trigger made while Jenkins is down (202, queued) and starts exactly one build when it is back', async () => {
    const p = await pipeline('down-then-up', [{ name: 'Build', steps: [{ sh: 'echo up again' }] }]);
    fake.fault = 'down';
    const started = await trigger(p);
    expect(started.statusCode).toBe(202);
    expect(started.json().status).toBe('queued');
    await new Promise((r) => setTimeout(r, 700));
    expect((await run(started.json().id)).status).toBe('queued');
    fake.fault = '503';
    await new Promise((r) => setTimeout(r, 700));
    fake.fault = null;
    const done = await until(
      'the end',
      () => run(started.json().id),
      (r) => FINISHED.includes(r.status),
    );
    expect(done.status).toBe('success');
    expect(fake.job('development', 'down-then-up')!.builds.size).toBe(1);
  });

  it('finds the build of a trigger whose answer was lost instead of triggering again', async () => {
    const p = await pipeline('lost-answer', [{ name: 'Build', steps: [{ sh: 'echo once' }] }]);
    fake.loseTriggerAnswers = 1;
    const started = await trigger(p);
    expect(started.statusCode).toBe(202);
    const done = await until(
      'the end',
      () => run(started.json().id),
      (r) => FINISHED.includes(r.status),
    );
    expect(done.status).toBe('success');
    expect(fake.job('development', 'lost-answer')!.builds.size).toBe(1);
    expect(
      fake.calls.filter((c) => c.path === '/job/development/job/lost-answer/api/json').length,
    ).toBeGreaterThan(0);
  });

  it('ends a run whose build was deleted in Jenkins, saying so', async () => {
    const p = await pipeline('deleted', [{ name: 'Long', steps: [{ sh: 'sleep 30' }] }]);
    const id = (await trigger(p)).json().id;
    await until(
      'the stage',
      () => run(id),
      (r) => r.status === 'running' && r.currentStage === 'Long',
    );
    fake.deleteBuild('development', 'deleted', 1);
    const done = await until(
      'the end',
      () => run(id),
      (r) => FINISHED.includes(r.status),
    );
    expect(done.status).toBe('aborted');
    expect(done.reason).toContain('Jenkins build #1 of development/deleted was deleted');
  });

  it('ends a run whose queue item was cancelled in Jenkins as aborted, with the reason', async () => {
    const p = await pipeline('cancelled-in-queue', [{ name: 'Build', steps: [{ sh: 'echo never' }] }]);
    fake.holdQueue = true;
    try {
      const id = (await trigger(p)).json().id;
      const item = await until(
        'the queue item',
        async () => [...fake.queue.values()].find((i) => i.job.name === 'cancelled-in-queue'),
        (i) => i !== undefined,
      );
      fake.cancelQueued(item!.id);
      const done = await until(
        'the end',
        () => run(id),
        (r) => FINISHED.includes(r.status),
      );
      expect(done.status).toBe('aborted');
      expect(done.reason).toContain('cancelled in the Jenkins queue');
      expect(fake.job('development', 'cancelled-in-queue')!.builds.size).toBe(0);
    } finally {
      fake.holdQueue = false;
    }
  });

  it('gives 100 concurrent triggers of one pipeline 100 builds and the run numbers 1..100', async () => {
    const p = await pipeline('busy', [{ name: 'A', steps: [{ echo: 'x' }] }]);
    const responses = await Promise.all(Array.from({ length: 100 }, () => trigger(p)));
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    expect(responses.map((r) => r.json().number).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    const ids = responses.map((r) => r.json().id as string);
    for (const id of ids)
      expect(
        (
          await until(
            'the end',
            () => run(id),
            (r) => FINISHED.includes(r.status),
            120_000,
          )
        ).status,
      ).toBe('success');
    const builds = [...fake.job('development', 'busy')!.builds.values()];
    expect(builds).toHaveLength(100);
    expect(new Set(builds.map((b) => b.parameters.PIPEWRIGHT_RUN_ID))).toEqual(new Set(ids));
  });
});
