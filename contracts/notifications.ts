import { z } from 'zod';
import { Page, boolQuery } from './common';

/** One in-app notification, already rendered in the reader's language. */
export const Notification = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  link: z.string().nullable(),
  entity: z.string().nullable(),
  entityId: z.number().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationQuery = z.object({
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unread: boolQuery.optional(),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;

export const NotificationPage = Page(Notification);
export type NotificationPage = z.infer<typeof NotificationPage>;

export const UnreadCount = z.object({ count: z.number() });
export type UnreadCount = z.infer<typeof UnreadCount>;

export const ReadAllResult = z.object({ updated: z.number() });
