// Writes the TestCase and TestSummary CRDs into the chart: npx tsx scripts/generate-crds.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCrdTemplates } from '../service/operator/render-crd-templates.js';

const templates = fileURLToPath(new URL('../helm/pipewright/templates/', import.meta.url));
for (const [file, text] of Object.entries(renderCrdTemplates())) writeFileSync(`${templates}${file}`, text);
