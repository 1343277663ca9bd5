import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { ComposeConversionError, type ComposeProblem } from './compose-errors.js';
import { interpolate } from './interpolate.js';
// An import (not a read at run time) so that tsc copies the schema into dist/ with the code.
import composeSpecSchema from './compose-spec.schema.json' with { type: 'json' };

let validator: ValidateFunction | undefined;
function composeSchema(): ValidateFunction {
  // The schema is vendored data (see compose-spec.schema.NOTICE.md). It names draft-07 by its
  // https address, which Ajv does not know, and uses a later draft's annotation (deprecated),
  // which strict mode rejects; Ajv's default dialect is draft-07.
  const { $schema: _dialect, ...schema } = composeSpecSchema as Record<string, unknown>;
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

/** The parts of a compose file the converter reads; the schema has checked the shapes. */
export interface ComposeFile {
  name?: string;
  services: Record<string, Record<string, unknown>>;
  volumes?: Record<string, Record<string, unknown> | null>;
  networks?: Record<string, Record<string, unknown> | null>;
  [key: string]: unknown;
}

function schemaPath(instancePath: string): string {
  return instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.') || '(file)';
}

/**
 * Parses a compose file's YAML, interpolates variables, and validates it against the Compose
 * Specification's JSON Schema. Throws ComposeConversionError with every problem found.
 */
export function parseComposeFile(
  text: string,
  fileName: string,
  variables: Record<string, string>,
): ComposeFile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: true });
  if (doc.errors.length > 0)
    throw new ComposeConversionError(
      doc.errors.map((e) => ({
        path: `${fileName}:${e.linePos?.[0]?.line ?? 0}:${e.linePos?.[0]?.col ?? 0}`,
        message: e.message.split('\n')[0]!,
      })),
    );
  const problems: ComposeProblem[] = [];
  const value = interpolate(doc.toJS(), variables, '', problems);
  if (problems.length > 0) throw new ComposeConversionError(problems);
  const validate = composeSchema();
  if (!validate(value)) {
    throw new ComposeConversionError(
      (validate.errors ?? []).map((e) => ({
        path: schemaPath(e.instancePath),
        message: `${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''} (compose specification)`,
      })),
    );
  }
  const file = value as ComposeFile;
  if (!file.services || Object.keys(file.services).length === 0)
    throw new ComposeConversionError([{ path: 'services', message: 'the compose file defines no services' }]);
  return file;
}
