import { describe, expect, it } from 'vitest';
import type { ComposeProblem } from '../../service/compose/compose-errors.js';
import { interpolate } from '../../service/compose/interpolate.js';
import { runParameters } from '../../service/routes/runs.js';
import type { PipelineModel } from '../../src/index.js';

/** Names every JavaScript object answers to through Object.prototype. */
const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', '__proto__'];

describe('names Object.prototype lends every object, in the service', () => {
  it.each(PROTOTYPE_NAMES)(
    'are run parameters like any other: %s takes its default, or the value given',
    (name) => {
      const pipeline = JSON.parse(
        JSON.stringify({
          name: 'p',
          parameters: [{ name, type: 'string', default: 'production' }],
          stages: [],
        }),
      ) as PipelineModel;
      expect(Object.entries(runParameters(pipeline, {}).values)).toEqual([[name, 'production']]);
      const given = JSON.parse(`{${JSON.stringify(name)}: "staging"}`) as Record<string, string>;
      expect(Object.entries(runParameters(pipeline, given).values)).toEqual([[name, 'staging']]);
      expect(JSON.parse(JSON.stringify(runParameters(pipeline, given).values))).toEqual(given);
    },
  );

  it.each(PROTOTYPE_NAMES)('are unset compose variables: %s', (name) => {
    const problems: ComposeProblem[] = [];
    expect(interpolate(`app:\${${name}:-1.0}`, {}, 'image', problems)).toBe('app:1.0');
    interpolate(`app:\${${name}:?give the version}`, {}, 'image', problems);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('give the version')]);
  });
});
