export interface ComposeProblem {
  /** Where in the compose file (or which file) the problem is, e.g. `services.app.build`. */
  path: string;
  message: string;
}

/** A compose file that is invalid or asks for something a pod cannot do; lists every problem at once. */
export class ComposeConversionError extends Error {
  readonly code = 'INVALID_COMPOSE_CASE';
  constructor(readonly problems: ComposeProblem[]) {
    super(problems.map((p) => `[${p.path}] ${p.message}`).join('\n'));
  }
}
