import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { CONFORMANCE_DIR, conformanceCases, conformanceFile } from '../support/conformance.js';

/** Follows a `pipeline.stages[0].matrix` path into a JSON value; undefined when it is not there. */
function resolve(root: unknown, path: string): unknown {
  let node: unknown = { pipeline: (root as { pipeline?: unknown }).pipeline, $: root };
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("Jenkins' own converter cases (invalid)", () => {
  it.each(conformanceCases('invalid'))(
    '%s is rejected with exit code 1 naming the offending element',
    async (name) => {
      // WHEN the CLI renders the invalid JSON
      const { code, stdout, stderr } = await cli([
        'render',
        '--from-json',
        join(CONFORMANCE_DIR, 'invalid', `${name}.json`),
      ]);
      // THEN it exits 1, prints nothing on stdout, and every line is `[path] message`
      expect(code).toBe(1);
      expect(stdout).toBe('');
      const lines = stderr.trim().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      let parsed: unknown;
      try {
        parsed = JSON.parse(conformanceFile('invalid', `${name}.json`));
      } catch {
        parsed = undefined;
      }
      for (const line of lines) {
        const match = /^\[(.+?)\] (.+)$/.exec(line);
        expect(match, line).not.toBeNull();
        const [, path = '', message = ''] = match!;
        if (parsed === undefined) {
          // Malformed JSON: the message says so and where.
          expect(path).toBe('json');
          expect(message).toMatch(/malformed JSON: .*position \d+/);
        } else {
          // The path names an element that exists in the input (a missing key is reported on its parent).
          expect(resolve(parsed, path), `${path} in ${name}`).not.toBeUndefined();
        }
      }
    },
  );
});
