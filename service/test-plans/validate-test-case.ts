import { ComposeConversionError } from '../compose/compose-errors.js';
import { composeToPod } from '../compose/compose-to-pod.js';
import { badRequest } from '../errors.js';
import type { TestCaseRun } from '../schemas/test-cases.js';

export interface Problem {
  path: string;
  message: string;
}

/**
 * What the schema cannot say about how a case runs: one way to run it, and a compose file the
 * operator can turn into a pod (the same conversion it uses, so a case saved is a case that runs).
 */
export function testCaseRunProblems(run: TestCaseRun, path = 'body.run'): Problem[] {
  const problems: Problem[] = [];
  if (!run.script && !run.command && !run.compose)
    problems.push({
      path,
      message: 'give a script, a command or a compose file: the case has nothing to run',
    });
  if (run.script && run.command)
    problems.push({ path: `${path}.command`, message: 'give a script or a command, not both' });
  if (run.compose && run.image)
    problems.push({
      path: `${path}.image`,
      message: 'a compose case takes its images from the compose file; remove image',
    });
  if (run.compose) {
    try {
      composeToPod({
        files: run.compose.files,
        ...(run.compose.testService ? { testService: run.compose.testService } : {}),
        ...(run.compose.variables ? { variables: run.compose.variables } : {}),
      });
    } catch (error) {
      if (!(error instanceof ComposeConversionError)) throw error;
      for (const p of error.problems)
        problems.push({ path: `${path}.compose.${p.path}`, message: p.message });
    }
  }
  return problems;
}

/** Throws the 400 listing every problem of a case's run definition. */
export function assertTestCaseRun(run: TestCaseRun | undefined): void {
  if (!run) return;
  const problems = testCaseRunProblems(run);
  if (problems.length) throw badRequest(problems);
}
