import { runOutcome } from './describe-events.js';
import type { JenkinsApi, JobPath } from './jenkins-api.js';
import type { JenkinsBuildRecord, JenkinsBuildStore } from './jenkins-build-store.js';
import { isNotFound } from './jenkins-errors.js';

/** How long stopping waits for a stopped build to end. */
const STOP_WAIT_MS = 10_000;

interface StopOptions {
  api: JenkinsApi;
  store: JenkinsBuildStore;
  pollMs: number;
  onError: (error: unknown) => void;
}

/**
 * Stops the Jenkins builds of runs the service no longer follows (it was down, or ended them
 * itself) and waits until Jenkins reports each over; resolves with how many it stopped.
 */
export async function stopBuildsOf(runIds: Set<string>, o: StopOptions): Promise<number> {
  let stopped = 0;
  for (const runId of runIds) {
    const record = await o.store.get(runId);
    if (!record) continue;
    const job = { folder: record.folder, name: record.job };
    try {
      const build = record.build ?? (await buildOf(o.api, record));
      if (build === null) continue;
      await o.api.stop(job, build);
      await stoppedBuild(o, job, build);
      stopped++;
    } catch (error) {
      if (!isNotFound(error)) o.onError(error);
    }
  }
  return stopped;
}

/** The build a run's queue item became, or one carrying its id. */
async function buildOf(api: JenkinsApi, record: JenkinsBuildRecord): Promise<number | null> {
  if (record.queueId !== null) {
    const item = await api.queueItem(record.queueId).catch(() => null);
    if (item?.executable) return item.executable.number;
  }
  const found = await api.findRun({ folder: record.folder, name: record.job }, record.runId);
  return found && 'build' in found ? found.build : null;
}

/** Resolves once Jenkins reports the build over (its post steps ran), or after STOP_WAIT_MS. */
async function stoppedBuild(o: StopOptions, job: JobPath, build: number): Promise<void> {
  const deadline = Date.now() + STOP_WAIT_MS;
  while (Date.now() < deadline) {
    if (runOutcome(await o.api.describe(job, build))) return;
    await new Promise((r) => setTimeout(r, o.pollMs));
  }
}
