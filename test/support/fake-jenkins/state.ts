import type { PipelineModel } from '../../../src/index.js';
import type { StageDescription, WfapiStatus } from '../../../service/jenkins/jenkins-shapes.js';

/** A Pipeline job as the fake keeps it: its config.xml as received and what it declares. */
export interface FakeJob {
  folder: string;
  name: string;
  configXml: string;
  script: string;
  /** Declared parameters; password ones are not shown in the remote API. */
  parameters: Map<string, { password: boolean; default: string }>;
  nextBuildNumber: number;
  builds: Map<number, FakeBuild>;
}

export interface FakeInput {
  id: string;
  stage: string;
  message: string;
  /** Jenkins' input `submitter`: who may answer; empty means anyone with Job/Build. */
  submitters: string[];
}

export interface FakeBuild {
  number: number;
  job: FakeJob;
  parameters: Record<string, string>;
  queueId: number;
  /** The id the engine runs it under (the run id it carries, so processes can be found by it). */
  engineId: string;
  building: boolean;
  status: WfapiStatus;
  startTimeMillis: number;
  endTimeMillis: number;
  stages: StageDescription[];
  log: Buffer;
  inputs: FakeInput[];
  model: PipelineModel | null;
}

/** hudson.model.Queue items: waiting, or left (with the build it started, or cancelled). */
export interface FakeQueueItem {
  id: number;
  job: FakeJob;
  parameters: Record<string, string>;
  cancelled: boolean;
  executable: { number: number; url: string } | null;
  leftAt: number | null;
  why: string;
}

export const jobKey = (folder: string, name: string) => `${folder}/${name}`;
