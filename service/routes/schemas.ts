import { Type, type Static } from '@sinclair/typebox';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const RunIdParams = Type.Object({ runId: Type.String({ minLength: 1 }) });

export const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};

export const RoleSchema = Type.Union(
  ['viewer', 'tester', 'developer', 'maintainer', 'admin'].map((r) => Type.Literal(r)),
);

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});

export type IdParamsType = Static<typeof IdParams>;
