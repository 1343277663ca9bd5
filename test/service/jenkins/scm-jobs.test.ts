import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPipeline, type PipelineModel } from '../../../src/index.js';
import type { RunEventType } from '../../../service/contracts/run-events.js';
import { JenkinsExecutor } from '../../../service/executor/jenkins-executor.js';
import { JenkinsApi } from '../../../service/jenkins/jenkins-api.js';
import { MemoryJenkinsBuildStore } from '../../../service/jenkins/jenkins-build-store.js';
import { repositoryJenkinsfileStatus } from '../../../service/jenkins/repository-jenkinsfile.js';
import type { Run } from '../../../service/repositories/runs.js';
import { FAKE_TOKEN, FAKE_USER, FakeJenkins } from '../../support/fake-jenkins/fake-jenkins.js';
import { childNamed, parseXml, textOf } from '../../support/fake-jenkins/strict-xml.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
  });

describe('pipelines whose repository keeps its own Jenkinsfile', () => {
  const fake = new FakeJenkins();
  beforeAll(() => fake.listen());
  afterAll(() => fake.close());
  const repo = mkdtempSync(join(tmpdir(), 'pw-scm-repo-'));
  const model: PipelineModel = {
    name: 'from-repo',
    source: { git: `file://${repo}`, branch: 'main', jenkinsfile: 'ci/Jenkinsfile' },
    stages: [{ name: 'Build', steps: [{ sh: 'make' }] }],
  };

  it('gets a "Jenkinsfile in SCM" job, and a run says when the generated file was edited by hand', async () => {
    // GIVEN a repository holding the pipeline's generated Jenkinsfile
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    execFileSync('mkdir', ['-p', join(repo, 'ci')]);
    const generated = renderPipeline(model);
    writeFileSync(join(repo, 'ci/Jenkinsfile'), generated);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'generated');
    expect(await repositoryJenkinsfileStatus(model)).toBe('unmodified');
    // WHEN the job is written
    const executor = new JenkinsExecutor({
      api: new JenkinsApi({ url: fake.url, user: FAKE_USER, token: FAKE_TOKEN }),
      url: fake.url,
      user: FAKE_USER,
      store: new MemoryJenkinsBuildStore(),
      pollMs: 50,
      onJenkinsfileStatus: async (pipelineId, status) => {
        found.push([pipelineId, status]);
      },
    });
    const found: [string, string][] = [];
    expect(await executor.jobs.sync(model)).toBe('created');
    // THEN it reads the file from the repository's branch
    const definition = childNamed(parseXml(fake.job('development', 'from-repo')!.configXml), 'definition')!;
    expect(definition.attributes.class).toBe('org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition');
    expect(textOf(childNamed(definition, 'scriptPath'))).toBe('ci/Jenkinsfile');
    expect(fake.job('development', 'from-repo')!.configXml).toContain(`<url>file://${repo}</url>`);
    // AND once someone edits the generated file, a run says so
    writeFileSync(join(repo, 'ci/Jenkinsfile'), generated.replace("sh 'make'", "sh 'make all'"));
    git(repo, 'commit', '-q', '-am', 'edited by hand');
    expect(await repositoryJenkinsfileStatus(model)).toBe('modified');
    const events: RunEventType[] = [];
    const run = { id: 'scm-run', pipelineId: 'p-1', parameters: {}, number: 1 } as unknown as Run;
    executor.start({ run, pipeline: model, secrets: {}, serviceEnv: {} }, async (e) => {
      events.push(...e);
    });
    await executor.wait(run.id);
    expect(events).toContainEqual(
      expect.objectContaining({
        id: 'jenkinsfile:modified',
        type: 'note',
        text: expect.stringContaining('edited by hand'),
      }),
    );
    // ...and the pipeline is told, so the service shows it on the pipeline
    expect(found).toEqual([['p-1', 'modified']]);
    await executor.close();
  });
});
