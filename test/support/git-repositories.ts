import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real git repository in a temp dir, made and changed with the git CLI. */
export function makeGitRepository() {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-git-origin-'));
  // Local builds may run as another user (nobody, when the tests run as root): it must read the origin.
  chmodSync(dir, 0o755);
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Ada Lovelace',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_COMMITTER_NAME: 'Ada Lovelace',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
      },
    }).trim();
  git('init', '--quiet', '--initial-branch=main', '.');
  /** Writes `file` with `message` as its text, commits it, returns the commit id. */
  const commit = (file: string, message: string) => {
    writeFileSync(join(dir, file), message);
    git('add', file);
    git('commit', '--quiet', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  return { dir, url: `file://${dir}`, git, commit };
}
