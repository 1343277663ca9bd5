import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, TestCasesTable } from '../db/schema.js';
import { DEFAULT_PAGE_SIZE } from '../schemas/common.js';
import type {
  NewTestCase,
  TestCase,
  TestCaseChanges,
  TestCaseGroup,
  TestCaseListQuery,
  TestCaseRun,
} from '../schemas/test-cases.js';
import { newId, now } from './ids.js';

export type { TestCase, TestCaseGroup };

type CaseRow = Selectable<TestCasesTable> & { service: string; group_name: string };

const toCase = (r: CaseRow): TestCase => ({
  id: r.id,
  groupId: r.group_id,
  service: r.service,
  group: r.group_name,
  name: r.name,
  level: r.level as TestCase['level'],
  status: r.status as TestCase['status'],
  type: r.type,
  tags: JSON.parse(r.tags) as string[],
  preconditions: r.preconditions,
  steps: r.steps,
  run: JSON.parse(r.run) as TestCaseRun,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What a keyword matches: the case's words lower-cased, tags between commas so `tag` filters match whole tags. */
function searchText(c: { name: string; steps: string; preconditions: string; tags: string[] }): string {
  return [c.name, c.steps, c.preconditions, `,${c.tags.join(',')},`].join('\n').toLowerCase();
}

/** LIKE treats % and _ as wildcards: a keyword is matched literally. */
const likeLiteral = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Test case groups (one service's library) and their cases. */
export class TestLibraryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async listGroups(filter: { service?: string; id?: string } = {}): Promise<TestCaseGroup[]> {
    let query = this.db
      .selectFrom('test_case_groups as g')
      .leftJoin('test_cases as c', 'c.group_id', 'g.id')
      .select(['g.id', 'g.service', 'g.name', 'g.description', 'g.created_at'])
      .select((eb) => eb.fn.count<string>('c.id').as('cases'))
      .groupBy(['g.id', 'g.service', 'g.name', 'g.description', 'g.created_at'])
      .orderBy('g.service')
      .orderBy('g.name');
    if (filter.service) query = query.where('g.service', '=', filter.service);
    if (filter.id) query = query.where('g.id', '=', filter.id);
    return (await query.execute()).map((r) => ({
      id: r.id,
      service: r.service,
      name: r.name,
      description: r.description,
      cases: Number(r.cases),
      createdAt: r.created_at,
    }));
  }

  async findGroup(id: string): Promise<TestCaseGroup | null> {
    return (await this.listGroups({ id }))[0] ?? null;
  }

  async createGroup(input: { service: string; name: string; description?: string }): Promise<TestCaseGroup> {
    const row = {
      id: newId(),
      service: input.service,
      name: input.name,
      description: input.description ?? '',
      created_at: now(),
    };
    await this.db.insertInto('test_case_groups').values(row).execute();
    return { ...row, createdAt: row.created_at, cases: 0 };
  }

  async updateGroup(
    id: string,
    input: { service?: string; name?: string; description?: string },
  ): Promise<TestCaseGroup | null> {
    await this.db.updateTable('test_case_groups').set(input).where('id', '=', id).execute();
    return this.findGroup(id);
  }

  /** Plans that use a case of the group (a group in use is not deleted). */
  async plansUsingGroup(id: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('test_plan_cases as pc')
      .innerJoin('test_cases as c', 'c.id', 'pc.case_id')
      .innerJoin('test_plans as p', 'p.id', 'pc.plan_id')
      .select('p.name')
      .distinct()
      .where('c.group_id', '=', id)
      .orderBy('p.name')
      .execute();
    return rows.map((r) => r.name);
  }

  async deleteGroup(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('test_case_groups').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async createCase(input: NewTestCase): Promise<TestCase | null> {
    const at = now();
    const tags = input.tags ?? [];
    const fields = {
      name: input.name,
      steps: input.steps ?? '',
      preconditions: input.preconditions ?? '',
      tags,
    };
    const id = newId();
    const group = await this.db
      .selectFrom('test_case_groups')
      .select('id')
      .where('id', '=', input.groupId)
      .executeTakeFirst();
    if (!group) return null;
    await this.db
      .insertInto('test_cases')
      .values({
        id,
        group_id: input.groupId,
        name: input.name,
        level: input.level ?? 'P2',
        status: input.status ?? 'draft',
        type: input.type ?? 'api',
        tags: JSON.stringify(tags),
        preconditions: fields.preconditions,
        steps: fields.steps,
        run: JSON.stringify(input.run),
        search_text: searchText(fields),
        created_at: at,
        updated_at: at,
      })
      .execute();
    return this.findCase(id);
  }

  private selectCases() {
    return this.db
      .selectFrom('test_cases as c')
      .innerJoin('test_case_groups as g', 'g.id', 'c.group_id')
      .selectAll('c')
      .select(['g.service', 'g.name as group_name']);
  }

  async findCase(id: string): Promise<TestCase | null> {
    const row = await this.selectCases().where('c.id', '=', id).executeTakeFirst();
    return row ? toCase(row) : null;
  }

  /** The cases with these ids, in the order asked; ids that match nothing are left out. */
  async findCases(ids: string[]): Promise<TestCase[]> {
    if (ids.length === 0) return [];
    const rows = await this.selectCases().where('c.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, toCase(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async updateCase(id: string, changes: TestCaseChanges): Promise<TestCase | null> {
    const current = await this.findCase(id);
    if (!current) return null;
    const next = { ...current, ...changes };
    const values: Updateable<TestCasesTable> = {
      group_id: next.groupId,
      name: next.name,
      level: next.level,
      status: next.status,
      type: next.type,
      tags: JSON.stringify(next.tags),
      preconditions: next.preconditions,
      steps: next.steps,
      run: JSON.stringify(next.run),
      search_text: searchText(next),
      updated_at: now(),
    };
    await this.db.updateTable('test_cases').set(values).where('id', '=', id).execute();
    return this.findCase(id);
  }

  async plansUsingCase(id: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('test_plan_cases as pc')
      .innerJoin('test_plans as p', 'p.id', 'pc.plan_id')
      .select('p.name')
      .where('pc.case_id', '=', id)
      .orderBy('p.name')
      .execute();
    return rows.map((r) => r.name);
  }

  async deleteCase(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('test_cases').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** A page of cases matching every filter given, by service, group and name. */
  async listCases(q: TestCaseListQuery): Promise<{ items: TestCase[]; total: number }> {
    let query = this.selectCases();
    if (q.q) query = query.where(sql<boolean>`c.search_text LIKE ${likeLiteral(q.q)} ESCAPE '\\'`);
    if (q.service) query = query.where('g.service', '=', q.service);
    if (q.groupId) query = query.where('c.group_id', '=', q.groupId);
    if (q.status) query = query.where('c.status', '=', q.status);
    if (q.type) query = query.where('c.type', '=', q.type);
    if (q.level)
      query = query.where(
        'c.level',
        'in',
        q.level.split(',').map((l) => l.trim()),
      );
    for (const tag of q.tag
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean) ?? [])
      query = query.where(sql<boolean>`c.search_text LIKE ${likeLiteral(`,${tag},`)} ESCAPE '\\'`);
    const { total } = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await query
      .orderBy('g.service')
      .orderBy('g.name')
      .orderBy('c.name')
      .limit(q.limit ?? DEFAULT_PAGE_SIZE)
      .offset(q.offset ?? 0)
      .execute();
    return { items: rows.map(toCase), total: Number(total) };
  }
}
