import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** vars/ of the pipewright checkout (src/io -> ../../vars, dist/src/io -> ../../../vars). */
export const VARS_DIR = findVarsDir();

function findVarsDir(): string {
  for (const up of ['../../vars/', '../../../vars/']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return fileURLToPath(new URL('../../vars/', import.meta.url));
}

export interface VarsParameter {
  name: string;
  /** The Groovy default as written: null (required), '', 0, false, [] ... */
  default: string;
  comment: string;
}

/** The `defaultConfig` entries of vars/<step>.groovy: `name : default, // comment` lines. */
export function varsParameters(step: string): VarsParameter[] {
  const source = readFileSync(`${VARS_DIR}${step}.groovy`, 'utf8');
  const block = /Map defaultConfig = \[\n([\s\S]*?)\n\s*\]/.exec(source);
  if (!block) throw new Error(`vars/${step}.groovy has no defaultConfig map`);
  return block[1]!.split('\n').map((line) => {
    const m = /^\s*(\w+)\s*:\s*(.*?),?\s*\/\/\s*(.+)$/.exec(line);
    if (!m) throw new Error(`vars/${step}.groovy: defaultConfig line without a "// comment": ${line.trim()}`);
    return { name: m[1]!, default: m[2]!.replace(/,$/, '').trim(), comment: m[3]! };
  });
}

export function varsSteps(): string[] {
  return readdirSync(VARS_DIR)
    .filter((f) => f.endsWith('.groovy'))
    .map((f) => f.slice(0, -'.groovy'.length))
    .sort();
}
