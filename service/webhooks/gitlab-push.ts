import { Type, type Static } from '@sinclair/typebox';
import { badRequest } from '../errors.js';
import { payloadProblems } from './payload-problems.js';
import { isNullCommit, personText, refTarget, type PushEvent } from './push-event.js';

const Text = Type.String({ maxLength: 100_000 });
const OptionalText = Type.Optional(Type.Union([Text, Type.Null()]));
const Project = Type.Object({
  git_http_url: Type.String({ minLength: 1, maxLength: 2000 }),
  git_ssh_url: Type.Optional(Type.String({ maxLength: 2000 })),
  web_url: Type.Optional(Type.String({ maxLength: 2000 })),
});

/**
 * The part of GitLab's push and tag push hooks pipewright reads ("Webhook events": push events,
 * tag events). `checkout_sha` is null when the ref was deleted.
 */
export const GitLabPushPayload = Type.Object({
  // Literals, not StringEnum: TypeBox's own checker (payloadProblems) cannot read an Unsafe type.
  object_kind: Type.Union([Type.Literal('push'), Type.Literal('tag_push')]),
  ref: Type.String({ minLength: 1, maxLength: 1000 }),
  after: Type.String({ minLength: 1, maxLength: 100 }),
  checkout_sha: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  message: OptionalText,
  user_name: OptionalText,
  user_username: OptionalText,
  project: Project,
  commits: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String({ maxLength: 100 }),
        message: OptionalText,
        author: Type.Optional(Type.Object({ name: OptionalText, email: OptionalText })),
      }),
      { maxItems: 10_000 },
    ),
  ),
});
type GitLabPush = Static<typeof GitLabPushPayload>;

/** Reads a GitLab push or tag push hook; 400 with every problem when it lacks what a run records. */
export function gitLabPush(payload: unknown, delivery: string | null): PushEvent {
  const problems = payloadProblems(GitLabPushPayload, payload);
  if (problems.length) throw badRequest(problems);
  const p = payload as GitLabPush;
  const commit = p.checkout_sha ?? p.after;
  // GitLab lists the pushed commits, newest last; the run records the one the ref points at.
  const head = p.commits?.find((c) => c.id === commit);
  return {
    kind: 'push',
    source: 'gitlab',
    delivery,
    repository: p.project.git_http_url,
    repositoryUrls: [p.project.git_http_url, p.project.git_ssh_url, p.project.web_url].filter(
      (u): u is string => typeof u === 'string' && u !== '',
    ),
    ref: p.ref,
    ...refTarget(p.ref),
    commit,
    author: personText(head?.author),
    // A tag push carries the annotated tag's message, and no commit list for a new tag.
    message: head?.message ?? p.message ?? null,
    pusher: p.user_username ?? p.user_name ?? null,
    deleted: p.checkout_sha === null || isNullCommit(p.after),
  };
}
