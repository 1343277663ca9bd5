/**
 * Runs the fake Jenkins (test/support/fake-jenkins) in a process of its own for the Jenkins
 * benchmark, so its work is not counted against the executor being measured. Driven over IPC.
 */
import type { PipelineModel } from '../src/index.js';
import { FakeJenkins } from '../test/support/fake-jenkins/fake-jenkins.js';
import { teach } from '../test/support/fake-jenkins/teach.js';

type Command =
  { type: 'teach'; model: PipelineModel; id: number } | { type: 'state'; id: number } | { type: 'close' };

const fake = new FakeJenkins();
process.send!({ type: 'ready', url: await fake.listen() });
process.on('message', (command: Command) => {
  if (command.type === 'teach') {
    teach(fake, command.model);
    process.send!({ type: 'done', id: command.id });
  } else if (command.type === 'state') {
    const calls: Record<string, number> = {};
    for (const c of fake.calls) calls[c.kind] = (calls[c.kind] ?? 0) + 1;
    const builds = [...fake.jobs.values()].flatMap((j) => [...j.builds.values()]);
    const stages = builds.reduce((n, b) => n + b.stages.length, 0);
    const paused = builds.filter((b) => b.status === 'PAUSED_PENDING_INPUT').length;
    process.send!({ type: 'done', id: command.id, calls, builds: builds.length, stages, paused });
  } else void fake.close().then(() => process.exit(0));
});
