import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../auth/roles.js';
import { Instant } from './common.js';

/** A built-in role (viewer < tester < developer < maintainer < admin) or a custom one; GET /api/roles lists them. */
export const RoleSchema = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,49}$',
  description: `A built-in role (${ROLES.join(' < ')}) or the name of a custom role`,
});

export const Username = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[A-Za-z0-9._@-]+$',
  description: 'Login name; how people name each other in the API',
});

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  disabled: Type.Boolean(),
  createdAt: Instant(),
});
export type User = Static<typeof UserSchema>;

/** The signed-in user and the user groups they belong to. */
export const MeSchema = Type.Composite([
  UserSchema,
  Type.Object({ groups: Type.Array(Type.String(), { description: 'Names of my user groups' }) }),
]);

export const ApiTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Instant(),
  lastUsedAt: Type.Union([Instant(), Type.Null()]),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

export const CreatedApiTokenSchema = Type.Composite([
  ApiTokenSchema,
  Type.Object({ token: Type.String({ description: 'Shown this once; only its hash is stored' }) }),
]);

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer <token>' }),
  expiresAt: Instant(),
  user: UserSchema,
});

export const LoginAttemptSchema = Type.Object({
  id: Type.String(),
  at: Instant(),
  username: Type.String({ description: 'The name that was typed, whether or not such a user exists' }),
  userId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.String(),
  userAgent: Type.String(),
  success: Type.Boolean(),
  locked: Type.Boolean({ description: 'Refused by the login rate limit before the password was checked' }),
});
export type LoginAttempt = Static<typeof LoginAttemptSchema>;
