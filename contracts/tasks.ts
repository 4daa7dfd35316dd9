import { z } from 'zod';
import { Role } from './auth';

/** One open task (待办) of mine, its title rendered in the reader's language. */
export const MyTask = z.object({
  id: z.number(),
  module: z.string(),
  kind: z.string(),
  title: z.string(),
  entity: z.string(),
  entityId: z.number(),
  assigneeId: z.number().nullable(),
  role: Role.nullable(),
  dueAt: z.string(),
  /** Due before now. */
  overdue: z.boolean(),
  link: z.string(),
});
export type MyTask = z.infer<typeof MyTask>;

export const MyTasksQuery = z.object({
  /** `today` (default): due today or overdue, in the school's time zone; `all`: every open one. */
  scope: z.enum(['today', 'all']).default('today'),
});
export type MyTasksQuery = z.infer<typeof MyTasksQuery>;

export const MyTasks = z.object({ items: z.array(MyTask), today: z.string() });
export type MyTasks = z.infer<typeof MyTasks>;
