import { afterAll, beforeAll } from 'vitest';
import { JenkinsExecutor } from '../../../service/executor/jenkins-executor.js';
import { JenkinsApi } from '../../../service/jenkins/jenkins-api.js';
import { MemoryJenkinsBuildStore } from '../../../service/jenkins/jenkins-build-store.js';
import { executorContract } from '../../support/executor-contract.js';
import { FAKE_TOKEN, FAKE_USER, FakeJenkins } from '../../support/fake-jenkins/fake-jenkins.js';
import { teaching } from '../../support/fake-jenkins/teach.js';

const MINUTE_MS = 200;
const fake = new FakeJenkins({ minuteMs: MINUTE_MS });
beforeAll(() => fake.listen());
afterAll(() => fake.close());

executorContract('Jenkins executor against the fake Jenkins', () => {
  const store = new MemoryJenkinsBuildStore();
  const make = () =>
    teaching(
      new JenkinsExecutor({
        api: new JenkinsApi({ url: fake.url, user: FAKE_USER, token: FAKE_TOKEN }),
        url: fake.url,
        user: FAKE_USER,
        store,
        pollMs: 25,
        backoffFirstMs: 50,
      }),
      fake,
    );
  return { executor: make(), restarted: make, minuteMs: MINUTE_MS, reapedPerRun: 1 };
});
