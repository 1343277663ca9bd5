import { Type, type Static } from '@sinclair/typebox';
import { RoleSchema, Username } from './users.js';

const GrantSchema = Type.Object(
  {
    pipelineGroup: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "A pipeline group, or '*' for all",
    }),
    role: RoleSchema,
  },
  { additionalProperties: false },
);

export const UserGroupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  members: Type.Array(Type.String(), { description: 'Usernames, sorted' }),
  grants: Type.Array(GrantSchema),
});
export type UserGroup = Static<typeof UserGroupSchema>;

export const NewGroupBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const GroupChangesBody = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    members: Type.Optional(
      Type.Array(Username, { uniqueItems: true, description: 'Usernames; replaces the members' }),
    ),
    grants: Type.Optional(Type.Array(GrantSchema, { description: 'Replaces the grants' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
