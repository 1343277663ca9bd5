#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';

// The operator is the service package's second entry point; src/ cannot import service/.
const operator = process.argv[2] === 'operator';
const entry = new URL(
  operator ? '../dist/service/operator/main.js' : '../dist/src/cli/main.js',
  import.meta.url,
);
if (!existsSync(entry)) {
  process.stderr.write('pipewright: dist/ is missing; run "npm run build" in the pipewright checkout\n');
  process.exit(2);
}
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
const code = operator
  ? await (await import(entry.href)).runOperatorCli(process.argv.slice(3), io)
  : await (await import(entry.href)).runCli(process.argv.slice(2), io);
process.exitCode = code;
