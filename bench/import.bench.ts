/**
 * Import benchmark (npm run bench:import). Times whole `pipewright to-json` calls, each in a
 * fresh Node process with a fresh JVM (each file parsed, turned into JSON and compiled to
 * bytecode, all files sent to one JVM at once): one with 1 Jenkinsfile and one with
 * BENCH_COUNT (100) varied ones. What a further file costs is the difference, (T100 - T1) / 99:
 * both calls pay the Node and JVM starts and the first file's cold code alike, so warm-up that
 * later files still pay stays in the figure and none of it moves into the baseline. It is printed
 * beside one Groovy JVM start measured in the same rounds, so the figure means the same on a fast
 * and a slow machine. A third call with 300 files gives the cost of a file once the JIT has
 * compiled Groovy's compiler, (T300 - T100) / 200, and so how much of the first figure is
 * warm-up each call pays once. Not a test: it asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroovyBridge } from '../src/io/groovy-bridge.js';
import { renderPipeline } from '../src/render/render-pipeline.js';
import { variedPipelines } from './varied-pipelines.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 100);
/** A longer call: its files beyond COUNT run on a warm JVM, so their cost is the steady one. */
const LONG_COUNT = 3 * COUNT;
/** Rounds of the three measurements, interleaved so that load from other work weighs on all alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PIPEWRIGHT = fileURLToPath(new URL('../../bin/pipewright.js', import.meta.url));
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const dir = mkdtempSync(join(tmpdir(), 'pipewright-import-'));
const files = variedPipelines(LONG_COUNT, 11).map((model, i) => {
  const file = join(dir, `Jenkinsfile-${i}`);
  // Every fifth file carries code around the pipeline, as real Jenkinsfiles often do.
  const prologue = i % 5 === 0 ? `@Library('shared') _\ndef target = 'all'\n\n` : '';
  writeFileSync(file, prologue + renderPipeline(model, { header: false }));
  return file;
});

/** One JVM start, ready to answer: what each file cost when every call started its own JVM. */
async function jvmStart(): Promise<number> {
  const start = process.hrtime.bigint();
  const bridge = GroovyBridge.start();
  await bridge.tree('pipeline { }');
  await bridge.close();
  return ms(start);
}

/** One `pipewright to-json` process over the files, as a user runs it; returns its wall time. */
function toJson(inputs: string[]): Promise<{ time: number; bytes: number }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [PIPEWRIGHT, 'to-json', ...inputs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let bytes = 0;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ time: ms(start), bytes });
      else reject(new Error(`to-json exited ${code}: ${stderr}`));
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// Unmeasured: the first JVM after the server script changed compiles it and keeps the classes
// (src/io/groovy-class-cache.ts); every later call starts from them.
await jvmStart();

const rounds: { jvm: number; one: number; all: number; marginal: number; long: number; warm: number }[] = [];
let bytes = 0;
for (let r = 0; r < ROUNDS; r++) {
  const jvm = await jvmStart();
  const one = (await toJson(files.slice(0, 1))).time;
  const all = await toJson(files.slice(0, COUNT));
  const long = (await toJson(files)).time;
  bytes = all.bytes;
  rounds.push({
    jvm,
    one,
    all: all.time,
    marginal: (all.time - one) / (COUNT - 1),
    long,
    warm: (long - all.time) / (LONG_COUNT - COUNT),
  });
}

const jvm = median(rounds.map((r) => r.jvm));
const one = median(rounds.map((r) => r.one));
const all = median(rounds.map((r) => r.all));
const marginal = median(rounds.map((r) => r.marginal));
const long = median(rounds.map((r) => r.long));
const warm = median(rounds.map((r) => r.warm));
const line = (label: string, value: string, note = '') =>
  console.log(`${label.padEnd(30)} ${value.padStart(9)}  ${note}`);
console.log(
  `${COUNT} Jenkinsfiles, ${(bytes / 1024).toFixed(0)} KiB of JSON; median of ${ROUNDS} rounds, each call a fresh process and JVM`,
);
line('one JVM start (baseline)', `${jvm.toFixed(0)} ms`);
line('to-json, 1 file', `${one.toFixed(0)} ms`, `${(one / jvm).toFixed(2)}x a JVM start`);
line(`to-json, ${COUNT} files`, `${all.toFixed(0)} ms`, `${(all / one).toFixed(2)}x the 1-file call`);
line(
  'marginal per file',
  `${marginal.toFixed(1)} ms`,
  `(T${COUNT} - T1) / ${COUNT - 1}, ${((marginal / jvm) * 100).toFixed(2)}% of a JVM start`,
);
line(`to-json, ${LONG_COUNT} files`, `${long.toFixed(0)} ms`, `${(long / one).toFixed(2)}x the 1-file call`);
line(
  'per file on a warm JVM',
  `${warm.toFixed(1)} ms`,
  `(T${LONG_COUNT} - T${COUNT}) / ${LONG_COUNT - COUNT}, ${((warm / jvm) * 100).toFixed(2)}% of a JVM start`,
);
line(
  'warm-up, once per call',
  `${(all - one - (COUNT - 1) * warm).toFixed(0)} ms`,
  `T${COUNT} - T1 - ${COUNT - 1} x the warm cost: what the JIT costs the first files`,
);
console.log(
  `rounds (jvm / 1 / ${COUNT} / ${LONG_COUNT} files, ms; marginal / warm ms a file): ` +
    rounds
      .map(
        (r) =>
          `${r.jvm.toFixed(0)}/${r.one.toFixed(0)}/${r.all.toFixed(0)}/${r.long.toFixed(0)}; ${r.marginal.toFixed(1)}/${r.warm.toFixed(1)}`,
      )
      .join('  '),
);
