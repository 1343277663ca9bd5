import { Type } from '@sinclair/typebox';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const RunIdParams = Type.Object({ runId: Type.String({ minLength: 1 }) });

export const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  // Bounded: a larger offset is past any table here, and 1e20 does not fit a database integer.
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
};

/** A built-in role (viewer, tester, developer, maintainer, admin) or a custom one; GET /api/roles lists them. */
export const RoleSchema = Type.String({ pattern: '^[a-z][a-z0-9-]{0,49}$' });
