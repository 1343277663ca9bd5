import { Type } from '@sinclair/typebox';

export const WebhookReceiptSchema = Type.Object({
  event: Type.String({ description: 'The event the host named (X-GitHub-Event, X-Gitlab-Event)' }),
  delivery: Type.Union([Type.String(), Type.Null()], { description: "The host's delivery id" }),
  duplicate: Type.Boolean({ description: 'This delivery was handled before: nothing new started' }),
  ignored: Type.Union([Type.String(), Type.Null()], {
    description: 'Why nothing was done (an event pipewright does not act on, a deleted ref, ...)',
  }),
  started: Type.Array(
    Type.Object({
      pipelineId: Type.String(),
      pipeline: Type.String({ description: 'Pipeline name' }),
      runId: Type.String(),
      number: Type.Integer({ minimum: 1 }),
    }),
  ),
  refused: Type.Array(
    Type.Object({
      pipelineId: Type.String(),
      pipeline: Type.String(),
      reason: Type.String({ description: 'Why the matching pipeline did not start (deploy policy, ...)' }),
    }),
  ),
});

/** Documentation only: the route reads the raw bytes, checks the signature, then the payload. */
export const WebhookPayload = Type.Object(
  {},
  {
    additionalProperties: true,
    description: "The host's JSON payload exactly as sent (content type application/json)",
  },
);

export const GitHubWebhookHeaders = Type.Object({
  'x-github-event': Type.Optional(Type.String({ description: '`push` and `ping` are acted on' })),
  'x-github-delivery': Type.Optional(
    Type.String({ description: 'Delivery id; a redelivery starts nothing' }),
  ),
  'x-hub-signature-256': Type.Optional(
    Type.String({ description: '`sha256=` and the HMAC SHA-256 of the body under the configured secret' }),
  ),
});

export const GitLabWebhookHeaders = Type.Object({
  'x-gitlab-event': Type.Optional(
    Type.String({ description: '`Push Hook` and `Tag Push Hook` are acted on' }),
  ),
  'x-gitlab-token': Type.Optional(Type.String({ description: 'The configured secret token' })),
  'idempotency-key': Type.Optional(
    Type.String({ description: 'Same for retries of one delivery (GitLab 17.4+); a repeat starts nothing' }),
  ),
});
