// Writes casc/kubernetes-cloud.yaml from resources/pod-templates, and copies casc/*.yaml into the
// chart (helm/pipewright/files/casc), which can only ship files inside itself. Tests fail when
// either is stale.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CASC_FILES, renderKubernetesCloud } from '../src/io/casc-kubernetes-cloud.js';

const root = fileURLToPath(new URL('../', import.meta.url));
writeFileSync(`${root}casc/kubernetes-cloud.yaml`, renderKubernetesCloud(`${root}resources`));
mkdirSync(`${root}helm/pipewright/files/casc`, { recursive: true });
for (const file of CASC_FILES)
  copyFileSync(`${root}casc/${file}`, `${root}helm/pipewright/files/casc/${file}`);
console.log('wrote casc/kubernetes-cloud.yaml and helm/pipewright/files/casc/');
