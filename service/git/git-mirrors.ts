import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from '../errors.js';
import { installAskpass, redactUrl, runGit, type GitCredential, type GitOutput } from './git-command.js';

/** What a branch, tag or commit id names, as git itself resolved it. */
export interface ResolvedRef {
  /** The ref as asked. */
  ref: string;
  kind: 'branch' | 'tag' | 'commit';
  commitId: string;
  /** The branch asked for, or a remote branch whose head is this commit; null otherwise. */
  branch: string | null;
  /** The tag asked for (lightweight or annotated); null otherwise. */
  tag: string | null;
  message: string;
  author: string;
  authorEmail: string;
  authoredAt: string;
}

/** The ref is no branch, tag or commit of the repository (or not a valid ref at all). */
export const unknownRef = (ref: string, url: string, why = 'is no branch, tag or commit of') =>
  new ServiceError(400, 'UNKNOWN_REF', `ref ${JSON.stringify(ref)} ${why} ${redactUrl(url)}`, [
    { path: 'body.ref', message: `${JSON.stringify(ref)} ${why} ${redactUrl(url)}` },
  ]);

/** Git could not talk to the repository (network, host, authentication). */
export const gitUnreachable = (url: string, detail: string) =>
  new ServiceError(
    502,
    'GIT_UNREACHABLE',
    `cannot read git repository ${redactUrl(url)}: ${detail || 'git gave no reason'}`,
  );

/** Refs a release may name: git's own rules, narrowed so that nothing reads as an option. */
const REF_PATTERN = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock$)[A-Za-z0-9._/+-]{1,250}(?<![/.])$/;
const COMMIT_PATTERN = /^[0-9a-f]{4,40}$/i;

/** Git's last meaningful line of complaint, without credentials. */
function reason(out: GitOutput): string {
  const lines = out.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^hint:/.test(l));
  // "fatal: '/x' does not appear to be a git repository" says more than the advice after it.
  const fatal = lines.filter((l) => /^(fatal|error):/.test(l));
  return redactUrl((fatal.length ? fatal.slice(0, 2) : lines.slice(-2)).join(' ')).slice(0, 500);
}

/**
 * A cached bare mirror per repository, under `root/<key>.git`. A ref is resolved by asking the
 * remote which refs it has (ls-remote, no objects), then fetching only the ref that matched; a
 * commit id already in the mirror needs no network at all. Work on one mirror is serialised.
 */
