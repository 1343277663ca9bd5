import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedClasses, syntaxServerArguments } from '../../src/io/groovy-class-cache.js';
import { findGroovyClasspath, GroovyBridge } from '../../src/io/groovy-bridge.js';

const JENKINSFILE = `@Library('shared') _
pipeline {
  agent any
  stages { stage('Build') { steps { sh "make \${target}" } } }
}
`;
const BROKEN = 'for (;;) { break nowhere }\n';
/** Names one of the server's own classes, which Jenkins has no class for. */
const SERVER_CLASS_NAME = 'class A extends SpanVisitor { @Override void nope() {} }\n';

async function answers(env: NodeJS.ProcessEnv) {
  const bridge = GroovyBridge.start(env);
  try {
    return await Promise.all([
      bridge.tree(JENKINSFILE, 'Jenkinsfile', { compile: true }),
      bridge.compile(BROKEN),
      bridge.compile(SERVER_CLASS_NAME),
    ]);
  } finally {
    await bridge.close();
  }
}

const SERVER_CLASS = join('pipewright', 'syntax', 'GroovySyntaxServer.class');

describe('the syntax server class cache', () => {
  it('is written by the first JVM, and the JVM that runs from it answers the same', async () => {
    // GIVEN an empty cache directory
    const cache = join(mkdtempSync(join(tmpdir(), 'pipewright-classes-')), 'cache');
    const env = { ...process.env, PIPEWRIGHT_GROOVY_CLASS_CACHE: cache };

    // WHEN one bridge runs the script and a second one starts after it
    const fromScript = await answers(env);
    const [written] = readdirSync(cache);
    const fromClasses = await answers(env);

    // THEN the first left the compiled server behind, whole and listed, and both answered alike,
    // a file naming the server's own classes included (it cannot see them in either)
    expect(readdirSync(cache)).toEqual([written]);
    expect(existsSync(join(cache, written!, SERVER_CLASS))).toBe(true);
    expect(cachedClasses(join(cache, written!))).toBe('trusted');
    expect(fromScript[0].ok).toBe(true);
    expect(fromScript[1].errors.map((e) => e.message)).toEqual(['break to missing label\n']);
    expect(fromScript[2]).toEqual({ ok: true, errors: [] });
    expect(fromClasses).toEqual(fromScript);
  });

  it('loads no class that differs from its list or that others may write, and writes them anew', async () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'pipewright-classes-')), 'cache');
    const env = { ...process.env, PIPEWRIGHT_GROOVY_CLASS_CACHE: cache };
    const expected = await answers(env);
    const dir = join(cache, readdirSync(cache)[0]!);

    // GIVEN a class file changed after it was listed
    appendFileSync(join(dir, SERVER_CLASS), 'tampered');
    // THEN the directory is not trusted, is removed, and the next JVM answers from the script
    expect(cachedClasses(dir)).toBe('absent');
    expect(existsSync(dir)).toBe(false);
    expect(await answers(env)).toEqual(expected);
    expect(cachedClasses(dir)).toBe('trusted');

    // GIVEN a cache directory others may write
    chmodSync(dir, statSync(dir).mode | 0o022);
    expect(cachedClasses(dir)).toBe('absent');
    expect(await answers(env)).toEqual(expected);
    expect(cachedClasses(dir)).toBe('trusted');
  });

  it("removes this user's caches unused for 30 days and half-written ones an hour old, when it writes a new one", () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-classes-'));
    const env = { ...process.env, PIPEWRIGHT_GROOVY_CLASS_CACHE: root };
    const script = join(root, 'Server.groovy');
    writeFileSync(script, 'println 1\n');
    const day = 24 * 3600_000;
    const entry = (name: string, ageMs: number) => {
      const path = join(root, name);
      mkdirSync(path);
      const then = new Date(Date.now() - ageMs);
      utimesSync(path, then, then);
      return name;
    };
    const stale = entry('groovy-syntax-server-00000000000000aa', 31 * day);
    const recent = entry('groovy-syntax-server-00000000000000bb', 29 * day);
    const abandoned = entry('groovy-syntax-server-00000000000000cc.123', 2 * 3600_000);
    const writing = entry('groovy-syntax-server-00000000000000dd.456', 60_000);
    const unrelated = entry('other-tool', 365 * day);

    const args = syntaxServerArguments(script, findGroovyClasspath(), [], env);

    expect(args.some((a) => a.startsWith('-Dpipewright.writeClassesTo='))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['Server.groovy', recent, writing, unrelated].sort());
    expect([stale, abandoned].some((name) => existsSync(join(root, name)))).toBe(false);
  });
});
