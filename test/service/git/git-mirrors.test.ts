import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GitMirrors } from '../../../service/git/git-mirrors.js';
import { redactUrl } from '../../../service/git/git-command.js';
import { ServiceError } from '../../../service/errors.js';
import { makeGitRepository } from '../../support/git-repositories.js';

const makeRepository = makeGitRepository;

const expectError = async (promise: Promise<unknown>, status: number, code: string, text: RegExp) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).statusCode).toBe(status);
  expect((error as ServiceError).code).toBe(code);
  expect((error as ServiceError).message).toMatch(text);
};

describe('GitMirrors: refs resolved by git against real repositories', () => {
  const origin = makeRepository();
  let first: string;
  let second: string;
  let feature: string;
  let mirrors: GitMirrors;
  let root: string;

  beforeAll(() => {
    first = origin.commit('a.txt', 'First commit\n\nWith a body.');
    origin.git('tag', 'v0.1-light');
    second = origin.commit('b.txt', 'Second commit');
    origin.git('tag', '-a', 'v1.0.0', '-m', 'Release 1.0.0');
    origin.git('checkout', '--quiet', '-b', 'feature/login');
    feature = origin.commit('c.txt', 'Login page');
    origin.git('checkout', '--quiet', 'main');
    root = mkdtempSync(join(tmpdir(), 'pipewright-mirrors-'));
    mirrors = new GitMirrors(root);
  });

  it('resolves a branch to its head commit, message and author', async () => {
    const main = await mirrors.resolve('repo1', origin.url, 'main');
    expect(main).toMatchObject({
      kind: 'branch',
      commitId: second,
      branch: 'main',
      tag: null,
      message: 'Second commit',
      author: 'Ada Lovelace',
      authorEmail: 'ada@example.com',
    });
    const branch = await mirrors.resolve('repo1', origin.url, 'feature/login');
    expect(branch).toMatchObject({ kind: 'branch', commitId: feature, branch: 'feature/login' });
    expect(readdirSync(root)).toContain('repo1.git');
  });

  it('resolves a lightweight tag and an annotated tag to the commits they mark', async () => {
    const light = await mirrors.resolve('repo1', origin.url, 'v0.1-light');
    expect(light).toMatchObject({ kind: 'tag', tag: 'v0.1-light', commitId: first });
    expect(light.message).toBe('First commit\n\nWith a body.');
    const annotated = await mirrors.resolve('repo1', origin.url, 'v1.0.0');
    // The annotated tag is an object of its own; the release wants the commit it points at.
    expect(annotated).toMatchObject({ kind: 'tag', tag: 'v1.0.0', commitId: second, branch: 'main' });
    const full = await mirrors.resolve('repo1', origin.url, 'refs/tags/v1.0.0');
    expect(full.commitId).toBe(second);
  });

  it('resolves a short and a full commit id, in a fresh mirror too', async () => {
    const fresh = new GitMirrors(mkdtempSync(join(tmpdir(), 'pipewright-mirrors-')));
    const short = await fresh.resolve('repo2', origin.url, feature.slice(0, 7));
    expect(short).toMatchObject({ kind: 'commit', commitId: feature, message: 'Login page' });
    expect(short.branch).toBe('feature/login');
    const full = await fresh.resolve('repo3', origin.url, first.toUpperCase());
    expect(full).toMatchObject({ kind: 'commit', commitId: first, branch: null });
  });

  it('sees commits pushed after the mirror was made', async () => {
    await mirrors.resolve('repo4', origin.url, 'main');
    const third = origin.commit('d.txt', 'Third commit');
    expect((await mirrors.resolve('repo4', origin.url, 'main')).commitId).toBe(third);
    expect((await mirrors.resolve('repo4', origin.url, third.slice(0, 10))).message).toBe('Third commit');
  });

  it('answers 400 naming an unknown branch, an unknown commit and a malformed ref', async () => {
    await expectError(
      mirrors.resolve('repo1', origin.url, 'no-such-branch'),
      400,
      'UNKNOWN_REF',
      /"no-such-branch"/,
    );
    await expectError(mirrors.resolve('repo1', origin.url, 'deadbeef'), 400, 'UNKNOWN_REF', /"deadbeef"/);
    await expectError(
      mirrors.resolve('repo1', origin.url, '--upload-pack=touch x'),
      400,
      'UNKNOWN_REF',
      /not a valid/,
    );
    await expectError(mirrors.resolve('repo1', origin.url, 'a..b'), 400, 'UNKNOWN_REF', /"a\.\.b"/);
  });

  it('answers 400 when a name is both a branch and a tag', async () => {
    origin.git('branch', 'twin');
    origin.git('tag', 'twin');
    await expectError(
      mirrors.resolve('repo1', origin.url, 'twin'),
      400,
      'UNKNOWN_REF',
      /both a branch and a tag/,
    );
    expect((await mirrors.resolve('repo1', origin.url, 'refs/heads/twin')).kind).toBe('branch');
  });

  it('answers 502 with git’s reason for an unreachable URL, and for a path that is no repository', async () => {
    await expectError(
      mirrors.resolve('repo5', 'http://127.0.0.1:1/x.git', 'main'),
      502,
      'GIT_UNREACHABLE',
      /cannot read git repository http:\/\/127\.0\.0\.1:1\/x\.git: .*(connect|Connection refused)/i,
    );
    await expectError(
      mirrors.resolve('repo5', `file://${join(tmpdir(), 'no-such-repository-here')}`, 'main'),
      502,
      'GIT_UNREACHABLE',
      /no-such-repository-here.*(does not appear to be a git repository|not found|Could not read)/is,
    );
  });

  it('never shows credentials from a URL in an error', async () => {
    expect(redactUrl('https://bob:s3cret@git.example/x.git')).toBe('https://***@git.example/x.git');
    await expectError(
      mirrors.resolve('repo6', 'http://bob:s3cret@127.0.0.1:1/x.git', 'main'),
      502,
      'GIT_UNREACHABLE',
      /^(?!.*s3cret)/s,
    );
  });

  it('hands a stored credential to git through askpass, as HTTP basic auth', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      if (!req.headers.authorization) res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const error = await mirrors
        .resolve('repo7', `http://127.0.0.1:${port}/team/app.git`, 'main', {
          username: 'release-bot',
          secret: 'tok-123',
        })
        .catch((e: Error) => e);
      expect(seen).toContain(`Basic ${Buffer.from('release-bot:tok-123').toString('base64')}`);
      expect((error as Error).message).not.toContain('tok-123');
    } finally {
      server.close();
    }
  });
});
