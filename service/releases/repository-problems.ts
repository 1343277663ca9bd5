import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Problem } from '../../src/index.js';
import type { CodeRepositoryInput } from '../repositories/code-repositories.js';
import type { Environment } from '../schemas/environments.js';
import { RELEASE_TYPES } from '../schemas/repositories.js';

/** What registration checks against the rest of the service, beyond the body's schema. */
export interface RepositoryContext {
  environments: Environment[];
  credentialIds: string[];
  /** The service's data directory: no repository may be read from inside it. */
  dataDir?: string;
}

/** Whether a file:// URL names a place inside `dir` (links resolved where they exist). */
function insideDirectory(url: string, dir: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return false;
  }
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const inner = relative(real(dir), real(path));
  return inner === '' || (!inner.startsWith('..') && !isAbsolute(inner));
}

/**
 * Every problem of a repository's configuration at once, with the body path of each: targets
 * that are not in the config centre or of the wrong kind, options that only one executor or one
 * deployer uses given where they would be ignored, credentials in the URL.
 */
export function repositoryProblems(
  repository: Omit<CodeRepositoryInput, 'ownerId'>,
  context: RepositoryContext,
): Problem[] {
  const problems: Problem[] = [];
  const local = repository.basic.local ?? false;
  const group = repository.basic.group ?? 'development';
  const { release, build } = repository;

  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(repository.gitUrl))
    problems.push({
      path: 'body.gitUrl',
      message: 'carries a password; store it with PUT /api/git-credentials/:id and name it in credentialsId',
    });
  if (
    context.dataDir &&
    /^file:/i.test(repository.gitUrl) &&
    insideDirectory(repository.gitUrl, context.dataDir)
  )
    problems.push({
      path: 'body.gitUrl',
      message: "is inside the service's data directory, which no repository may be read from",
    });
  if (repository.credentialsId && /^(http|git):/i.test(repository.gitUrl))
    problems.push({
      path: 'body.credentialsId',
      message: 'a credential is sent only over https or ssh; this URL would send it in the clear',
    });
  if (repository.credentialsId && !context.credentialIds.includes(repository.credentialsId))
    problems.push({
      path: 'body.credentialsId',
      message: `${JSON.stringify(repository.credentialsId)} is no stored git credential (PUT /api/git-credentials/:id first)`,
    });

  for (const type of RELEASE_TYPES) {
    const name = release.environments?.[type];
    if (name === undefined) continue;
    const path = `body.release.environments.${type}`;
    const environment = context.environments.find((e) => e.name === name);
    if (!environment) {
      problems.push({
        path,
        message: `${JSON.stringify(name)} is not an environment of the config centre (${context.environments.map((e) => e.name).join(', ') || 'none yet'})`,
      });
      continue;
    }
    if (environment.online !== (type === 'online'))
      problems.push({
        path,
        message: `${name} is an ${environment.online ? 'online' : 'offline'} environment; ${type} releases need an ${type} one`,
      });
    if (environment.allowedGroups.length > 0 && !environment.allowedGroups.includes(group))
      problems.push({
        path,
        message: `${name} accepts deploys only from pipeline groups ${environment.allowedGroups.join(', ')}; this repository's pipeline is in ${group} (basic.group)`,
      });
  }

  const deployer = release.deployer ?? (local ? 'record' : 'kubernetes');
  if (deployer === 'command' && !release.deployCommand)
    problems.push({ path: 'body.release.deployCommand', message: 'is required by deployer command' });
  if (deployer !== 'command' && release.deployCommand)
    problems.push({
      path: 'body.release.deployCommand',
      message: `is run only by deployer command; this repository deploys with ${deployer}`,
    });
  if (deployer === 'kubernetes' && local)
    problems.push({
      path: 'body.release.deployer',
      message:
        'kubernetes deploys with deployToKubernetes, which needs Jenkins; a local repository deploys with record or command',
    });
  if (deployer !== 'kubernetes')
    for (const key of ['canary', 'manifests', 'deployment'] as const)
      if (release[key] !== undefined)
        problems.push({
          path: `body.release.${key}`,
          message: `is used by deployToKubernetes only; this repository deploys with ${deployer}`,
        });
  if (!local)
    for (const key of ['imageCommand'] as const)
      if (build[key] !== undefined)
        problems.push({
          path: `body.build.${key}`,
          message:
            'is for local releases (basic.local); with Jenkins, buildImage builds the image with kaniko',
        });
  if (local)
    for (const key of ['dockerfile', 'registryCredentialsId'] as const)
      if (build[key] !== undefined)
        problems.push({
          path: `body.build.${key}`,
          message:
            'is read by buildImage (Jenkins); a local release builds with build.imageCommand, which names its own',
        });
  if (local && repository.buildImage)
    problems.push({
      path: 'body.buildImage',
      message: 'is the container of a Kubernetes build pod; a local release runs on the service machine',
    });
  return problems;
}
