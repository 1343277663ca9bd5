/**
 * The steps of pipewright's Jenkins shared library (vars/) as the model knows them. The
 * catalogue and the argument types are generated from vars/*.groovy
 * (library-steps.generated.ts, `npm run generate:bindings`), so the renderer cannot emit an
 * argument the library does not take, and a template that passes one does not compile.
 */
import { LIBRARY_STEPS, type LibraryStepArgs } from './library-steps.generated.js';
import type { GroovyExpressionModel, StepModel } from './pipeline-schema.js';

export { LIBRARY_STEPS };
export type * from './library-steps.generated.js';
export type { LibraryParameter, LibraryParameterType, LibraryStep } from './library-step-types.js';

export const LIBRARY_NAME = 'pipewright';

export function isLibraryStep(name: string): name is keyof LibraryStepArgs {
  return Object.hasOwn(LIBRARY_STEPS, name);
}

/** A library step's arguments, where any value may also be a Groovy expression. */
export type LibraryCall<N extends keyof LibraryStepArgs> = {
  [K in keyof LibraryStepArgs[N]]: LibraryStepArgs[N][K] | GroovyExpressionModel;
};

/** A typed call of a library step, for templates and code that builds pipelines. */
export function libraryStep<N extends keyof LibraryStepArgs>(name: N, args: LibraryCall<N>): StepModel {
  return {
    step: name,
    with: args as Record<string, string | number | boolean | string[] | GroovyExpressionModel>,
  };
}
