import type { RunCause } from '../schemas/runs.js';

export type WebhookSource = RunCause['source'];

/**
 * A push (of a branch or a tag) as pipewright understands it, whichever git host sent it. The
 * run cause a started run records is a part of it.
 */
export interface PushEvent extends RunCause {
  /** Every address the host gave for the repository (clone, ssh, web); any may bind a pipeline. */
  repositoryUrls: string[];
  /** The push deleted the branch or tag: nothing is built. */
  deleted: boolean;
}

const BRANCH = 'refs/heads/';
const TAG = 'refs/tags/';

/** The branch or tag a full ref names; both null for other refs (notes, pull heads, ...). */
export function refTarget(ref: string): { branch: string | null; tag: string | null } {
  if (ref.startsWith(BRANCH)) return { branch: ref.slice(BRANCH.length), tag: null };
  if (ref.startsWith(TAG)) return { branch: null, tag: ref.slice(TAG.length) };
  return { branch: null, tag: null };
}

/** Git's all-zero object id, which hosts send as `after` when a ref was deleted. */
export const isNullCommit = (id: string) => /^0+$/.test(id);

/** "name <email>", "name" or null, as a run shows who wrote a commit. */
export function personText(person: { name?: string | null; email?: string | null } | null | undefined) {
  if (!person?.name) return person?.email ?? null;
  return person.email ? `${person.name} <${person.email}>` : person.name;
}

/** The run cause a push gives each run it starts: the event without the matching details. */
export function causeOf(event: PushEvent): RunCause {
  const { repositoryUrls: _urls, deleted: _deleted, ...cause } = event;
  return cause;
}
