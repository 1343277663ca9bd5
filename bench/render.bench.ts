/**
 * Rendering benchmark (npm run bench:render). Renders 10,000 varied pipelines and prints the
 * total time and its ratio to JSON.stringify of the same models, measured in the same run, so
 * the figure means the same on a fast and a slow machine. Not a test: it asserts nothing.
 */
import { pipelineDocument } from '../src/render/render-pipeline.js';
import { renderJenkinsfile } from '../src/render/render-jenkinsfile.js';
import { validatePipeline } from '../src/model/validate-pipeline.js';
import { variedPipelines } from './varied-pipelines.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const ROUNDS = 5;

function best(label: string, fn: () => number): number {
  let min = Infinity;
  let bytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    bytes = fn();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(
    `${label.padEnd(44)} ${min.toFixed(1).padStart(8)} ms  (${(bytes / 1024 / 1024).toFixed(1)} MiB out)`,
  );
  return min;
}

const models = variedPipelines(COUNT);
const docs = models.map((m) => pipelineDocument(m));
console.log(
  `${COUNT} pipelines, ${models.reduce((n, m) => n + m.stages.length, 0)} top-level stages; best of ${ROUNDS} rounds`,
);

const baseline = best('JSON.stringify(model)  [baseline]', () =>
  models.reduce((n, m) => n + JSON.stringify(m).length, 0),
);
const renderOnly = best('renderJenkinsfile(ast)', () =>
  docs.reduce((n, d) => n + renderJenkinsfile(d).length, 0),
);
const validateOnly = best('validatePipeline(model)', () =>
  models.reduce((n, m) => (validatePipeline(m), n + 1), 0),
);
const endToEnd = best('validate + compile + check + render', () =>
  models.reduce((n, m) => n + renderJenkinsfile(pipelineDocument(m)).length, 0),
);

console.log('');
console.log(
  `render only:  ${renderOnly.toFixed(0)} ms total, ${(renderOnly / baseline).toFixed(2)}x JSON.stringify`,
);
console.log(
  `validate:     ${validateOnly.toFixed(0)} ms total, ${(validateOnly / baseline).toFixed(2)}x JSON.stringify`,
);
console.log(
  `end to end:   ${endToEnd.toFixed(0)} ms total, ${(endToEnd / baseline).toFixed(2)}x JSON.stringify`,
);
