import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';

interface SchemaFile {
  apiVersion: string;
  kind: string;
  openAPIV3Schema: Record<string, unknown>;
}

const KINDS = ['ServiceMonitor', 'PrometheusRule'] as const;

/**
 * A CRD schema with every object that lists its properties closed to others, unless it says it
 * keeps unknown fields: the API server would prune a misspelt field silently, so the check
 * reports it instead.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema))
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closed(v)]))
        : closed(value);
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  )
    out.additionalProperties = false;
  return out;
}

/**
 * CRD patterns are Go (RE2) regular expressions; the one RE2 feature they use that JavaScript
 * lacks is the `(?i)` flag group, as in `^(?i)(abort|warn)?$`. Each use covers the rest of its
 * pattern, so it becomes the `i` flag.
 */
const goPatterns = Object.assign(
  (pattern: string, flags: string) =>
    pattern.includes('(?i)')
      ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`)
      : new RegExp(pattern, flags),
  { code: 'new RegExp' },
);

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties')
    return `${error.instancePath}/${String(error.params.additionalProperty)}: the CRD has no such field`;
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}`;
}

/**
 * Validates rendered custom resources (prometheus-operator's ServiceMonitor and PrometheusRule)
 * against their CRD's OpenAPI schema (test/support/crd-schemas/), unknown fields included.
 */
export class CustomResourceChecker {
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    code: { regExp: goPatterns },
  });
  private readonly validators = new Map(
    KINDS.map((kind) => {
      const file = JSON.parse(
        readFileSync(new URL(`./crd-schemas/${kind}.json`, import.meta.url), 'utf8'),
      ) as SchemaFile;
      return [`${file.apiVersion}/${file.kind}`, this.ajv.compile(closed(file.openAPIV3Schema) as object)];
    }),
  );

  handles(object: { apiVersion: string; kind: string }): boolean {
    return this.validators.has(`${object.apiVersion}/${object.kind}`);
  }

  validate(object: { apiVersion: string; kind: string }): string[] {
    const validate = this.validators.get(`${object.apiVersion}/${object.kind}`);
    if (!validate)
      return [`${object.apiVersion}/${object.kind}: no CRD schema kept in test/support/crd-schemas`];
    const kind = object.kind;
    return validate(object) ? [] : (validate.errors ?? []).map((e) => `${kind}: ${describe(e)}`);
  }
}
