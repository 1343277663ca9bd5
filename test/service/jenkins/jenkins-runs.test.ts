import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPipeline } from '../../../src/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jenkinsOf } from '../../../service/plugins/runs.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { FAKE_TOKEN, FAKE_USER, FakeJenkins } from '../../support/fake-jenkins/fake-jenkins.js';
import { teach } from '../../support/fake-jenkins/teach.js';
import { createPipeline, useService, waitForRun } from '../../support/service.js';

/** The calls a poll makes for a run (reads); triggers, job updates and answers are actions. */
const READS = ['describe', 'log', 'inputs', 'queue', 'search'];

describe.each(DATABASE_KINDS)('runs on Jenkins (the fake) through the service on %s', (kind) => {
  const fake = new FakeJenkins();
  beforeAll(() => fake.listen());
  afterAll(() => fake.close());
  // Getters: the fake's port is known only once it listens, before the service is built.
  const service = useService(kind, {
    get PIPEWRIGHT_JENKINS_URL() {
      return fake.url;
    },
    PIPEWRIGHT_JENKINS_USER: FAKE_USER,
    PIPEWRIGHT_JENKINS_TOKEN: FAKE_TOKEN,
    PIPEWRIGHT_JENKINS_POLL_MS: '100',
  });

  it('goes queued -> stages -> paused -> approved by a submitter only -> success, with stages, durations and log', async () => {
    const s = service();
    // GIVEN a pipeline with two stages, a parallel pair and a gate only the developer may pass
    const pipeline = await createPipeline(s, {
      name: 'shop',
      stages: [
        { name: 'Build', steps: [{ sh: 'echo building; sleep 0.2' }] },
        {
          name: 'Checks',
          parallel: [
            { name: 'lint', steps: [{ sh: 'sleep 0.2; echo lint ok' }] },
            { name: 'unit', steps: [{ sh: 'sleep 0.2; echo unit ok' }] },
          ],
        },
        {
          name: 'Release',
          gate: { message: 'Ship it?', submitters: { users: ['developer-user'] } },
          steps: [{ sh: 'echo shipped' }],
        },
      ],
    });
    teach(fake, pipeline.definition);
    const jenkins = jenkinsOf(s.app)!;
    const before = { reads: READS.reduce((n, k) => n + fake.count(k), 0), runPolls: jenkins.stats.runPolls };
    // WHEN a tester starts it
    const started = await s.call(s.tokens.tester, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/runs`,
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ status: 'queued', executor: 'jenkins', number: 1 });
    const runId = started.json().id;
    // THEN it runs on Jenkins and stops at the gate
    const waiting = await waitForRun(s, runId, s.tokens.admin, (r) => r.status === 'waiting');
    const status = (name: string) => waiting.stages.find((st: { name: string }) => st.name === name)?.status;
    expect(['Build', 'Checks', 'lint', 'unit', 'Release'].map(status)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'waiting',
    ]);
    expect(waiting.gates).toEqual([expect.objectContaining({ stage: 'Release', status: 'pending' })]);
    // Jenkins' input answers only to the service's user; the service decides who may decide.
    expect(fake.build('development', 'shop', 1)!.inputs[0]!.submitters).toEqual([FAKE_USER]);
    const refused = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: `/api/runs/${runId}/gates/Release`,
      payload: { approve: true },
    });
    expect(refused.statusCode).toBe(403);
    expect(fake.count('answer')).toBe(0);
    const approved = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/runs/${runId}/gates/Release`,
      payload: { approve: true, comment: 'go' },
    });
    expect(approved.statusCode).toBe(200);
    const done = await waitForRun(s, runId);
    expect(done.status).toBe('success');
    expect(done.stages.map((st: { name: string; status: string }) => [st.name, st.status])).toEqual([
      ['Build', 'success'],
      ['Checks', 'success'],
      ['lint', 'success'],
      ['unit', 'success'],
      ['Release', 'success'],
    ]);
    expect(done.stages.every((st: { durationMs: number | null }) => st.durationMs !== null)).toBe(true);
    expect(done.gates).toEqual([
      expect.objectContaining({ status: 'approved', decidedBy: 'developer-user' }),
    ]);
    // The service's user answered Jenkins' input, once, after the service accepted the decision.
    expect(fake.calls.filter((c) => c.kind === 'answer').map((c) => c.path)).toEqual([
      expect.stringMatching(/^\/job\/development\/job\/shop\/1\/input\/[^/]+\/proceedEmpty$/),
    ]);
    const log = (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${runId}/logs` }))
      .json()
      .map((e: { data: string }) => e.data)
      .join('');
    expect(log).toContain('building');
    expect(log).toContain('lint ok');
    expect(log).toContain('shipped');
    expect(await s.app.repos.jenkinsBuilds.get(runId)).toMatchObject({
      folder: 'development',
      job: 'shop',
      build: 1,
      buildUrl: `${fake.url}job/development/job/shop/1/`,
    });
    // At most one Jenkins read per active run per poll.
    const reads = READS.reduce((n, k) => n + fake.count(k), 0) - before.reads;
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(jenkins.stats.runPolls - before.runPolls);
    // Every call is measured for the operators' dashboard and the JenkinsUnreachable alert.
    const metrics = (await s.call(null, { method: 'GET', url: '/metrics' })).body;
    const counted = (endpoint: string) =>
      Number(
        new RegExp(`pipewright_jenkins_requests_total\\{endpoint="${endpoint}",outcome="ok"\\} (\\d+)`).exec(
          metrics,
        )?.[1] ?? 0,
      );
    expect(counted('build-status')).toBeGreaterThan(0);
    expect(counted('input')).toBe(1);
  });

  it("keeps the pipeline's job in its group's folder in step: create, change, move, delete", async () => {
    const s = service();
    const eventually = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
      return check();
    };
    const body = { name: 'jobbed', stages: [{ name: 'A', steps: [{ echo: 'one' }] }] };
    const created = await createPipeline(s, body);
    expect(await eventually(() => fake.job('development', 'jobbed') !== undefined)).toBe(true);
    expect(fake.folders.has('development')).toBe(true);
    const changed = { ...body, stages: [{ name: 'A', steps: [{ echo: 'two' }] }] };
    const put = await s.call(s.tokens.developer, {
      method: 'PUT',
      url: `/api/pipelines/${created.id}`,
      payload: changed,
    });
    expect(put.statusCode).toBe(200);
    expect(await eventually(() => fake.job('development', 'jobbed')!.script.includes("echo 'two'"))).toBe(
      true,
    );
    const moved = await s.call(s.tokens.developer, {
      method: 'PUT',
      url: `/api/pipelines/${created.id}`,
      payload: { ...changed, name: 'jobbed-too' },
    });
    expect(moved.statusCode).toBe(200);
    expect(
      await eventually(
        () => fake.job('development', 'jobbed-too') !== undefined && !fake.job('development', 'jobbed'),
      ),
    ).toBe(true);
    const deleted = await s.call(s.tokens.admin, { method: 'DELETE', url: `/api/pipelines/${created.id}` });
    expect(deleted.statusCode).toBe(204);
    expect(await eventually(() => fake.job('development', 'jobbed-too') === undefined)).toBe(true);
  });

  it('writes the job Jenkins may start on its own (cron) as the deploy policy lets it run: gated, or with no trigger', async () => {
    const s = service();
    const eventually = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
      return check();
    };
    const environment = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/environments',
      payload: {
        name: 'production',
        online: true,
        approvers: { users: ['boss'], groups: [] },
        allowedGroups: [],
      },
    });
    expect(environment.statusCode).toBe(201);
    const nightly = (name: string, environment: string) => ({
      name,
      triggers: [{ type: 'cron', schedule: 'H 2 * * *' }],
      stages: [
        { name: 'Ship', steps: [{ step: 'deployToKubernetes', with: { environment, image: 'team/app:1' } }] },
      ],
    });
    // GIVEN a nightly deploy to production, and one whose target is known only in the build
    await createPipeline(s, nightly('nightly-gated', 'production'));
    await createPipeline(s, {
      ...nightly('nightly-computed', 'x'),
      stages: [
        {
          name: 'Ship',
          steps: [
            {
              step: 'deployToKubernetes',
              with: { environment: { expression: 'env.TARGET' }, image: 'team/app:1' },
            },
          ],
        },
      ],
    });
    // THEN the first job stops before the deploy for the environment's approval, whoever starts it
    expect(await eventually(() => fake.job('development', 'nightly-gated') !== undefined)).toBe(true);
    const gated = fake.job('development', 'nightly-gated')!;
    expect(gated.configXml).toContain('hudson.triggers.TimerTrigger');
    // (Jenkins' input answers only to the service's user: the service asks the approvers)
    expect(gated.script).toContain('input {');
    expect(gated.script).toContain('Deploy to protected environment production?');
    // AND the second, which the policy refuses, has no trigger Jenkins could fire by itself
    expect(await eventually(() => fake.job('development', 'nightly-computed') !== undefined)).toBe(true);
    const refused = fake.job('development', 'nightly-computed')!;
    expect(refused.configXml).not.toContain('TimerTrigger');
    expect(refused.script).not.toContain('cron(');
  });

  it("says on the pipeline when its repository's generated Jenkinsfile was edited by hand", async () => {
    const s = service();
    const repo = mkdtempSync(join(tmpdir(), 'pw-edited-repo-'));
    const model = {
      name: `edited-${kind}`,
      source: { git: `file://${repo}`, branch: 'main', jenkinsfile: 'Jenkinsfile' },
      stages: [{ name: 'Build', steps: [{ sh: 'make' }] }],
    };
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    writeFileSync(join(repo, 'Jenkinsfile'), renderPipeline(model).replace("sh 'make'", "sh 'make all'"));
    const git = ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com'];
    execFileSync('git', [...git, 'add', '.']);
    execFileSync('git', [...git, 'commit', '-q', '-m', 'generated, then edited by hand']);
    const created = await createPipeline(s, model);
    let status: unknown = null;
    for (let i = 0; i < 200 && status === null; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/pipelines/${created.id}` })).json()
        .jenkinsfileStatus;
    }
    expect(status).toBe('modified');
  });
});
