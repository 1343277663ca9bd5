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
