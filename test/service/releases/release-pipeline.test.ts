import { describe, expect, it } from 'vitest';
import { pipelineProblems, renderPipeline } from '../../../src/index.js';
import { applyDeployPolicy } from '../../../service/runs/deploy-policy.js';
import { releasePipelineModel } from '../../../service/releases/release-pipeline.js';
import type { StoredRepository } from '../../../service/repositories/code-repositories.js';
import type { Environment } from '../../../service/schemas/environments.js';
import { useGroovy } from '../../support/groovy.js';

const environment = (name: string, online: boolean, extra: Partial<Environment> = {}): Environment => ({
  id: name,
  name,
  online,
  namespace: `${name}-ns`,
  kubeconfigCredentialId: null,
  approvers: { users: [], groups: [] },
  allowedGroups: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const ENVIRONMENTS = [
  environment('staging', false),
  environment('production', true, {
    kubeconfigCredentialId: 'prod-kubeconfig',
    approvers: { users: ['lead'], groups: ['release-managers'] },
  }),
];

const JENKINS_REPOSITORY: StoredRepository = {
  id: 'r1',
  identifier: 'shop-api',
  name: "Shop's API",
  owner: 'ada',
  ownerId: 'u1',
  gitUrl: "https://git.example/team/shop'api.git",
  credentialsId: 'shop-bot',
  buildImage: 'maven:3.9-eclipse-temurin-21',
  basic: { group: 'production' },
  build: {
    language: 'maven',
    testCommand: 'mvn -B verify -Dmsg="it\'s $HOME"',
    dockerfile: 'docker/Dockerfile',
    imageName: 'team/shop-api',
    registry: 'harbor.example:5000',
  },
  release: {
    environments: { offline: 'staging', online: 'production' },
    strategy: 'canary',
    canary: { pods: '2', check: './smoke.sh', approval: true },
    manifests: 'k8s/',
  },
  recordPushCandidates: false,
  pipelineId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the release pipeline of a repository released by Jenkins', () => {
  const groovy = useGroovy();
  const model = releasePipelineModel(JENKINS_REPOSITORY, ENVIRONMENTS);

  it('is a valid model whose Jenkinsfile Groovy 2.4 compiles', async () => {
    expect(pipelineProblems(model)).toEqual([]);
    const jenkinsfile = renderPipeline(model);
    expect((await groovy().compile(jenkinsfile)).errors).toEqual([]);
    // The exact commit, with the Jenkins credential of the same id; user text escaped.
    expect(jenkinsfile).toContain(
      "scmGit(branches: [[name: params.COMMIT_ID]], userRemoteConfigs: [[url: 'https://git.example/team/shop\\'api.git', credentialsId: 'shop-bot']])",
    );
    expect(jenkinsfile).toMatch(/buildImage\(.*tags: \[params\.VERSION\]/s);
    expect(jenkinsfile).toContain("dockerfile: 'docker/Dockerfile'");
    expect(jenkinsfile).toMatch(
      /deployToKubernetes\(.*environment: 'production'.*kubeconfigCredentialsId: 'prod-kubeconfig'/s,
    );
    expect(jenkinsfile).toContain("canaryCheck: './smoke.sh'");
    expect(jenkinsfile).toContain('image: "maven:3.9-eclipse-temurin-21"');
  });

  it('skips building for a rollback and deploys only to the type released', () => {
    const names = model.stages.map((s) => [s.name, s.when?.environment]);
    expect(names).toEqual([
      ['Checkout', undefined],
      ['Test', { name: 'BUILD', value: 'true' }],
      ['Build', { name: 'BUILD', value: 'true' }],
      ['Build image', { name: 'BUILD', value: 'true' }],
      ['Deploy to staging', { name: 'DEPLOY_TO', value: 'offline' }],
      ['Deploy to production', { name: 'DEPLOY_TO', value: 'online' }],
    ]);
    expect(model.parameters?.find((p) => p.name === 'STRATEGY')?.choices?.[0]).toBe('canary');
  });

  it('puts the online deploy behind the protected environment’s approvers, through the one policy', () => {
    const outcome = applyDeployPolicy(model, 'production', ENVIRONMENTS, { DEPLOY_TO: 'online' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.gated).toEqual(['production']);
    const gated = outcome.model.stages.find((s) => s.name === 'Deploy to production')!;
    expect(gated.gate?.submitters).toEqual({ users: ['lead'], groups: ['release-managers'] });
    const refused = applyDeployPolicy(
      model,
      'production',
      [ENVIRONMENTS[0]!, { ...ENVIRONMENTS[1]!, allowedGroups: ['ops'] }],
      {},
    );
    expect(refused.problems[0]?.message).toMatch(/only pipeline groups ops/);
  });
});
