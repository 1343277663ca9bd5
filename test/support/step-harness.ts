import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { GroovyBridge } from '../../src/io/groovy-bridge.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HARNESS = fileURLToPath(new URL('./groovy/StepHarness.groovy', import.meta.url));
/** What the harness puts in every credential variable; it must never appear in shell code. */
export const FAKE_SECRET = 'S3CRET-VALUE';

export interface StepCall {
  step: string;
  args: unknown;
  /** PW_* and KUBECONFIG variables at the time of the call. */
  env: Record<string, string>;
}

export interface StepRun {
  calls: StepCall[];
  error: string | null;
  result: unknown;
}

export interface Scenario {
  config?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Answers for sh calls whose script or label contains `match`. */
  sh?: { match: string; stdout?: string; status?: number }[];
  readFile?: Record<string, string>;
  input?: 'proceed' | 'abort';
  /** currentBuild.currentResult; SUCCESS when not given. */
  currentResult?: string;
  /**
   * Run sh scripts for real in `workspace` (against a running service) instead of answering them;
   * credentials by id hold the given values instead of FAKE_SECRET.
   */
  execute?: { workspace: string; credentials?: Record<string, string> };
}

/** Runs vars/<step>.groovy in Groovy 2.4 with recording fake steps (test/support/groovy/StepHarness.groovy). */
export function useStepHarness(): (step: string, scenario?: Scenario) => Promise<StepRun> {
  let bridge: GroovyBridge | undefined;
  beforeAll(() => {
    bridge = GroovyBridge.start(process.env, HARNESS);
  });
  afterAll(async () => {
    await bridge?.close();
  });
  return (step, scenario = {}) => {
    if (!bridge) throw new Error('harness not started');
    return bridge.send<StepRun>({
      script: `${ROOT}vars/${step}.groovy`,
      resources: `${ROOT}resources`,
      config: {},
      ...scenario,
    });
  };
}

export const shCalls = (run: StepRun) =>
  run.calls.filter((c) => c.step === 'sh') as (StepCall & { args: { script: string; label?: string } })[];
