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

/**
 * The best of ROUNDS runs of each measurement, the rounds interleaved (a, b, c, a, b, c, ...) so
 * that load from other processes, which comes and goes, weighs on all of them alike.
 */
function bestOf(measurements: Record<string, () => number>): Record<string, number> {
  const min: Record<string, number> = {};
  const bytes: Record<string, number> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, fn] of Object.entries(measurements)) {
      const start = process.hrtime.bigint();
      bytes[label] = fn();
      min[label] = Math.min(min[label] ?? Infinity, Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  for (const label of Object.keys(measurements)) {
    console.log(
      `${label.padEnd(44)} ${min[label]!.toFixed(1).padStart(8)} ms  (${(bytes[label]! / 1024 / 1024).toFixed(1)} MiB out)`,
    );
  }
  return min;
}

const models = variedPipelines(COUNT);
console.log(
  `${COUNT} pipelines, ${models.reduce((n, m) => n + m.stages.length, 0)} top-level stages; best of ${ROUNDS} rounds`,
);

const BASELINE = 'JSON.stringify(model)  [baseline]';
const VALIDATE = 'validatePipeline(model)';
const END_TO_END = 'validate + compile + render';
const RENDER = 'renderJenkinsfile(ast)';
const first = bestOf({
  [BASELINE]: () => models.reduce((n, m) => n + JSON.stringify(m).length, 0),
  [VALIDATE]: () => models.reduce((n, m) => (validatePipeline(m), n + 1), 0),
  [END_TO_END]: () => models.reduce((n, m) => n + renderJenkinsfile(pipelineDocument(m)).length, 0),
});
// Measured last, against a baseline of its own: 10,000 documents held at once leave a large
// heap that every measurement beside it pays for in GC, which a caller rendering one pipeline
// at a time never sees.
const docs = models.map((m) => pipelineDocument(m));
const second = bestOf({
  [BASELINE]: () => models.reduce((n, m) => n + JSON.stringify(m).length, 0),
  [RENDER]: () => docs.reduce((n, d) => n + renderJenkinsfile(d).length, 0),
});
const baseline = first[BASELINE]!;
const validateOnly = first[VALIDATE]!;
const endToEnd = first[END_TO_END]!;
const renderOnly = second[RENDER]!;

console.log('');
console.log(
  `render only:  ${renderOnly.toFixed(0)} ms total, ${(renderOnly / second[BASELINE]!).toFixed(2)}x JSON.stringify`,
);
console.log(
  `validate:     ${validateOnly.toFixed(0)} ms total, ${(validateOnly / baseline).toFixed(2)}x JSON.stringify`,
);
console.log(
  `end to end:   ${endToEnd.toFixed(0)} ms total, ${(endToEnd / baseline).toFixed(2)}x JSON.stringify`,
);
