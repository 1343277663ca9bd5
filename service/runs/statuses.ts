/**
 * The one status vocabulary of runs, stages and gates. Every list, type and check of a status
 * derives from this table; `finished` means nothing moves it any more.
 */
export const STATUSES = {
  queued: { finished: false, of: ['run'] },
  pending: { finished: false, of: ['stage', 'gate'] },
  running: { finished: false, of: ['run', 'stage'] },
  waiting: { finished: false, of: ['run', 'stage'] },
  success: { finished: true, of: ['run', 'stage'] },
  unstable: { finished: true, of: ['run', 'stage'] },
  failed: { finished: true, of: ['run', 'stage'] },
  aborted: { finished: true, of: ['run', 'stage', 'gate'] },
  skipped: { finished: true, of: ['stage'] },
  approved: { finished: true, of: ['gate'] },
  'timed-out': { finished: true, of: ['gate'] },
  interrupted: { finished: true, of: ['run', 'stage', 'gate'] },
} as const;

export type Status = keyof typeof STATUSES;
export type Entity = 'run' | 'stage' | 'gate';
type StatusOf<E extends Entity> = {
  [S in Status]: E extends (typeof STATUSES)[S]['of'][number] ? S : never;
}[Status];

export type RunStatus = StatusOf<'run'>;
export type StageStatus = StatusOf<'stage'>;
export type GateStatus = StatusOf<'gate'>;

function statusesOf<E extends Entity>(entity: E): StatusOf<E>[] {
  return (Object.keys(STATUSES) as Status[]).filter((s) =>
    (STATUSES[s].of as readonly Entity[]).includes(entity),
  ) as StatusOf<E>[];
}

export const RUN_STATUSES = statusesOf('run');
export const STAGE_STATUSES = statusesOf('stage');
export const GATE_STATUSES = statusesOf('gate');

export const isFinished = (status: Status): boolean => STATUSES[status].finished;
export const FINISHED_RUN_STATUSES = RUN_STATUSES.filter(isFinished);
export const ACTIVE_RUN_STATUSES = RUN_STATUSES.filter((s) => !isFinished(s));

/**
 * How a run was started: by a person (session or rerun), by a tool (API token), by a git push
 * (webhook) or by a schedule. Decided by the service from the request, never by the caller.
 */
export const TRIGGER_TYPES = ['manual', 'push', 'cron', 'api'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
