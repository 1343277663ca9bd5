/**
 * The parts of Jenkins' answers the executor reads, with where each shape is documented.
 * Members not listed here are ignored, so newer Jenkins versions that add fields keep working.
 */

/**
 * `GET /queue/item/<id>/api/json` (Jenkins core remote API, hudson.model.Queue.Item and its
 * subclasses WaitingItem/BlockedItem/BuildableItem/LeftItem). A LeftItem carries `executable`
 * once a build started, or `cancelled: true` when it was cancelled in the queue. Jenkins forgets
 * left items after about five minutes, after which the URL answers 404.
 */
export interface QueueItem {
  _class?: string;
  id: number;
  why?: string | null;
  cancelled?: boolean;
  executable?: { number: number; url: string } | null;
}

/**
 * Statuses of pipeline-stage-view's `wfapi` (com.cloudbees.workflow.rest.external.StatusExt).
 */
export const WFAPI_STATUSES = [
  'NOT_EXECUTED',
  'ABORTED',
  'SUCCESS',
  'IN_PROGRESS',
  'PAUSED_PENDING_INPUT',
  'FAILED',
  'UNSTABLE',
] as const;
export type WfapiStatus = (typeof WFAPI_STATUSES)[number];

/** One stage in `wfapi/describe` (StageNodeExt). */
export interface StageDescription {
  id: string;
  name: string;
  status: WfapiStatus;
  startTimeMillis: number;
  durationMillis: number;
  pauseDurationMillis: number;
}

/** `GET /job/<job>/<n>/wfapi/describe` (RunExt of the pipeline-stage-view plugin). */
export interface RunDescription {
  id: string;
  name: string;
  status: WfapiStatus;
  startTimeMillis: number;
  endTimeMillis: number;
  durationMillis: number;
  queueDurationMillis: number;
  pauseDurationMillis: number;
  stages: StageDescription[];
}

/**
 * `GET /job/<job>/<n>/wfapi/pendingInputActions` (InputStepExt of pipeline-stage-view): one entry
 * per input step waiting. `proceedUrl`/`abortUrl` point at the input step plugin's
 * `input/<id>/proceedEmpty` (or `submit`) and `input/<id>/abort` endpoints.
 */
export interface PendingInputAction {
  id: string;
  proceedText: string;
  message: string;
  inputs: unknown[];
  proceedUrl: string;
  abortUrl: string;
  redirectApprovalUrl: string;
}

/** A run is over once its wfapi status is one of these. */
export const WFAPI_FINISHED: ReadonlySet<WfapiStatus> = new Set([
  'SUCCESS',
  'FAILED',
  'UNSTABLE',
  'ABORTED',
  'NOT_EXECUTED',
]);
