import type { ComposeProblem } from './compose-errors.js';
import { dictionary } from '../../src/index.js';

/**
 * Reads a compose env file: KEY=VALUE lines, `#` comments, optional `export `, single quotes
 * taken literally, double quotes with \n and \" escapes. A line that is none of these is a problem.
 */
export function parseEnvFile(text: string, file: string, problems: ComposeProblem[]): Record<string, string> {
  const values = dictionary<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      problems.push({ path: `${file}:${i + 1}`, message: `not a KEY=VALUE line: ${JSON.stringify(raw)}` });
      return;
    }
    const [, key, rest] = match as unknown as [string, string, string];
    let value = rest;
    if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) value = value.slice(1, -1);
    else if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    else value = value.replace(/\s+#.*$/, '');
    values[key] = value;
  });
  return values;
}
