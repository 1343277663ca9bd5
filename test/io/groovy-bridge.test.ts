import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroovyBridge } from '../../src/io/groovy-bridge.js';

const JENKINSFILE = `@Library('shared') _
pipeline {
  agent any
  stages { stage('Build') { steps { sh "make \${target}" } } }
}
`;
const BROKEN = 'for (;;) { break nowhere }\n';

async function answers(env: NodeJS.ProcessEnv) {
  const bridge = GroovyBridge.start(env);
  try {
    return await Promise.all([
      bridge.tree(JENKINSFILE, 'Jenkinsfile', { compile: true }),
      bridge.compile(BROKEN),
    ]);
  } finally {
    await bridge.close();
  }
}

describe('the syntax server class cache', () => {
  it('is written by the first JVM, and the JVM that runs from it answers the same', async () => {
    // GIVEN an empty cache directory
    const cache = join(mkdtempSync(join(tmpdir(), 'pipewright-classes-')), 'cache');
    const env = { ...process.env, PIPEWRIGHT_GROOVY_CLASS_CACHE: cache };

    // WHEN one bridge runs the script and a second one starts after it
    const fromScript = await answers(env);
    const [written] = readdirSync(cache);
    const fromClasses = await answers(env);

    // THEN the first left the compiled server behind, whole, and both answered alike
    expect(readdirSync(cache)).toEqual([written]);
    expect(existsSync(join(cache, written!, 'GroovySyntaxServer.class'))).toBe(true);
    expect(fromScript[0].ok).toBe(true);
    expect(fromScript[1].errors.map((e) => e.message)).toEqual(['break to missing label\n']);
    expect(fromClasses).toEqual(fromScript);
  });
});
