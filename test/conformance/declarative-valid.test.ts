import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../src/declarative/ast.js';
import { readPipelineJsonText } from '../../src/declarative/read-pipeline-json.js';
import { importJenkinsfile } from '../../src/io/import-jenkinsfile.js';
import { renderJenkinsfile } from '../../src/render/render-jenkinsfile.js';
import { conformanceCases, conformanceFile } from '../support/conformance.js';
import { declarativeStructure } from '../support/groovy-structure.js';
import { useGroovy } from '../support/groovy.js';

/** Normalises what carries no meaning: code and expression text compare without whitespace. */
function normalised(doc: PipelineDocument): unknown {
  return JSON.parse(JSON.stringify(doc), (key, value) => {
    if (value && typeof value === 'object' && value.isLiteral === false && typeof value.value === 'string') {
      return { isLiteral: false, value: value.value.replace(/\s+/g, '') };
    }
    if (
      value &&
      typeof value === 'object' &&
      value.key === 'scriptBlock' &&
      typeof value.value?.value === 'string'
    ) {
      return {
        key: 'scriptBlock',
        value: { isLiteral: true, value: value.value.value.replace(/\s+/g, ' ').trim() },
      };
    }
    return value;
  });
}

describe("Jenkins' own converter cases (valid)", () => {
  const groovy = useGroovy();

  describe.each(conformanceCases('valid'))('%s', (name) => {
    const json = conformanceFile('valid', `${name}.json`);
    const reference = conformanceFile('valid', `${name}.groovy`);

    it('renders a Jenkinsfile that Groovy 2.4 compiles', async () => {
      // GIVEN the pipeline JSON WHEN rendered
      const jenkinsfile = renderJenkinsfile(readPipelineJsonText(json));
      // THEN Groovy 2.4 compiles it to bytecode
      const result = await groovy().compile(jenkinsfile);
      expect(result.errors).toEqual([]);
      expect(result.ok).toBe(true);
    });

    it('is structurally equal to the Jenkinsfile Jenkins pairs with it', async () => {
      const jenkinsfile = renderJenkinsfile(readPipelineJsonText(json));
      const [ours, theirs] = await Promise.all([groovy().tree(jenkinsfile), groovy().tree(reference)]);
      expect(theirs.ok).toBe(true);
      expect(declarativeStructure(ours.statements!)).toEqual(declarativeStructure(theirs.statements!));
    });

    it('comes back as the same JSON after JSON -> Jenkinsfile -> JSON', async () => {
      const doc = readPipelineJsonText(json);
      const back = await importJenkinsfile(groovy(), renderJenkinsfile(doc));
      expect(back).toEqual(doc);
    });

    it("imports Jenkins' Jenkinsfile as the same JSON (whitespace in code aside)", async () => {
      const { groovy: around, ...back } = await importJenkinsfile(groovy(), reference);
      expect(normalised(back)).toEqual(normalised(readPipelineJsonText(json)));
      // Code around the pipeline block (a `package` line in a few cases) is kept verbatim beside it.
      for (const code of [around?.prologue, around?.epilogue]) if (code) expect(reference).toContain(code);
    });
  });
});
