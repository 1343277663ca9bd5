/**
 * Where a run's Jenkins build is: enough for a restarted service to find it again (the queue
 * item, then the build number) and to go on reading its log where it stopped.
 */
export interface JenkinsBuildRecord {
  runId: string;
  folder: string;
  job: string;
  queueId: number | null;
  build: number | null;
  buildUrl: string | null;
  /** Bytes of the console log already reported. */
  logOffset: number;
}

export interface JenkinsBuildStore {
  get(runId: string): Promise<JenkinsBuildRecord | null>;
  put(record: JenkinsBuildRecord): Promise<void>;
}

/** For tests and the benchmark: what a store does, in memory. */
export class MemoryJenkinsBuildStore implements JenkinsBuildStore {
  readonly records = new Map<string, JenkinsBuildRecord>();
  get(runId: string) {
    const r = this.records.get(runId);
    return Promise.resolve(r ? { ...r } : null);
  }
  put(record: JenkinsBuildRecord) {
    this.records.set(record.runId, { ...record });
    return Promise.resolve();
  }
}
