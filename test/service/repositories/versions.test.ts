import { describe, expect, it } from 'vitest';
import { CodeRepositoryRepository } from '../../../service/repositories/code-repositories.js';
import {
  parseVersion,
  VersionRepository,
  type VersionInput,
} from '../../../service/repositories/versions.js';
import type { ReleaseType } from '../../../service/schemas/repositories.js';
import { DATABASE_KINDS, useDatabase } from '../../support/databases.js';

let counter = 0;

describe.each(DATABASE_KINDS)('VersionRepository on %s', (kind) => {
  const db = useDatabase(kind);

  const newRepository = async () =>
    new CodeRepositoryRepository(db()).create({
      identifier: `app-${++counter}`,
      name: 'App',
      ownerId: 'owner',
      gitUrl: 'file:///tmp/app.git',
      credentialsId: null,
      buildImage: null,
      basic: {},
      build: {},
      release: {},
      recordPushCandidates: false,
    });

  const input = (
    repositoryId: string,
    type: ReleaseType,
    extra: Partial<VersionInput> = {},
  ): VersionInput => ({
    repositoryId,
    type,
    ref: 'main',
    commitId: 'a'.repeat(40),
    commitMessage: 'msg',
    commitAuthor: 'Ada',
    branch: 'main',
    tag: null,
    publisherId: null,
    publisher: 'ada',
    environment: null,
    strategy: null,
    status: 'queued',
    image: (n) => `team/app:${n}`,
    rollbackOf: null,
    candidate: false,
    ...extra,
  });
  const first = parseVersion('1.0.0');

  it('gives 20 concurrent releases of one repository and type 20 distinct consecutive numbers', async () => {
    const repo = await newRepository();
    const made = await Promise.all(
      Array.from({ length: 20 }, () =>
        new VersionRepository(db()).create(input(repo.id, 'offline'), 'patch', first),
      ),
    );
    const patches = made.map((v) => parseVersion(v.number).patch).sort((a, b) => a - b);
    expect(patches).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(new Set(made.map((v) => v.number)).size).toBe(20);
    expect(made.every((v) => v.number.startsWith('1.0.'))).toBe(true);
    expect(made.find((v) => v.number === '1.0.7')!.image).toBe('team/app:1.0.7');
  });

  it('counts offline and online independently, also when they interleave', async () => {
    const repo = await newRepository();
    const versions = new VersionRepository(db());
    const made = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        versions.create(input(repo.id, i % 2 ? 'online' : 'offline'), 'patch', first),
      ),
    );
    const numbers = (type: ReleaseType) =>
      made
        .filter((v) => v.type === type)
        .map((v) => v.number)
        .sort();
    expect(numbers('offline')).toEqual(['1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.0.4']);
    expect(numbers('online')).toEqual(['1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.0.4']);
  });

  it('raises the level a release chooses and resets the parts below it', async () => {
    const repo = await newRepository();
    const versions = new VersionRepository(db());
    const next = async (bump: 'patch' | 'minor' | 'major') =>
      (await versions.create(input(repo.id, 'online'), bump, parseVersion('1.4.0'))).number;
    // The first version is the configured one, whatever the level.
    expect(await next('minor')).toBe('1.4.0');
    expect(await next('patch')).toBe('1.4.1');
    expect(await next('patch')).toBe('1.4.2');
    expect(await next('minor')).toBe('1.5.0');
    expect(await next('patch')).toBe('1.5.1');
    expect(await next('major')).toBe('2.0.0');
    expect(await next('patch')).toBe('2.0.1');
  });

  it('keeps the number unique even when rows are written around the counter', async () => {
    const repo = await newRepository();
    const versions = new VersionRepository(db());
    await versions.create(input(repo.id, 'offline'), 'patch', first);
    // Someone moved the counter back: the unique constraint refuses the duplicate, the retry moves on.
    await db()
      .updateTable('version_counters')
      .set({ patch: -1 })
      .where('repository_id', '=', repo.id)
      .execute();
    const again = await versions.create(input(repo.id, 'offline'), 'patch', first);
    expect(again.number).toBe('1.0.1');
  });
});
