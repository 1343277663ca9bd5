import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, badSignature } from '../errors.js';
import { jsonBoundProblems } from '../plugins/bounded-json.js';
import { Replies } from '../schemas/common.js';
import {
  GitHubWebhookHeaders,
  GitLabWebhookHeaders,
  WebhookPayload,
  WebhookReceiptSchema,
} from '../schemas/webhooks.js';
import { gitHubPush } from '../webhooks/github-push.js';
import { gitLabPush } from '../webhooks/gitlab-push.js';
import type { PushEvent, WebhookSource } from '../webhooks/push-event.js';
import { gitHubSignatureValid, sharedTokenValid } from '../webhooks/signatures.js';

const DELIVERY_ID_MAX = 200;
const GITLAB_PUSH_EVENTS = new Set(['Push Hook', 'Tag Push Hook', 'System Hook']);

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

type Receipt = {
  event: string;
  delivery: string | null;
  duplicate: boolean;
  ignored: string | null;
  started: { pipelineId: string; pipeline: string; runId: string; number: number }[];
  refused: { pipelineId: string; pipeline: string; reason: string }[];
};

const receipt = (event: string, delivery: string | null, more: Partial<Receipt> = {}): Receipt => ({
  event,
  delivery,
  duplicate: false,
  ignored: null,
  started: [],
  refused: [],
  ...more,
});

