import { Type, type Static } from '@sinclair/typebox';
import { PipelineSchema, TemplateOptionsSchema } from '../../src/index.js';
import { Instant } from './common.js';

/** Every option a built-in template may read. */
export const BUILT_IN_TEMPLATE_OPTIONS = Object.keys(TemplateOptionsSchema.properties);
/** A saved template is a stored pipeline: it takes a new name and, optionally, another group. */
export const SAVED_TEMPLATE_OPTIONS = ['name', 'group'] as const;

export const TemplateSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  builtIn: Type.Boolean(),
  options: Type.Array(Type.String(), {
    description: 'Options POST /api/templates/{name}/pipelines takes; any other is refused',
  }),
  definition: Type.Union([PipelineSchema, Type.Null()], {
    description: 'The stored pipeline of a saved template; null for built-in ones',
  }),
  createdBy: Type.Union([Type.String(), Type.Null()], { description: 'Username of who saved it' }),
  createdAt: Instant(),
});
export type StoredTemplate = Static<typeof TemplateSchema>;

export const TemplateNameParams = Type.Object({ name: Type.String({ minLength: 1 }) });

export const SaveTemplateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
