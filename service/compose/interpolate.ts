import type { ComposeProblem } from './compose-errors.js';
import { ownEntry } from '../../src/index.js';

// ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+alt}, ${NAME+alt}, $NAME, $$.
const PATTERN =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^}])*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\{[^}]*\}?))/g;

function interpolateString(
  text: string,
  variables: Record<string, string>,
  path: string,
  problems: ComposeProblem[],
): string {
  return text.replace(PATTERN, (match, dollar, braced, operator, operand, bare, invalid) => {
    if (dollar) return '$';
    if (invalid !== undefined) {
      problems.push({ path, message: `invalid interpolation ${JSON.stringify(match)}` });
      return match;
    }
    const name = (braced ?? bare) as string;
    const value = ownEntry(variables, name);
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    switch (operator as string | undefined) {
      case ':-':
        return nonEmpty ? value : (operand as string);
      case '-':
        return set ? value : (operand as string);
      case ':?':
      case '?':
        if (operator === ':?' ? nonEmpty : set) return value!;
        problems.push({ path, message: `variable ${name} is required: ${operand || 'not set'}` });
        return '';
      case ':+':
        return nonEmpty ? (operand as string) : '';
      case '+':
        return set ? (operand as string) : '';
      default:
        if (set) return value;
        // Compose substitutes an empty string with a warning; a test run would then fail far from the cause.
        problems.push({
          path,
          message: `variable ${name} is not set (give it in the case's variables or a default: \${${name}:-value})`,
        });
        return '';
    }
  });
}

/** Applies compose variable interpolation to every string value of a parsed compose file. */
export function interpolate(
  value: unknown,
  variables: Record<string, string>,
  path: string,
  problems: ComposeProblem[],
): unknown {
  if (typeof value === 'string') return interpolateString(value, variables, path, problems);
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, variables, `${path}[${i}]`, problems));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        interpolate(v, variables, path ? `${path}.${k}` : k, problems),
      ]),
    );
  return value;
}
