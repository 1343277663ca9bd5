import { stripGeneratedHeader } from '../groovy/generated-header.js';
import type { GroovyAroundPipeline } from './ast.js';

/**
 * True when the text holds anything but whitespace, comments and a first-line shebang: a
 * statement, an import, an annotation or a declaration. The scan stops at the first such token,
 * so string literals never need reading.
 */
export function holdsGroovyCode(text: string): boolean {
  let i = text.startsWith('#!') ? text.indexOf('\n') + 1 || text.length : 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) + 1 || text.length;
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return true;
      i = end + 2;
    } else return true;
  }
  return false;
}

/**
 * The Groovy of a Jenkinsfile before and after its `pipeline { }` block (string offsets `from`
 * and `to`). Comment-only text is left out, like comments inside the pipeline; anything else is
 * kept verbatim. Undefined when neither side holds code.
 */
export function groovyAroundPipeline(
  source: string,
  from: number,
  to: number,
): GroovyAroundPipeline | undefined {
  const before = stripGeneratedHeader(source.slice(0, from)).replace(/\s+$/, '');
  const after = source
    .slice(to)
    .replace(/^[ \t]*(\r\n|\r|\n)/, '')
    .replace(/\s+$/, '');
  const around: GroovyAroundPipeline = {};
  if (holdsGroovyCode(before)) around.prologue = before;
  if (holdsGroovyCode(after)) around.epilogue = after.replace(/^(\s*(\r\n|\r|\n))+/, '');
  return around.prologue === undefined && around.epilogue === undefined ? undefined : around;
}
