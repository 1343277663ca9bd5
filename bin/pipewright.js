#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';

// `pipewright admin ...` acts on the service's database and `pipewright operator` runs the
// test-plan operator (service/ entry points: src/ cannot import service/); everything else is
// the pipeline CLI.
const ENTRIES = {
  admin: '../dist/service/admin-cli.js',
  operator: '../dist/service/operator/main.js',
};
const command = Object.hasOwn(ENTRIES, process.argv[2] ?? '') ? process.argv[2] : null;
const entry = new URL(command ? ENTRIES[command] : '../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pipewright: dist/ is missing; run "npm run build" in the pipewright checkout\n');
  process.exit(2);
}
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
const module = await import(entry.href);
const args = process.argv.slice(command ? 3 : 2);
const code =
  command === 'admin'
    ? await module.runAdminCli(args, { ...io, stdoutIsTerminal: Boolean(process.stdout.isTTY) })
    : command === 'operator'
      ? await module.runOperatorCli(args, io)
      : await module.runCli(args, io);
process.exitCode = code;
