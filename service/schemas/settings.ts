import { Type } from '@sinclair/typebox';

export const SettingValue = Type.Union([
  Type.String({ maxLength: 10_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);

export const SettingsSchema = Type.Record(
  Type.String({ pattern: '^[a-z][a-zA-Z0-9.]*$', maxLength: 100 }),
  SettingValue,
);

export const SettingsBody = Type.Record(
  Type.String({ pattern: '^[a-z][a-zA-Z0-9.]*$', maxLength: 100 }),
  SettingValue,
  { minProperties: 1, maxProperties: 100 },
);

/**
 * Settings that are written and never read back: every answer shows `true` (set) or `false`
 * (cleared with null) in place of the value. Only the service itself reads them.
 */
export const WRITE_ONLY_SETTINGS = {
  'webhooks.githubSecret': 'the secret GitHub signs webhook deliveries with (X-Hub-Signature-256)',
  'webhooks.gitlabToken': 'the secret token GitLab sends with webhooks (X-Gitlab-Token)',
} as const;
export type WriteOnlySetting = keyof typeof WRITE_ONLY_SETTINGS;

/** A shorter secret is guessable; GitHub and GitLab take far longer ones. */
export const WRITE_ONLY_MIN_LENGTH = 16;
export const WRITE_ONLY_MAX_LENGTH = 1000;

export const isWriteOnlySetting = (key: string): key is WriteOnlySetting =>
  Object.prototype.hasOwnProperty.call(WRITE_ONLY_SETTINGS, key);
