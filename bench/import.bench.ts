/**
 * Import benchmark (npm run bench:import). Imports 100 varied Jenkinsfiles with one
 * `pipewright to-json` call (each file parsed, turned into JSON and compiled to bytecode, all
 * files sent to one JVM at once) and prints the cost per file next to the cost of one Groovy
 * JVM start measured in the same run, so the figure means the same on a fast and a slow
 * machine. Not a test: it asserts nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main.js';
import { GroovyBridge } from '../src/io/groovy-bridge.js';
import { renderPipeline } from '../src/render/render-pipeline.js';
import { variedPipelines } from './varied-pipelines.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 100);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const dir = mkdtempSync(join(tmpdir(), 'pipewright-import-'));
const files = variedPipelines(COUNT, 11).map((model, i) => {
  const file = join(dir, `Jenkinsfile-${i}`);
  // Every fifth file carries code around the pipeline, as real Jenkinsfiles often do.
  const prologue = i % 5 === 0 ? `@Library('shared') _\ndef target = 'all'\n\n` : '';
  writeFileSync(file, prologue + renderPipeline(model, { header: false }));
  return file;
});

// One JVM start, ready to answer: what each file cost when every call started its own JVM.
let start = process.hrtime.bigint();
const bridge = GroovyBridge.start();
await bridge.tree('pipeline { }');
await bridge.close();
const jvm = ms(start);

start = process.hrtime.bigint();
let out = 0;
const code = await runCli(['to-json', ...files], {
  stdout: (text) => (out += text.length),
  stderr: (text) => process.stderr.write(text),
});
const total = ms(start);
if (code !== 0) throw new Error(`to-json exited ${code}`);

const perFile = (total - jvm) / COUNT;
console.log(`${COUNT} Jenkinsfiles, one to-json call, ${(out / 1024).toFixed(0)} KiB of JSON`);
console.log(`one JVM start (baseline):  ${jvm.toFixed(0)} ms`);
console.log(`whole call:                ${total.toFixed(0)} ms`);
console.log(
  `per file after the start:  ${perFile.toFixed(1)} ms (${((perFile / jvm) * 100).toFixed(1)}% of a JVM start)`,
);
