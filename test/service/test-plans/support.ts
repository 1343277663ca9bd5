import type { TestService } from '../../support/service.js';

/** What a JSON answer parses to: as untyped as `res.json()`, which tests read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Calls the API and fails loudly on an unexpected status. */
export async function api<T = Json>(
  s: TestService,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  expected = method === 'POST' ? 201 : 200,
): Promise<T> {
  const res = await s.call(token, { method, url, ...(payload ? { payload } : {}) });
  if (res.statusCode !== expected) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return (res.body ? res.json() : undefined) as T;
}

/** Polls a plan run until `until` holds (by default: it has finished). */
export async function waitForPlanRun(
  s: TestService,
  id: string,
  until: (run: { runStatus: string }) => boolean = (r) =>
    ['success', 'unstable', 'failed', 'aborted', 'interrupted'].includes(r.runStatus),
) {
  for (let i = 0; i < 1200; i++) {
    const run = await api(s, s.tokens.viewer, 'GET', `/api/test-plan-runs/${id}`);
    if (until(run)) return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`plan run ${id} did not reach the expected state`);
}

/** A case group and cases in it, created as a tester; returns the case ids by name. */
export async function createCases(
  s: TestService,
  service: string,
  cases: { name: string; run: object; level?: string; tags?: string[]; steps?: string }[],
): Promise<Record<string, string>> {
  const group = await api(s, s.tokens.tester, 'POST', '/api/test-case-groups', { service, name: 'main' });
  const ids: Record<string, string> = {};
  for (const c of cases)
    ids[c.name] = (await api(s, s.tokens.tester, 'POST', '/api/test-cases', { groupId: group.id, ...c })).id;
  return ids;
}
