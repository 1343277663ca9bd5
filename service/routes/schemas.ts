import { Type } from '@sinclair/typebox';
import { ROLES } from '../auth/roles.js';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const RunIdParams = Type.Object({ runId: Type.String({ minLength: 1 }) });

export const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
