#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';

// `pipewright admin ...` acts on the service's database; everything else is the pipeline CLI.
const admin = process.argv[2] === 'admin';
const entry = new URL(admin ? '../dist/service/admin-cli.js' : '../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pipewright: dist/ is missing; run "npm run build" in the pipewright checkout\n');
  process.exit(2);
}
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
const code = admin
  ? await (
      await import(entry.href)
    ).runAdminCli(process.argv.slice(3), {
      ...io,
      stdoutIsTerminal: Boolean(process.stdout.isTTY),
    })
  : await (await import(entry.href)).runCli(process.argv.slice(2), io);
process.exitCode = code;
