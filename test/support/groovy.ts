import { afterAll, beforeAll } from 'vitest';
import { GroovyBridge } from '../../src/io/groovy-bridge.js';

/**
 * One Groovy 2.4 JVM for the test file that calls this. A missing Groovy fails the tests that
 * need it (GroovyBridge.start throws): nothing is skipped.
 */
export function useGroovy(): () => GroovyBridge {
  let bridge: GroovyBridge | undefined;
  beforeAll(() => {
    bridge = GroovyBridge.start();
  });
  afterAll(async () => {
    await bridge?.close();
  });
  return () => {
    if (!bridge) throw new Error('Groovy bridge not started');
    return bridge;
  };
}
