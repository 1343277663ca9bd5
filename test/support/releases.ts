import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { artifactDir } from '../../service/executor/local-executor.js';
import type { TestService } from './service.js';

/** Build commands that need nothing but the files the test repositories hold. */
export const BUILD = {
  testCommand: 'test -f a.txt',
  buildCommand: 'cat a.txt > built.txt',
  imageName: 'team/shop',
};

/** Registers the environments and a local repository releasing to them; returns the repository. */
export async function setUp(
  s: TestService,
  origin: { url: string },
  identifier: string,
  extra: object = {},
  token = s.tokens.developer,
) {
  for (const [name, online] of [
    [`${identifier}-test`, false],
    [`${identifier}-prod`, true],
  ] as const) {
    const env = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/environments',
      payload: { name, online },
    });
    expect(env.statusCode).toBe(201);
  }
  const res = await s.call(token, {
    method: 'POST',
    url: '/api/repositories',
    payload: {
      identifier,
      name: 'Shop API',
      gitUrl: origin.url,
      basic: { local: true, description: 'the shop' },
      build: BUILD,
      release: { environments: { offline: `${identifier}-test`, online: `${identifier}-prod` } },
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** An archived file of a run, as JSON. */
export const artifact = (s: TestService, runId: string, file: string) =>
  JSON.parse(readFileSync(join(artifactDir(s.dataDir, runId), file), 'utf8'));

/** Releases through the API (as a developer unless told). */
export const release = (s: TestService, id: string, payload: object, token = s.tokens.developer) =>
  s.call(token, { method: 'POST', url: `/api/repositories/${id}/releases`, payload });
