import { z } from 'zod';

// Shapes shared by every module's contract: ids, pages, errors.
export const Id = z.coerce.number().int().positive();
export const IdParams = z.object({ id: Id });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    correlationId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Query params every list accepts; modules extend it with their filters. */
export const ListQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  sort: z.string().max(40).optional(),
  q: z.string().trim().max(100).optional(),
  /** For district readers (inspector): narrow to one school of the district. */
  schoolId: z.coerce.number().int().positive().optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const Page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const Timestamps = {
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const HistoryEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Import report: one line per spreadsheet row. */
export const ImportRowResult = z.object({
  row: z.number(),
  key: z.string().nullable(),
  status: z.enum(['created', 'updated', 'unchanged', 'refused']),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export const ImportReport = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  refused: z.number(),
  rows: z.array(ImportRowResult),
});
export type ImportReport = z.infer<typeof ImportReport>;
