import { renderPipeline, type PipelineModel } from '../../../src/index.js';
import type { Executor } from '../../../service/executor/executor.js';
import { modelForJenkins } from '../../../service/jenkins/jenkins-pipeline.js';
import { FAKE_USER, type FakeJenkins } from './fake-jenkins.js';

/**
 * Tells the fake how to run a pipeline's Jenkinsfile: Jenkins would compile the script; the
 * fake knows the exact text the executor renders for it, and runs the pipeline behind it.
 */
export function teach(fake: FakeJenkins, model: PipelineModel): string {
  const jenkinsModel = modelForJenkins(model, FAKE_USER);
  const script = renderPipeline(jenkinsModel);
  fake.scripts.set(script, jenkinsModel);
  return script;
}

/** An executor that teaches the fake each pipeline it is handed, for the contract suite. */
export function teaching(executor: Executor, fake: FakeJenkins): Executor {
  return new Proxy(executor, {
    get(target, key, receiver) {
      if (key === 'start')
        return (job: Parameters<Executor['start']>[0], report: Parameters<Executor['start']>[1]) => {
          teach(fake, job.pipeline);
          target.start(job, report);
        };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