/**
 * Webhooks from GitHub and GitLab. They carry no session: a delivery is authenticated by its
 * signature (GitHub, HMAC SHA-256 of the raw body) or shared token (GitLab), checked against the
 * write-only settings before the payload is even parsed. A push starts the pipelines bound to its
 * repository whose push trigger matches (see webhooks/push-dispatcher.ts); the answer comes at
 * once, 202 with the runs started or 200 when nothing was to start.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // In this plugin only: the signature covers the body exactly as sent, so keep its bytes. The
  // body limit still applies (Fastify counts the bytes before any parser sees them).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  const rateLimit = { max: app.config.PIPEWRIGHT_WEBHOOK_LIMIT_PER_MINUTE, timeWindow: 60_000 };

  /**
   * The delivery id is outside what GitHub signs: a captured delivery sent again under a new id
   * must start nothing either, so the signed bytes themselves are remembered too.
   */
  const digests = new WeakMap<FastifyRequest, string>();

  /** The verified bytes as JSON, with the bounds every other body gets (bounded-json.ts). */
  async function parseVerified(request: FastifyRequest): Promise<void> {
    request.signatureVerified = true;
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    digests.set(request, createHash('sha256').update(raw).digest('hex'));
    const text = raw.toString('utf8');
    if (text.trim() === '') {
      request.body = {};
      return;
    }
    const problems = jsonBoundProblems(text);
    if (problems.length) throw badRequest(problems);
    request.body = await new Promise((resolve, reject) =>
      defaultJson(request, text, (error, value) => (error ? reject(error) : resolve(value))),
    );
  }

  function deliveryId(request: FastifyRequest, names: string[]): string | null {
    for (const name of names) {
      const value = header(request, name);
      if (value === undefined) continue;
      if (value.length === 0 || value.length > DELIVERY_ID_MAX)
        throw badRequest([
          { path: `headers.${name}`, message: `must be 1 to ${DELIVERY_ID_MAX} characters` },
        ]);
      return value;
    }
    return null;
  }

  async function handlePush(
    source: WebhookSource,
    eventName: string,
    push: PushEvent,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const delivery = push.delivery;
    const body = `body:${digests.get(request) ?? ''}`;
    const claimed: string[] = [];
    const release = () => Promise.all(claimed.map((id) => app.repos.webhookDeliveries.release(source, id)));
    for (const id of delivery === null ? [body] : [delivery, body]) {
      if (await app.repos.webhookDeliveries.claim(source, id)) {
        claimed.push(id);
        continue;
      }
      await release();
      return reply.code(200).send(
        receipt(eventName, delivery, {
          duplicate: true,
          ignored:
            id === body
              ? 'this exact push was handled before (under another delivery id)'
              : 'this delivery was handled before',
        }),
      );
    }
    if (push.deleted)
      return reply.code(200).send(receipt(eventName, delivery, { ignored: `${push.ref} was deleted` }));
    if (push.branch === null && push.tag === null)
      return reply
        .code(200)
        .send(receipt(eventName, delivery, { ignored: `${push.ref} is neither a branch nor a tag` }));
    let outcome;
    try {
      outcome = await app.webhooks.dispatch(push);
    } catch (error) {
      // Nothing was recorded as started: let the host's retry try again.
      await release();
      throw error;
    }
    const nothing =
      outcome.started.length + outcome.refused.length === 0
        ? `no pipeline with a push trigger for ${push.ref} is bound to ${push.repository}`
        : null;
    return reply
      .code(outcome.started.length ? 202 : 200)
      .send(receipt(eventName, delivery, { ignored: nothing, ...outcome }));
  }

  app.post(
    '/api/webhooks/github',
    {
      config: { access: 'signature', rateLimit },
      schema: {
        tags: ['webhooks'],
        summary: 'Receive a GitHub webhook',
        description:
          'Authenticated by `X-Hub-Signature-256` (setting `webhooks.githubSecret`), not by a session. `push` (branches and tags) starts the matching pipelines; `ping` answers 200; other events are answered 200 and ignored. A redelivered `X-GitHub-Delivery` starts nothing.',
        headers: GitHubWebhookHeaders,
        body: WebhookPayload,
        response: Replies({ 200: WebhookReceiptSchema, 202: WebhookReceiptSchema }),
      },
      preValidation: async (request) => {
        const secret = await app.repos.settings.writeOnly('webhooks.githubSecret');
        if (secret === null)
          throw badSignature(
            'no GitHub webhook secret is set (setting webhooks.githubSecret): nothing can be verified',
          );
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (!gitHubSignatureValid(secret, raw, header(request, 'x-hub-signature-256')))
          throw badSignature(
            'X-Hub-Signature-256 is missing or is not the HMAC SHA-256 of this body under the configured secret',
          );
        await parseVerified(request);
      },
    },
    async (request, reply) => {
      const eventName = header(request, 'x-github-event') ?? '';
      const delivery = deliveryId(request, ['x-github-delivery']);
      if (eventName === 'ping')
        return reply.code(200).send(
          receipt('ping', delivery, {
            ignored: 'ping: the webhook reaches pipewright and its signature is valid',
          }),
        );
      if (eventName !== 'push')
        return reply.code(200).send(
          receipt(eventName, delivery, {
            ignored: `pipewright acts on push and ping, not ${JSON.stringify(eventName)}`,
          }),
        );
      if (delivery === null)
        throw badRequest([{ path: 'headers.x-github-delivery', message: 'is required for a push' }]);
      return handlePush('github', eventName, gitHubPush(request.body, delivery), request, reply);
    },
  );

  app.post(
    '/api/webhooks/gitlab',
    {
      config: { access: 'signature', rateLimit },
      schema: {
        tags: ['webhooks'],
        summary: 'Receive a GitLab webhook',
        description:
          'Authenticated by `X-Gitlab-Token` (setting `webhooks.gitlabToken`), not by a session. Push and tag push hooks start the matching pipelines; other hooks are answered 200 and ignored. A repeated `Idempotency-Key` (or `X-Gitlab-Webhook-UUID`) starts nothing.',
        headers: GitLabWebhookHeaders,
        body: WebhookPayload,
        response: Replies({ 200: WebhookReceiptSchema, 202: WebhookReceiptSchema }),
      },
      preValidation: async (request) => {
        const token = await app.repos.settings.writeOnly('webhooks.gitlabToken');
        if (token === null)
          throw badSignature(
            'no GitLab webhook token is set (setting webhooks.gitlabToken): nothing can be verified',
          );
        if (!sharedTokenValid(token, header(request, 'x-gitlab-token')))
          throw badSignature('X-Gitlab-Token is missing or is not the configured token');
        await parseVerified(request);
      },
    },
    async (request, reply) => {
      const eventName = header(request, 'x-gitlab-event') ?? '';
      const delivery = deliveryId(request, ['idempotency-key', 'x-gitlab-webhook-uuid']);
      const kind = (request.body as { object_kind?: unknown } | null)?.object_kind;
      if (!GITLAB_PUSH_EVENTS.has(eventName) || (kind !== 'push' && kind !== 'tag_push'))
        return reply.code(200).send(
          receipt(eventName, delivery, {
            ignored: `pipewright acts on push and tag push hooks, not ${JSON.stringify(eventName)}`,
          }),
        );
      return handlePush('gitlab', eventName, gitLabPush(request.body, delivery), request, reply);
    },
  );
};
