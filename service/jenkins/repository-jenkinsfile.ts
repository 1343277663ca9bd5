import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  generatedStatus,
  MODEL_DEFAULTS,
  type GeneratedStatus,
  type PipelineModel,
} from '../../src/index.js';

const run = promisify(execFile);
/** A clone of one file's commit; a repository that takes longer is reported, not waited for. */
const GIT_TIMEOUT_MS = 30_000;

/**
 * Whether the Jenkinsfile a repository keeps (the pipeline's `source.jenkinsfile`) is pipewright
 * output, and whether someone edited it by hand since: a shallow, blob-less clone of the branch
 * and `git show` of the one file. The model's rules keep the URL and branch to safe shapes, and
 * `--` ends git's options before them. Credentials are git's own (its helpers, SSH keys).
 */
export async function repositoryJenkinsfileStatus(model: PipelineModel): Promise<GeneratedStatus | null> {
  const source = model.source;
  if (!source?.jenkinsfile) return null;
  const dir = await mkdtemp(join(tmpdir(), 'pw-jenkinsfile-'));
  try {
    const branch = source.branch ?? MODEL_DEFAULTS.sourceBranch;
    await run(
      'git',
      [
        'clone',
        '--quiet',
        '--depth',
        '1',
        '--no-checkout',
        '--filter=blob:none',
        '--branch',
        branch,
        '--',
        source.git,
        dir,
      ],
      { timeout: GIT_TIMEOUT_MS },
    );
    const { stdout } = await run('git', ['-C', dir, 'show', `HEAD:${source.jenkinsfile}`], {
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return generatedStatus(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
