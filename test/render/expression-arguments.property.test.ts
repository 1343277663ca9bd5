import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importJenkinsfile } from '../../src/io/import-jenkinsfile.js';
import { renderJenkinsfile } from '../../src/render/render-jenkinsfile.js';
import { useGroovy } from '../support/groovy.js';

const RUNS = Number(process.env.PIPEWRIGHT_FUZZ_RUNS ?? 200);

/** Groovy expressions of the kinds Jenkinsfiles pass as arguments, nested a few levels. */
const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom('env.TARGET', 'params.FLAG', 'x', "'lit'", '"g${x}"', '42', 'true', "[1, 'a']", '[a: 1]'),
  ),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc
      .tuple(tie('node'), fc.constantFrom('+', '-', '*', '==', '&&', '?:', '=~'), tie('node'))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie('node'), tie('node'), tie('node')).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `foo.bar(${a}, ${b})`),
    tie('node').map((a) => `(${a})`),
    tie('node').map((a) => `(String) ${a}`),
    tie('node').map((a) => `{ it -> ${a} }`),
    tie('node').map((a) => `${a}.toString()`),
  ),
})).node as fc.Arbitrary<string>;

describe('expression-valued arguments', () => {
  const groovy = useGroovy();

  it('render to a Jenkinsfile Groovy 2.4 compiles and that parses back to the same AST', async () => {
    await fc.assert(
      fc.asyncProperty(expression, fc.constantFrom('sh', 'echo', 'dir', 'myStep'), async (expr, step) => {
        const source = `pipeline {\n  agent any\n  stages {\n    stage('a') {\n      steps {\n        ${step} ${expr}\n      }\n    }\n  }\n}\n`;
        // Written in command syntax the way authors do; only what Groovy itself parses counts.
        fc.pre((await groovy().compile(source)).ok);
        // A call on a step's result (`sh (x).trim()`) is Groovy, not a step: refused as Jenkins does.
        const doc = await importJenkinsfile(groovy(), source).catch(() => undefined);
        fc.pre(doc !== undefined);
        const rendered = renderJenkinsfile(doc!);
        const compiled = await groovy().compile(rendered);
        expect(compiled.errors, rendered).toEqual([]);
        expect(await importJenkinsfile(groovy(), rendered)).toEqual(doc);
      }),
      { numRuns: RUNS },
    );
  });
});
