import { describe, expect, it } from 'vitest';
import { renderPipeline } from '../../src/render/render-pipeline.js';
import { BUILT_IN_TEMPLATES } from '../../src/templates/built-in-templates.js';
import type { TemplateOptions } from '../../src/templates/template-options.js';
import { useGroovy } from '../support/groovy.js';

const RICH: TemplateOptions = {
  name: 'shop-api',
  group: 'production',
  language: 'maven',
  git: 'git@git.example:team/shop-api.git',
  branch: 'release',
  gitCredentialsId: 'git-ssh',
  testCommand: "mvn -B verify -Dtest='*IT' -Dmsg=\"it's $HOME\"",
  imageName: 'team/shop-api',
  registry: 'registry.example.com:5000',
  registryCredentialsId: 'harbor',
  environment: 'production',
  namespace: 'shop-prod',
  strategy: 'canary',
  approvers: ['alice', 'release-managers'],
};

describe('built-in templates', () => {
  const groovy = useGroovy();

  describe.each(BUILT_IN_TEMPLATES.map((t) => [t.name, t] as const))('%s', (_name, template) => {
    it.each([
      ['defaults', { name: 'demo' }],
      ['a non-trivial option set', RICH],
    ] as const)('with %s renders a Jenkinsfile that Groovy 2.4 compiles', async (_label, options) => {
      // GIVEN the template's model WHEN rendered
      const jenkinsfile = renderPipeline(template.create(options));
      // THEN it compiles, and the output is what the snapshot shows
      const result = await groovy().compile(jenkinsfile);
      expect(result.errors).toEqual([]);
      expect(jenkinsfile).toMatchSnapshot();
    });
  });

  it('calls shared-library steps only through the library directive', () => {
    const jenkinsfile = renderPipeline(
      BUILT_IN_TEMPLATES.find((t) => t.name === 'test-build-image-deploy')!.create(RICH),
    );
    expect(jenkinsfile).toContain("lib('pipewright')");
    expect(jenkinsfile).toMatch(/buildImage[ (]/);
    expect(jenkinsfile).toMatch(/deployToKubernetes[ (]/);
    expect(jenkinsfile).toContain("submitter 'alice,release-managers'");
  });
});
