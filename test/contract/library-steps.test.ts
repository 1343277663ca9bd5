import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BINDINGS_FILE, renderBindings } from '../../scripts/generate-library-bindings.js';
import { describe, expect, it } from 'vitest';
import type { GroovyStatement } from '../../src/declarative/groovy-tree.js';
import { LIBRARY_STEPS, libraryStep } from '../../src/model/library-steps.js';
import { JENKINS_STEPS } from '../../src/model/step-catalogue.js';
import { renderPipeline } from '../../src/render/render-pipeline.js';
import { BUILT_IN_TEMPLATES } from '../../src/templates/built-in-templates.js';
import { useGroovy } from '../support/groovy.js';
import { VARS_DIR, varsParameters, varsSteps } from '../../src/io/library-vars.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const TYPE_OF_DEFAULT = (value: string): string => {
  if (value === 'null') return 'required';
  if (value.startsWith("'")) return 'string';
  if (value === 'true' || value === 'false') return 'boolean';
  if (value.startsWith('[')) return 'string[]';
  if (/^\d/.test(value)) return 'number';
  return 'unknown';
};

/** Every call in a Groovy call tree, with its named argument keys. */
function calls(statements: GroovyStatement[], out: { name: string; keys: string[] }[] = []) {
  for (const s of statements) {
    if (s.t !== 'call') continue;
    out.push({ name: s.name, keys: s.named.map((n) => n.key) });
    if (s.closure) calls(s.closure.statements, out);
  }
  return out;
}

describe('contract between the renderer and the shared library', () => {
  it('has typed bindings generated from vars/ that are up to date', async () => {
    expect(readFileSync(`${ROOT}${BINDINGS_FILE}`, 'utf8')).toBe(await renderBindings());
  });

  const groovy = useGroovy();

  it('every vars/ step has a help page and a commented defaultConfig', () => {
    for (const step of varsSteps()) {
      expect(existsSync(`${VARS_DIR}${step}.txt`), `vars/${step}.txt`).toBe(true);
      expect(varsParameters(step).length).toBeGreaterThan(0);
    }
  });

  it.each(Object.keys(LIBRARY_STEPS) as (keyof typeof LIBRARY_STEPS)[])(
    '%s: every parameter the renderer may pass is one vars/ accepts, with the same type and requiredness',
    (step) => {
      expect(varsSteps()).toContain(step);
      const accepted = new Map(varsParameters(step).map((p) => [p.name, p]));
      for (const [name, param] of Object.entries(LIBRARY_STEPS[step].parameters)) {
        const vars = accepted.get(name);
        expect(vars, `${step}(${name}) is not in vars/${step}.groovy`).toBeDefined();
        const type = TYPE_OF_DEFAULT(vars!.default);
        if (param.required) expect(type, `${step}(${name}) is required`).toBe('required');
        else expect(type, `${step}(${name})`).toBe(param.type);
      }
      const required = [...accepted.values()].filter((p) => p.default === 'null').map((p) => p.name);
      expect(required.sort()).toEqual(
        Object.entries(LIBRARY_STEPS[step].parameters)
          .filter(([, p]) => p.required)
          .map(([n]) => n)
          .sort(),
      );
    },
  );

  it('the templates emit only Jenkins steps and library steps, with arguments vars/ accepts', async () => {
    const options = {
      name: 'contract',
      registry: 'registry.example.com',
      approvers: ['alice'],
      git: 'https://git.example/app.git',
    };
    for (const template of BUILT_IN_TEMPLATES) {
      const tree = await groovy().tree(renderPipeline(template.create(options)));
      const stepsBlock = calls(tree.statements!).filter(
        (c) => Object.hasOwn(LIBRARY_STEPS, c.name) || varsSteps().includes(c.name),
      );
      for (const call of stepsBlock) {
        const accepted = varsParameters(call.name).map((p) => p.name);
        for (const key of call.keys)
          expect(accepted, `${template.name}: ${call.name}(${key})`).toContain(key);
      }
      const unknown = calls(tree.statements!)
        .map((c) => c.name)
        .filter((n) => !Object.hasOwn(JENKINS_STEPS, n) && !Object.hasOwn(LIBRARY_STEPS, n));
      const declarative = [
        'pipeline',
        'agent',
        'kubernetes',
        'inheritFrom',
        'defaultContainer',
        'libraries',
        'lib',
        'options',
        'buildDiscarder',
        'logRotator',
        'disableConcurrentBuilds',
        'triggers',
        'pollSCM',
        'stages',
        'stage',
        'steps',
        'input',
        'message',
        'ok',
        'submitter',
        'label',
      ];
      expect(
        unknown.filter((n) => !declarative.includes(n)),
        template.name,
      ).toEqual([]);
    }
  });
});

describe('typed calls of library steps', () => {
  it('do not compile with an argument vars/ does not take, or without a required one (npm run typecheck)', () => {
    // @ts-expect-error colour is not an argument of buildImage
    const wrong = libraryStep('buildImage', { image: 'team/app', colour: 'red' });
    // @ts-expect-error image is required
    libraryStep('buildImage', { registry: 'registry.example.com' });
    // @ts-expect-error strategy takes rolling, canary, blue-green or rollback
    libraryStep('deployToKubernetes', { environment: 'prod', strategy: 'yolo' });
    expect(wrong).toEqual({ step: 'buildImage', with: { image: 'team/app', colour: 'red' } });
    expect(libraryStep('deployToKubernetes', { environment: 'prod', strategy: 'canary' })).toEqual({
      step: 'deployToKubernetes',
      with: { environment: 'prod', strategy: 'canary' },
    });
  });
});
