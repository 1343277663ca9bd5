import type BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { foldForSearch } from '../service/db/pipeline-search.js';
import { random } from './seeded-random.js';

const TEAMS = [
  'payments',
  'checkout',
  'search',
  'identity',
  'billing',
  'catalog',
  'orders',
  'shipping',
  'inventory',
  'reviews',
  'recommendations',
  'notifications',
  'analytics',
  'gateway',
  'ledger',
  'pricing',
  'returns',
  'loyalty',
  'support',
  'zürich-office',
];
const COMPONENTS = [
  'api',
  'web',
  'worker',
  'db-migrations',
  'mobile',
  'ingest',
  'cron',
  'docs',
  'infra',
  'sdk',
];
/** Descriptions carry the text a search has to treat as text: wildcards, quotes, non-ASCII. */
const REMARKS = [
  'keeps 100% branch coverage',
  'uses snake_case configs',
  'it\'s the "legacy" build',
  'deploys to the Région Île-de-France',
  '部署 to the staging cluster',
  'ÜBER-fast incremental builds',
  'nightly',
  '',
];
export const GROUPS = ['development', 'deployment', 'production'] as const;
const TRIGGERS = [',manual,', ',push,', ',manual,cron,', ',push,api,'];

export interface CataloguePipeline {
  id: string;
  name: string;
  group: string;
  description: string;
  triggers: string;
}

/** `count` pipelines named `<team>-<component>-<n>`, with a sentence of description each. */
export function pipelineCatalogue(count: number, seed = 7): CataloguePipeline[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const team = pick(TEAMS);
    const component = pick(COMPONENTS);
    return {
      id: randomUUID(),
      name: `${team}-${component}-${String(i).padStart(5, '0')}`,
      group: pick(GROUPS),
      description: `Builds, tests and ships the ${component} of ${team}; ${pick(REMARKS)}`.trim(),
      triggers: pick(TRIGGERS),
    };
  });
}

/**
 * Writes the catalogue straight through better-sqlite3 (HTTP would measure the seeding), with
 * the folded search copies the pipeline repository would write.
 */
export function insertCatalogue(db: BetterSqlite3.Database, pipelines: CataloguePipeline[], ownerId: string) {
  const insert = db.prepare(
    `INSERT INTO pipelines (id, name, group_name, description, owner_id, repository_url, definition, trigger_types, next_run_number, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 1, ?, ?)`,
  );
  const search = db.prepare(`INSERT INTO pipeline_search (pipeline_id, name, description) VALUES (?, ?, ?)`);
  db.transaction(() => {
    pipelines.forEach((p, i) => {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      const definition = { name: p.name, stages: [{ name: 'Build', steps: [{ sh: 'make' }] }] };
      insert.run(
        p.id,
        p.name,
        p.group,
        p.description,
        ownerId,
        JSON.stringify(definition),
        p.triggers,
        at,
        at,
      );
      search.run(p.id, foldForSearch(p.name), foldForSearch(p.description));
    });
  })();
}

/**
 * What people do with the list, one request each: page through it under each sort, filter it,
 * and search it (whole names, words of names and descriptions, 1-2 character keywords that no
 * trigram index serves, text with wildcards and quotes, keywords that match nothing).
 */
export function listQueryMix(pipelines: CataloguePipeline[], count: number, seed = 11): string[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const keywords = [
    () => pick(pipelines).name,
    () => pick(TEAMS),
    () => pick(TEAMS).slice(0, 4),
    () => pick(COMPONENTS),
    () => `${pick(TEAMS)}-${pick(COMPONENTS)}`,
    () => pick(['100%', 'snake_', '"legacy"', "it's", 'région', 'RÉGION', '部署', 'über']),
    () => pick(['ap', 'z', '部', 'é', '_', '%']),
    () => pick(['kubernetes', 'terraform', 'xyzzy']),
  ];
  const sorts = ['', '&sort=name', '&sort=lastRunAt', '&sort=updatedAt', '&sort=name&order=desc'];
  const filters = [
    () => `&group=${pick(GROUPS)}`,
    () => `&status=failed`,
    () => `&trigger=${pick(['push', 'cron', 'api'])}`,
    () => `&favorite=true`,
    () => `&group=${pick(GROUPS)}&status=${pick(['failed', 'success'])}`,
  ];
  return Array.from({ length: count }, () => {
    const r = rnd();
    const limit = pick([20, 50, 50, 100]);
    // Most people stay on the first pages; some jump far.
    const page = rnd() < 0.8 ? Math.floor(rnd() * 5) : Math.floor(rnd() * 100);
    let query = `limit=${limit}&offset=${page * limit}${pick(sorts)}`;
    if (r < 0.3) query = `q=${encodeURIComponent(pick(keywords)())}&limit=${limit}${pick(sorts)}`;
    else if (r < 0.4)
      query = `q=${encodeURIComponent(pick(keywords)())}${pick(filters)()}&limit=${limit}${pick(sorts)}`;
    else if (r < 0.65) query += pick(filters)();
    return `/api/pipelines?${query}`;
  });
}