export class GitMirrors {
  private readonly askpass: string;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly root: string,
    private readonly timeoutMs?: number,
  ) {
    this.askpass = installAskpass(root);
  }

  /** Resolves `ref` of the repository at `url`; `key` names its mirror (the repository id). */
  resolve(key: string, url: string, ref: string, credential?: GitCredential | null): Promise<ResolvedRef> {
    return this.serialised(key, () => this.resolveNow(key, url, ref, credential ?? null));
  }

  /** Removes a repository's mirror (the repository is gone), after the work queued on it. */
  forget(key: string): Promise<void> {
    return this.serialised(key, async () => {
      if (/^[A-Za-z0-9_-]+$/.test(key))
        rmSync(join(this.root, `${key}.git`), { recursive: true, force: true });
    });
  }

  private serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(work);
    this.queues.set(key, next);
    void next
      .catch(() => {})
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    return next;
  }

  private async resolveNow(
    key: string,
    url: string,
    ref: string,
    credential: GitCredential | null,
  ): Promise<ResolvedRef> {
    if (!REF_PATTERN.test(ref)) throw unknownRef(ref, url, 'is not a valid branch, tag or commit name for');
    if (!/^[A-Za-z0-9_-]+$/.test(key))
      throw new Error(`mirror key ${JSON.stringify(key)} is not a plain name`);
    const dir = join(this.root, `${key}.git`);
    const git = (args: string[]) =>
      runGit(args, { cwd: dir, askpass: this.askpass, credential, timeoutMs: this.timeoutMs });
    if (!existsSync(join(dir, 'HEAD'))) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const init = await git(['init', '--bare', '--quiet', '.']);
      if (init.code !== 0) throw new Error(`git init of the mirror failed: ${reason(init)}`);
    }

    const listed = await git(['ls-remote', '--heads', '--tags', '--', url]);
    if (listed.code !== 0) throw gitUnreachable(url, reason(listed));
    const remote = new Map<string, string>();
    for (const line of listed.stdout.split('\n')) {
      const [sha, name] = line.split('\t');
      if (sha && name) remote.set(name, sha);
    }

    const short = ref.replace(/^refs\/(heads|tags)\//, '');
    const candidates = ref.startsWith('refs/')
      ? [ref].filter((r) => remote.has(r))
      : [`refs/heads/${ref}`, `refs/tags/${ref}`].filter((r) => remote.has(r));
    if (candidates.length > 1)
      throw unknownRef(ref, url, 'is both a branch and a tag of; name it refs/heads/... or refs/tags/... in');

    let commitId: string;
    let kind: ResolvedRef['kind'];
    if (candidates.length === 1) {
      const full = candidates[0]!;
      kind = full.startsWith('refs/tags/') ? 'tag' : 'branch';
      const fetched = await git(['fetch', '--quiet', '--no-tags', '--', url, `+${full}:${full}`]);
      if (fetched.code !== 0) throw gitUnreachable(url, reason(fetched));
      commitId = await this.peel(git, `${full}^{commit}`, ref, url);
    } else if (COMMIT_PATTERN.test(ref)) {
      kind = 'commit';
      commitId = await this.findCommit(git, url, ref.toLowerCase());
    } else {
      throw unknownRef(ref, url);
    }

    const shown = await git(['show', '-s', '--format=%H%x00%an%x00%ae%x00%aI%x00%B', commitId, '--']);
    if (shown.code !== 0) throw new Error(`git show ${commitId} failed: ${reason(shown)}`);
    const [, author = '', authorEmail = '', authoredAt = '', message = ''] = shown.stdout.split('\0');
    const headOf = [...remote].find(([name, sha]) => name.startsWith('refs/heads/') && sha === commitId)?.[0];
    return {
      ref,
      kind,
      commitId,
      branch: kind === 'branch' ? short : (headOf?.slice('refs/heads/'.length) ?? null),
      tag: kind === 'tag' ? short : null,
      message: message.trim(),
      author,
      authorEmail,
      authoredAt: new Date(authoredAt).toISOString(),
    };
  }

  /** A commit id, full or abbreviated: from the mirror, else fetched (by id, then every branch and tag). */
  private async findCommit(
    git: (args: string[]) => Promise<GitOutput>,
    url: string,
    id: string,
  ): Promise<string> {
    const local = await this.lookup(git, id, url);
    if (local) return local;
    if (id.length === 40) {
      // Servers that allow fetching a commit by id (git's protocol v2 does for reachable ones) save a full fetch.
      const direct = await git(['fetch', '--quiet', '--no-tags', '--', url, id]);
      if (direct.code === 0) {
        const found = await this.lookup(git, id, url);
        if (found) return found;
      }
    }
    const all = await git([
      'fetch',
      '--quiet',
      '--prune',
      '--',
      url,
      '+refs/heads/*:refs/heads/*',
      '+refs/tags/*:refs/tags/*',
    ]);
    if (all.code !== 0) throw gitUnreachable(url, reason(all));
    const found = await this.lookup(git, id, url);
    if (!found) throw unknownRef(id, url);
    return found;
  }

  /** The full id of a commit the mirror has, null when it has none; an ambiguous prefix is a 400. */
  private async lookup(
    git: (args: string[]) => Promise<GitOutput>,
    id: string,
    url: string,
  ): Promise<string | null> {
    const out = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${id}^{commit}`]);
    if (out.code === 0) return out.stdout.trim();
    if (/ambiguous/i.test(out.stderr))
      throw unknownRef(id, url, 'is an abbreviated commit id that matches several commits of');
    return null;
  }

  private async peel(
    git: (args: string[]) => Promise<GitOutput>,
    spec: string,
    ref: string,
    url: string,
  ): Promise<string> {
    const out = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', spec]);
    if (out.code !== 0) throw unknownRef(ref, url, 'names no commit (a tag of a tree or blob?) in');
    return out.stdout.trim();
  }
}
