import { stripGeneratedHeader } from '../groovy/generated-header.js';
import { holdsGroovyCode } from '../model/groovy-code.js';
import type { GroovyAroundPipeline } from './ast.js';

export { holdsGroovyCode };

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
