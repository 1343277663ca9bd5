import { describe, expect, it } from 'vitest';
import { PipelineValidationError } from '../../src/model/problems.js';
import { pipelineProblems, validatePipeline } from '../../src/model/validate-pipeline.js';
import { renderPipeline } from '../../src/render/render-pipeline.js';

describe('pipeline validation', () => {
  it('reports five different problems, each at its path, in one run', () => {
    // GIVEN a model with five unrelated mistakes
    const model = {
      name: 'shop',
      group: 'production',
      stages: [
        { name: 'Build', steps: [{ sh: 'make' }] },
        { name: 'Build', steps: [{ sh: 42 }] },
        { name: 'Empty' },
        {
          name: 'Deploy',
          gate: { message: 'Ship it?' },
          steps: [{ step: 'deployToKubernetes', with: { environment: 'prod', colour: 'blue' } }],
        },
      ],
    };
    // WHEN validated
    const problems = pipelineProblems(model);
    const paths = problems.map((p) => p.path);
    // THEN every problem is reported with its place
    expect(paths).toEqual(
      expect.arrayContaining([
        'stages[1].name',
        'stages[1].steps[0].sh',
        'stages[2]',
        'stages[3].gate.submitters',
        'stages[3].steps[0].with.colour',
      ]),
    );
    expect(problems.find((p) => p.path === 'stages[1].name')!.message).toContain(
      'duplicate stage name "Build"',
    );
    expect(problems.find((p) => p.path === 'stages[1].steps[0].sh')!.message).toContain('got 42');
    expect(problems.find((p) => p.path === 'stages[3].steps[0].with.colour')!.message).toContain(
      'no argument "colour"',
    );
  });

  it('throws one error whose message lists every problem as [path] message lines', () => {
    const model = {
      name: 'bad name!',
      stages: [{ name: 'A', parallel: [{ name: 'B', parallel: [{ name: 'C', steps: [{ echo: 'x' }] }] }] }],
    };
    let error: unknown;
    try {
      validatePipeline(model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipelineValidationError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[name\] expected string to match/),
        expect.stringMatching(
          /^\[stages\[0\]\.parallel\[0\]\.parallel\] .*nests parallel stages inside parallel/,
        ),
      ]),
    );
  });

  it('rejects an agent on a stage that holds parallel stages, and a container without a pod', () => {
    const problems = pipelineProblems({
      name: 'p',
      agent: { label: 'linux' },
      stages: [
        { name: 'A', agent: 'any', parallel: [{ name: 'B', steps: [{ echo: 'x' }] }] },
        { name: 'C', container: 'node', steps: [{ echo: 'x' }] },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual(['stages[0].agent', 'stages[1].container']);
  });

  it('resolves a step union to the variant the author meant', () => {
    const problems = pipelineProblems({
      name: 'p',
      stages: [{ name: 'A', steps: [{ sh: 'x', lable: 'typo' }] }],
    });
    expect(problems).toEqual([
      { path: 'stages[0].steps[0].lable', message: expect.stringContaining('Unexpected property') },
    ]);
  });

  it('refuses a default for password parameters, so no secret lands in a Jenkinsfile', () => {
    const problems = pipelineProblems({
      name: 'p',
      parameters: [{ name: 'TOKEN', type: 'password', default: 'hunter2' }],
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    });
    expect(problems).toEqual([
      { path: 'parameters[0].default', message: expect.stringContaining('use a Jenkins credential') },
    ]);
  });

  it('says where U+FFFF is, since Groovy 2.4 cannot read it', () => {
    const problems = pipelineProblems({ name: 'p', stages: [{ name: 'A', steps: [{ sh: 'echo \uffff' }] }] });
    expect(problems).toEqual([{ path: 'stages[0].steps[0].sh', message: expect.stringContaining('U+FFFF') }]);
  });

  it('renders credentials through credentials(), never inside a GString', () => {
    const jenkinsfile = renderPipeline({
      name: 'p',
      environment: { REGISTRY: { credential: 'harbor-login' } },
      stages: [{ name: 'A', steps: [{ sh: 'echo "$REGISTRY_USR"' }] }],
    });
    expect(jenkinsfile).toContain("REGISTRY = credentials('harbor-login')");
    expect(jenkinsfile).toContain(`sh 'echo "$REGISTRY_USR"'`);
  });
});

describe('stage names, as Jenkins checks them', () => {
  const build = (name: string) => ({ name, steps: [{ sh: 'make' }] });

  it('accepts equal names under different parents and refuses them among siblings', () => {
    // GIVEN "Test" in two parallel blocks, and "Unit" twice in one of them
    const problems = pipelineProblems({
      name: 'p',
      source: { git: 'https://git.example/p.git' },
      stages: [
        { name: 'Linux', parallel: [build('Test'), build('Checkout')] },
        { name: 'Windows', stages: [build('Test'), build('Unit'), build('Unit')] },
      ],
    });
    // THEN only the sibling duplicate is a problem; a nested "Checkout" does not meet the checkout stage
    expect(problems.map((p) => `[${p.path}] ${p.message}`)).toEqual([
      '[stages[1].stages[2].name] duplicate stage name "Unit" in this block (also at stages[1].stages[1])',
    ]);
  });

  it('refuses a top-level stage named like the checkout stage, which comes first in that block', () => {
    const problems = pipelineProblems({
      name: 'p',
      source: { git: 'https://git.example/p.git' },
      stages: [build('Checkout')],
    });
    expect(problems.map((p) => p.path)).toEqual(['stages[0].name']);
  });
});

describe('code around the pipeline block', () => {
  it('is carried verbatim to the document and written around the block', () => {
    const model = {
      name: 'p',
      groovy: { prologue: "@Library('shared') _", epilogue: 'def helper() { 1 }' },
      stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
    };
    const text = renderPipeline(model, { header: false });
    expect(text.startsWith("@Library('shared') _\n\npipeline {")).toBe(true);
    expect(text.endsWith('}\n\ndef helper() { 1 }\n')).toBe(true);
  });

  it('refuses comment-only code, an empty groovy member and U+FFFF in it', () => {
    const base = { name: 'p', stages: [{ name: 'A', steps: [{ echo: 'x' }] }] };
    expect(pipelineProblems({ ...base, groovy: { prologue: '// just a note' } }).map((p) => p.path)).toEqual([
      'groovy.prologue',
    ]);
    expect(pipelineProblems({ ...base, groovy: {} }).map((p) => p.path)).toEqual(['groovy']);
    expect(
      pipelineProblems({ ...base, groovy: { epilogue: "def x = '\uffff'" } }).map((p) => p.path),
    ).toEqual(['groovy.epilogue']);
  });
});

describe('push trigger filters', () => {
  const stages = [{ name: 'A', steps: [{ echo: 'x' }] }];

  it('takes branch and tag globs, and an empty branch list for tag-only pipelines', () => {
    const triggers = [{ type: 'push', branches: [], tags: ['v*', 'release-**'] }];
    expect(pipelineProblems({ name: 'shop', triggers, stages })).toEqual([]);
    // The filters are the service's webhooks' business: the Jenkinsfile still only says pollSCM.
    expect(renderPipeline({ name: 'shop', triggers, stages } as never)).toContain("pollSCM('')");
  });

  it('reports an empty or non-text tag glob and an unknown filter at their paths', () => {
    const problems = pipelineProblems({
      name: 'shop',
      triggers: [{ type: 'push', tags: ['', 7], paths: ['src/**'] }],
      stages,
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['triggers[0].tags[0]', 'triggers[0].tags[1]', 'triggers[0].paths']),
    );
  });
});
