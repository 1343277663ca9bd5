import { declarativeFromGroovyTree } from '../declarative/from-groovy-tree.js';
import { readPipelineJson } from '../declarative/read-pipeline-json.js';
import type { CheckedDocument } from '../declarative/validate-declarative.js';
import { PipelineValidationError } from '../model/problems.js';
import type { GroovyBridge, TreeResult } from './groovy-bridge.js';

/**
 * Reads a Declarative Jenkinsfile into the pipeline AST, parsing it with Groovy 2.4's own
 * parser. Syntax errors, non-Declarative code and Declarative rule violations all come back
 * together as one PipelineValidationError.
 */
export async function importJenkinsfile(
  bridge: GroovyBridge,
  source: string,
  file = 'Jenkinsfile',
  options: ImportOptions = {},
): Promise<CheckedDocument> {
  const parsed = await bridge.tree(source, file, options);
  const doc = declarativeFromTree(parsed, file, source);
  if (parsed.compileErrors?.length) {
    throw new PipelineValidationError(
      parsed.compileErrors.map((e) => ({
        path: `${file}:${e.line}:${e.column}`,
        message: `Groovy 2.4 does not compile it: ${e.message}`,
      })),
    );
  }
  return doc;
}

export interface ImportOptions {
  /**
   * Also compile the file to bytecode (from the same parse), as Jenkins does before it runs it:
   * errors a parse cannot see (a method too large, a variable declared twice) are problems too.
   * @default false
   */
  compile?: boolean;
}

/** The second half of importJenkinsfile, for callers that already have the bridge's answer. */
export function declarativeFromTree(
  parsed: TreeResult,
  file = 'Jenkinsfile',
  source?: string,
): CheckedDocument {
  if (!parsed.ok || !parsed.statements) {
    throw new PipelineValidationError(
      parsed.errors.map((e) => ({
        path: `${file}:${e.line}:${e.column}`,
        message: `Groovy 2.4 cannot parse it: ${e.message}`,
      })),
    );
  }
  const converted = declarativeFromGroovyTree(parsed.statements, file, source);
  if (!converted.document) throw new PipelineValidationError(converted.problems);
  return readPipelineJson(converted.document);
}
