import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What git asks for over HTTPS: a user name and a password or token. */
export interface GitCredential {
  username: string;
  secret: string;
}

export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Variables git still needs from the service's environment: proxies, CA bundles, an SSH agent. */
const PASSED_THROUGH = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
  'SSH_AUTH_SOCK',
] as const;

/** Longest a single git command may take (a first fetch of a large repository included). */
export const GIT_TIMEOUT_MS = 120_000;
/** Git's output is bounded too: ls-remote of a repository with many refs stays well below this. */
const GIT_MAX_BUFFER = 64 * 1024 * 1024;

/**
 * Git asks this program for what it needs and reads its stdout. The secret reaches it through the
 * environment of the git process only: never argv (which `ps` shows), never a file, never a log.
 */
const ASKPASS_SCRIPT = `#!/bin/sh
case "$1" in
  Username*|username*) printf '%s\\n' "$PIPEWRIGHT_GIT_USERNAME" ;;
  *) printf '%s\\n' "$PIPEWRIGHT_GIT_PASSWORD" ;;
esac
`;

/** Writes the askpass program into `dir` (once) and returns its path. */
export function installAskpass(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'askpass.sh');
  if (!existsSync(path)) writeFileSync(path, ASKPASS_SCRIPT, { mode: 0o700 });
  chmodSync(path, 0o700);
  return path;
}

/** A URL as it may be shown: any user info (`user:password@`) replaced. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

/**
 * Runs git with an environment of our choosing: no user or system configuration, no terminal
 * prompt, credentials through askpass. Resolves with the exit code; rejects only when git cannot
 * be started at all.
 */
export function runGit(
  args: string[],
  options: { cwd: string; askpass: string; credential?: GitCredential | null; timeoutMs?: number },
): Promise<GitOutput> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.cwd,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: options.askpass,
    // An SSH URL must not stop at a host-key or passphrase prompt that nobody will answer.
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
  };
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (options.credential) {
    env.PIPEWRIGHT_GIT_USERNAME = options.credential.username;
    env.PIPEWRIGHT_GIT_PASSWORD = options.credential.secret;
  }
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env,
        timeout: options.timeoutMs ?? GIT_TIMEOUT_MS,
        maxBuffer: GIT_MAX_BUFFER,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          reject(new Error(`git could not be started: ${error.message}`));
          return;
        }
        const killed = error && (error as { killed?: boolean }).killed;
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr: killed
            ? `${stderr}\ngit took longer than ${options.timeoutMs ?? GIT_TIMEOUT_MS} ms`
            : stderr,
        });
      },
    );
  });
}
