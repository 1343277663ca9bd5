// Writes casc/kubernetes-cloud.yaml from resources/pod-templates. A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderKubernetesCloud } from '../src/io/casc-kubernetes-cloud.js';

const root = fileURLToPath(new URL('../', import.meta.url));
writeFileSync(`${root}casc/kubernetes-cloud.yaml`, renderKubernetesCloud(`${root}resources`));
console.log('wrote casc/kubernetes-cloud.yaml');
