import { readFileSync } from 'node:fs';

export interface BuildIdentity {
  name: string;
  uid: number;
  gid: number;
}

/** Who local builds run as: the service's own user, another one, or nobody at all (and why). */
export type BuildUserDecision = { runAs: BuildIdentity | null } | { refused: string };

/** An account from /etc/passwd, or null. */
export function lookupUser(name: string, passwd = '/etc/passwd'): BuildIdentity | null {
  let text: string;
  try {
    text = readFileSync(passwd, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined)
      return { name, uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

/**
 * A build is untrusted code: run as root it could rewrite the service's database. So a
 * service running as root runs builds as an unprivileged user, and refuses to run them as root
 * unless told to, saying why.
 */
export function decideBuildUser(
  options: { buildUser?: string; allowRootBuilds: boolean },
  serviceUid: number = process.getuid?.() ?? -1,
  lookup: (name: string) => BuildIdentity | null = lookupUser,
): BuildUserDecision {
  if (serviceUid !== 0) {
    if (options.buildUser)
      return {
        refused: `PIPEWRIGHT_BUILD_USER=${options.buildUser} needs the service to run as root to switch users; unset it to run builds as the service's own user`,
      };
    return { runAs: null };
  }
  if (options.allowRootBuilds) return { runAs: null };
  const name = options.buildUser ?? 'nobody';
  const identity = lookup(name);
  if (!identity)
    return {
      refused: `local builds do not run as root, and the build user ${JSON.stringify(name)} does not exist: create it, set PIPEWRIGHT_BUILD_USER to an unprivileged user, or set PIPEWRIGHT_ALLOW_ROOT_BUILDS=true`,
    };
  if (identity.uid === 0)
    return {
      refused: `PIPEWRIGHT_BUILD_USER=${name} is root: pick an unprivileged user, or set PIPEWRIGHT_ALLOW_ROOT_BUILDS=true`,
    };
  return { runAs: identity };
}
