import { Type, type Static } from '@sinclair/typebox';
import { badRequest } from '../errors.js';
import { payloadProblems } from './payload-problems.js';
import { isNullCommit, personText, refTarget, type PushEvent } from './push-event.js';

const Text = Type.String({ maxLength: 100_000 });
const OptionalText = Type.Optional(Type.Union([Text, Type.Null()]));
const Person = Type.Object({ name: OptionalText, email: OptionalText, username: OptionalText });

/**
 * The part of GitHub's `push` payload pipewright reads ("Webhook events and payloads", push;
 * tag pushes arrive as the same event with `refs/tags/...`). Other fields are allowed and ignored.
 */
export const GitHubPushPayload = Type.Object({
  ref: Type.String({ minLength: 1, maxLength: 1000 }),
  after: Type.String({ minLength: 1, maxLength: 100 }),
  deleted: Type.Optional(Type.Boolean()),
  head_commit: Type.Optional(
    Type.Union([
      Type.Null(),
      Type.Object({
        id: Type.String({ maxLength: 100 }),
        message: OptionalText,
        author: Type.Optional(Person),
      }),
    ]),
  ),
  pusher: Type.Optional(Type.Union([Person, Type.Null()])),
  repository: Type.Object({
    clone_url: Type.String({ minLength: 1, maxLength: 2000 }),
    ssh_url: Type.Optional(Type.String({ maxLength: 2000 })),
    html_url: Type.Optional(Type.String({ maxLength: 2000 })),
    git_url: Type.Optional(Type.String({ maxLength: 2000 })),
  }),
});
type GitHubPush = Static<typeof GitHubPushPayload>;

/** Reads a GitHub push delivery; 400 with every problem when it lacks what a run records. */
export function gitHubPush(payload: unknown, delivery: string | null): PushEvent {
  const problems = payloadProblems(GitHubPushPayload, payload);
  if (problems.length) throw badRequest(problems);
  const p = payload as GitHubPush;
  const repo = p.repository;
  return {
    kind: 'push',
    source: 'github',
    delivery,
    repository: repo.clone_url,
    repositoryUrls: [repo.clone_url, repo.ssh_url, repo.html_url, repo.git_url].filter(
      (u): u is string => typeof u === 'string' && u !== '',
    ),
    ref: p.ref,
    ...refTarget(p.ref),
    commit: p.head_commit?.id ?? p.after,
    author: personText(p.head_commit?.author),
    message: p.head_commit?.message ?? null,
    pusher: p.pusher?.name ?? null,
    deleted: p.deleted === true || isNullCommit(p.after),
  };
}
