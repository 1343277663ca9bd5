// Writes casc/kubernetes-cloud.yaml from resources/pod-templates and the roles block of
// casc/jenkins.yaml from the permission catalogue (service/auth/permissions.ts), and copies
// casc/*.yaml into the chart (helm/pipewright/files/casc), which can only ship files inside
// itself. Tests fail when any of them is stale.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withJenkinsRoles } from '../service/auth/jenkins-roles.js';
import { CASC_FILES, renderKubernetesCloud } from '../src/io/casc-kubernetes-cloud.js';

const root = fileURLToPath(new URL('../', import.meta.url));
writeFileSync(`${root}casc/kubernetes-cloud.yaml`, renderKubernetesCloud(`${root}resources`));
const jenkinsYaml = `${root}casc/jenkins.yaml`;
writeFileSync(jenkinsYaml, withJenkinsRoles(readFileSync(jenkinsYaml, 'utf8')));
mkdirSync(`${root}helm/pipewright/files/casc`, { recursive: true });
for (const file of CASC_FILES)
  copyFileSync(`${root}casc/${file}`, `${root}helm/pipewright/files/casc/${file}`);
console.log(
  'wrote casc/kubernetes-cloud.yaml, the roles of casc/jenkins.yaml and helm/pipewright/files/casc/',
);
