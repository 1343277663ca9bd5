/**
 * Webhook benchmark (npm run bench:webhooks; also part of bench:jenkins). Not a test: it asserts
 * nothing and prints figures, each next to a baseline measured in the same run.
 *
 * A service on SQLite holds 1,000 pipelines bound to 200 repositories (per repository: two push
 * triggers on main, one on release/*, one on tags, one manual). Signed GitHub pushes to main of
 * a random repository (each starting its two pipelines) are interleaved with two baselines, so
 * load from the builds falls on all three alike:
 *   - a manual trigger: an authenticated POST /api/pipelines/:id/runs starting one run;
 *   - a signed GitHub ping: the webhook route's fixed cost, starting nothing.
 * Webhook-to-trigger latency is the time until the 202 answer, when the runs exist.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../service/app.js';
import { loadConfig } from '../service/config.js';

const REPOSITORIES = 200;
const REQUESTS = Number(process.env.BENCH_WEBHOOK_REQUESTS ?? 400);
const WARM_UP = 30;
const PASSWORD = 'bench-admin-password';
const SECRET = 'bench-webhook-secret-0123456789';

export interface LatencyFigures {
  label: string;
  p50: number;
  p99: number;
  count: number;
}

function figures(label: string, samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { label, p50: at(0.5), p99: at(0.99), count: sorted.length };
}

/** A repository's address as pipelines name it: clones fail at once, so builds stay short. */
const repoUrl = (i: number) => `https://127.0.0.1:1/bench/repo-${i}.git`;

const pushPayload = (repo: number) => {
  const commit = randomUUID().replace(/-/g, '').padEnd(40, '0');
  return JSON.stringify({
    ref: 'refs/heads/main',
    before: '0'.repeat(40),
    after: commit,
    deleted: false,
    head_commit: {
      id: commit,
      message: 'bench commit',
      author: { name: 'Bench', email: 'bench@example.test' },
    },
    pusher: { name: 'bench' },
    repository: {
      clone_url: repoUrl(repo),
      ssh_url: `git@127.0.0.1:bench/repo-${repo}.git`,
      html_url: `https://127.0.0.1:1/bench/repo-${repo}`,
    },
  });
};

/** Runs the benchmark and returns the figures; prints them when `print` is set. */
export async function webhookBench(print = true): Promise<LatencyFigures[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-webhook-bench-'));
  const config = loadConfig({
    PIPEWRIGHT_DATA_DIR: dataDir,
    PIPEWRIGHT_ADMIN_PASSWORD: PASSWORD,
    PIPEWRIGHT_LOG_LEVEL: 'silent',
    PIPEWRIGHT_PORT: '0',
    PIPEWRIGHT_RETENTION_DAYS: '0',
    PIPEWRIGHT_WEBHOOK_LIMIT_PER_MINUTE: '1000000',
    PIPEWRIGHT_ALLOW_ROOT_BUILDS: 'true',
  });
  const app = await buildApp({ config, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const token = (
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: PASSWORD },
      })
    ).json().token as string;
    const admin = (await app.repos.users.findByUsername('admin'))!;
    await app.repos.settings.set({ 'webhooks.githubSecret': SECRET });
    const stages = [{ name: 'Build', steps: [{ echo: 'build' }] }];
    const manualIds: string[] = [];
    for (let r = 0; r < REPOSITORIES; r++) {
      const source = { git: repoUrl(r) };
      const variants = [
        { triggers: [{ type: 'push' as const, branches: ['main'] }] },
        { triggers: [{ type: 'push' as const }] },
        { triggers: [{ type: 'push' as const, branches: ['release/*'] }] },
        { triggers: [{ type: 'push' as const, branches: [], tags: ['v*'] }] },
        { triggers: [{ type: 'manual' as const }] },
      ];
      for (const [v, variant] of variants.entries()) {
        const p = await app.repos.pipelines.create(
          { name: `repo-${r}-${v}`, source, stages, ...variant },
          admin.id,
        );
        if (v === 4) manualIds.push(p.id);
      }
    }

    const post = async (path: string, body: string, headers: Record<string, string>) => {
      const started = performance.now();
      const res = await fetch(`${address}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      return { ms, status: res.status };
    };
    const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const webhook = async () => {
      const body = pushPayload(Math.floor(Math.random() * REPOSITORIES));
      return post('/api/webhooks/github', body, {
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': sign(body),
      });
    };
    const ping = async () => {
      const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });
      return post('/api/webhooks/github', body, {
        'x-github-event': 'ping',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': sign(body),
      });
    };
    const manual = async () =>
      post(`/api/pipelines/${manualIds[Math.floor(Math.random() * manualIds.length)]}/runs`, '{}', {
        authorization: `Bearer ${token}`,
      });

    const samples = { webhook: [] as number[], manual: [] as number[], ping: [] as number[] };
    const unexpected: string[] = [];
    for (let i = 0; i < WARM_UP + REQUESTS; i++) {
      const round = [
        ['webhook', await webhook(), 202],
        ['manual', await manual(), 201],
        ['ping', await ping(), 200],
      ] as const;
      for (const [name, result, expected] of round) {
        if (result.status !== expected) unexpected.push(`${name}: ${result.status}`);
        if (i >= WARM_UP) samples[name].push(result.ms);
      }
    }
    const report = [
      figures('signed push, starts 2 of 1,000 pipelines', samples.webhook),
      figures('baseline: authenticated manual trigger, 1 run', samples.manual),
      figures('baseline: signed ping, starts nothing', samples.ping),
    ];
    if (print) {
      const [push, manualFigures, pingFigures] = report as [LatencyFigures, LatencyFigures, LatencyFigures];
      console.log(`webhook-to-trigger latency, ${REQUESTS} requests each, interleaved (SQLite, one process)`);
      for (const r of report)
        console.log(
          `  ${r.label.padEnd(48)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms`,
        );
      console.log(
        `  push p99 / manual-trigger p99: ${(push.p99 / manualFigures.p99).toFixed(2)}x;  push p99 / ping p99: ${(push.p99 / pingFigures.p99).toFixed(2)}x`,
      );
      if (unexpected.length)
        console.log(`  unexpected answers: ${unexpected.slice(0, 5).join(', ')} (${unexpected.length})`);
    }
    return report;
  } finally {
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await webhookBench();
