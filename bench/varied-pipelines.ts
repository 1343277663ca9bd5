import type { PipelineModel, StageModel, StepModel } from '../src/model/pipeline-schema.js';
import { random } from './seeded-random.js';

const WORDS = [
  'build',
  'test',
  'lint',
  'package',
  "it's",
  'deploy "now"',
  'C:\\tools',
  '${HOME}',
  '部署',
  'ünïcode',
];

/** Pipelines of 3 to 12 stages mixing steps, parallel branches, nested stages, gates and env. */
export function variedPipelines(count: number, seed = 42): PipelineModel[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const word = () => `${pick(WORDS)}-${Math.floor(rnd() * 1000)}`;
  const steps = (): StepModel[] =>
    Array.from({ length: 1 + Math.floor(rnd() * 4) }, (): StepModel => {
      const r = rnd();
      if (r < 0.5) return { sh: `make ${word()} && echo '${word()}'` };
      if (r < 0.7) return { echo: word() };
      if (r < 0.85)
        return { step: 'junit', with: { testResults: `**/${word()}.xml`, allowEmptyResults: true } };
      return {
        step: 'buildImage',
        with: { image: `team/${Math.floor(rnd() * 100)}`, tags: ['latest', word()] },
      };
    });
  return Array.from({ length: count }, (_, i): PipelineModel => {
    let n = 0;
    const name = () => `${word()} #${n++}`;
    const stages: StageModel[] = Array.from({ length: 3 + Math.floor(rnd() * 10) }, (): StageModel => {
      const r = rnd();
      if (r < 0.15)
        return {
          name: name(),
          parallel: [
            { name: name(), steps: steps() },
            { name: name(), steps: steps() },
          ],
          failFast: true,
        };
      if (r < 0.25)
        return {
          name: name(),
          stages: [
            { name: name(), steps: steps() },
            { name: name(), steps: steps() },
          ],
        };
      if (r < 0.35)
        return {
          name: name(),
          gate: { message: `Ship ${word()}?`, submitters: { users: ['alice'], groups: ['ops'] } },
          steps: steps(),
        };
      if (r < 0.45)
        return {
          name: name(),
          when: { branch: 'main' },
          manual: true,
          environment: { TARGET: word() },
          steps: steps(),
        };
      return { name: name(), steps: steps(), post: rnd() < 0.3 ? { always: [{ echo: word() }] } : undefined };
    }).map((s) => JSON.parse(JSON.stringify(s)) as StageModel);
    return {
      name: `pipeline-${i}`,
      group: pick(['development', 'deployment', 'production']),
      agent: rnd() < 0.5 ? { podTemplate: 'node', defaultContainer: 'node' } : { label: 'linux' },
      environment: { APP: word(), TOKEN: { credential: 'api-token' } },
      triggers: [{ type: 'manual' }, { type: 'cron', schedule: 'H 2 * * *' }],
      options: { timeoutMinutes: 30, keepBuilds: 20 },
      stages,
    };
  });
}
