import type { GroovyStatement } from '../../src/declarative/groovy-tree.js';
import { readPipelineJsonText } from '../../src/declarative/read-pipeline-json.js';
import type { GroovyBridge, GroovyError } from '../../src/io/groovy-bridge.js';
import { importJenkinsfile } from '../../src/io/import-jenkinsfile.js';
import { PipelineValidationError, type Problem } from '../../src/model/problems.js';
import { renderJenkinsfile } from '../../src/render/render-jenkinsfile.js';
import { declarativeStructure } from '../support/groovy-structure.js';
import { holdsGroovyCode } from '../../src/model/groovy-code.js';

/**
 * The import round trip a user makes with the CLI, through the same API calls: `to-json` (import
 * the Jenkinsfile, print its JSON), then `render --from-json` (read that JSON, render a
 * Jenkinsfile). All calls share one Groovy JVM.
 */
export type RoundTrip =
  | { step: 'import'; problems: Problem[] }
  | { step: 'render'; error: string }
  | { step: 'compile'; rendered: string; errors: GroovyError[] }
  | { step: 'done'; rendered: string; original: FileShape; roundTripped: FileShape };

/** What must survive the trip: the Declarative structure and the code around `pipeline { }`. */
export interface FileShape {
  structure: unknown[];
  /**
   * Text before and after the top-level `pipeline { }` block, blank edges and line ends trimmed.
   * Text that is only comments counts as nothing: the import keeps the code around the block
   * verbatim (its comments included) but, like Jenkins' own converter, not comments alone, so
   * a plain pipeline stays pure Jenkins JSON (docs/pipeline-model.md).
   */
  before: string;
  after: string;
}

export async function roundTrip(bridge: GroovyBridge, source: string, file: string): Promise<RoundTrip> {
  let json: string;
  try {
    json = JSON.stringify(await importJenkinsfile(bridge, source, file));
  } catch (error) {
    if (error instanceof PipelineValidationError) return { step: 'import', problems: error.problems };
    throw error;
  }
  let rendered: string;
  try {
    rendered = renderJenkinsfile(readPipelineJsonText(json), { header: false });
  } catch (error) {
    return { step: 'render', error: String(error) };
  }
  const compiled = await bridge.compile(rendered, file);
  if (!compiled.ok) return { step: 'compile', rendered, errors: compiled.errors };
  return {
    step: 'done',
    rendered,
    original: await fileShape(bridge, source, file),
    roundTripped: await fileShape(bridge, rendered, file),
  };
}

export async function fileShape(bridge: GroovyBridge, source: string, file: string): Promise<FileShape> {
  const tree = await bridge.tree(source, file);
  if (!tree.ok || !tree.statements) throw new Error(`${file} does not parse: ${JSON.stringify(tree.errors)}`);
  const [start, end] = pipelineBlock(source, tree.statements, file);
  return {
    structure: declarativeStructure(tree.statements),
    before: trimmedLines(source.slice(0, start)),
    after: trimmedLines(source.slice(end)),
  };
}

/**
 * Offsets of the one top-level `pipeline { }` call, from Groovy's own positions: the call's start
 * and its closure's start plus the closure's source text. No brace counting, so braces inside
 * strings, comments and slashy regexes cannot mislead it.
 */
export function pipelineBlock(source: string, statements: GroovyStatement[], file: string): [number, number] {
  const blocks = statements.filter(
    (s): s is Extract<GroovyStatement, { t: 'call' }> => s.t === 'call' && s.name === 'pipeline',
  );
  if (blocks.length !== 1 || !blocks[0]!.closure || blocks[0]!.closure.body === null)
    throw new Error(`${file}: expected one top-level pipeline { } block, found ${blocks.length}`);
  const call = blocks[0]!;
  const closure = call.closure!;
  const start = offsetOf(source, call.line, call.column);
  const end = offsetOf(source, closure.line, closure.column) + closure.body!.length + 2;
  if (source[end - 1] !== '}') throw new Error(`${file}: the pipeline block does not end in } at ${end}`);
  return [start, end];
}

/** Groovy 2.4 counts lines split at \n, \r\n or \r and columns from 1, one per UTF-16 unit. */
function offsetOf(source: string, line: number, column: number): number {
  const lineBreak = /\r\n|\r|\n/g;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const match = lineBreak.exec(source);
    if (!match) throw new Error(`line ${line} is past the end of the source`);
    offset = match.index + match[0].length;
  }
  return offset + column - 1;
}

const trimmedLines = (text: string) =>
  holdsGroovyCode(text)
    ? text
        .split(/\r\n|\r|\n/)
        .map((line) => line.trimEnd())
        .join('\n')
        .trim()
    : '';
