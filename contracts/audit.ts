import { z } from 'zod';
import { HistoryEntry, Page } from './common';

export const AuditQuery = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  entity: z.string().max(40).optional(),
  entityId: z.string().max(40).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  action: z.string().max(40).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  q: z.string().max(100).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditPage = Page(HistoryEntry);

export const ChainReport = z.object({
  schoolId: z.number(), entries: z.number(), ok: z.boolean(),
  brokenAt: z.object({ seq: z.number(), reason: z.enum(['hash', 'link', 'gap', 'head']) }).optional(),
});
export type ChainReport = z.infer<typeof ChainReport>;
