import { Type, type Static } from '@sinclair/typebox';
import { Instant } from './common.js';

export const AnnouncementSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  author: Type.Union([Type.String(), Type.Null()], { description: 'Username of who wrote it' }),
  authorId: Type.String(),
  createdAt: Instant(),
});
export type Announcement = Static<typeof AnnouncementSchema>;

export const NewAnnouncementBody = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 200 }), body: Type.String({ maxLength: 10_000 }) },
  { additionalProperties: false },
);
