import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Project, type Type } from 'ts-morph';

const require = createRequire(import.meta.url);
const MODELS = dirname(require.resolve('kubernetes-models/package.json'));

/** `apps/v1` -> `apps/v1`, `v1` -> `v1`, `rbac.authorization.k8s.io/v1` -> the same: folders of kubernetes-models. */
function modelPath(apiVersion: string, kind: string): string {
  return join(MODELS, apiVersion, `${kind}.d.ts`);
}

/**
 * Validates rendered Kubernetes objects with kubernetes-models (types, required fields, formats)
 * and, because its validators accept unknown fields, also walks each object against the
 * TypeScript interfaces kubernetes-models ships, reporting every field the API does not have.
 */
export class KubernetesObjectChecker {
  private readonly project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { strict: true },
  });

  async validate(object: { apiVersion: string; kind: string }): Promise<string[]> {
    const problems: string[] = [];
    const module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<
      string,
      new (data: unknown) => { validate(): void }
    >;
    const Model = module[object.kind];
    if (!Model) return [`${object.apiVersion}/${object.kind}: no kubernetes-models type`];
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${object.kind}: ${(error as Error).message}`);
    }
    const file = this.project.addSourceFileAtPath(modelPath(object.apiVersion, object.kind));
    const type = file.getInterfaceOrThrow(`I${object.kind}`).getType();
    this.unknownFields(object, type, object.kind, problems);
    return problems;
  }

  private unknownFields(value: unknown, type: Type, path: string, problems: string[]): void {
    if (value === null || typeof value !== 'object') return;
    const actual = type.isUnion()
      ? (type.getUnionTypes().find((t) => t.isObject() && !t.isArray()) ?? type)
      : type;
    if (Array.isArray(value)) {
      const element = actual.getArrayElementType();
      if (element) value.forEach((item, i) => this.unknownFields(item, element, `${path}[${i}]`, problems));
      return;
    }
    // Maps such as labels and annotations take any key.
    if (actual.getStringIndexType()) return;
    const declaration = actual.getSymbol()?.getDeclarations()[0];
    for (const [key, child] of Object.entries(value)) {
      const property = actual.getProperty(key);
      if (!property) {
        problems.push(`${path}.${key}: the Kubernetes API has no such field`);
        continue;
      }
      const node = property.getValueDeclaration() ?? declaration;
      if (!node) continue;
      this.unknownFields(
        child,
        property.getTypeAtLocation(node).getNonNullableType(),
        `${path}.${key}`,
        problems,
      );
    }
  }
}
