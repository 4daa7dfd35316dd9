import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import {
  DEFAULT_REPAIR_SETTINGS,
  type CategoryRule, type CreatePlanInput, type CreateRepairInput, type MaintenancePlan, type RepairAction, type RepairDetail,
  type RepairLog, type RepairOrder, type RepairSettings, type RepairStats, type RepairWorker, type UpdatePlanInput,
} from '../../contracts/repairs';
import type { SettingsView } from '../../contracts/settings';
import { api, ApiError, type Query } from './client';
import { useList, type PageOf } from './hooks';

/** Repairs' query keys all start with 'repairs': one invalidation refreshes every view. */
export const repairKeys = {
  all: ['repairs'] as const,
  detail: (id: number) => ['repairs', 'detail', id] as const,
  settings: ['repairs', 'settings'] as const,
  workers: ['repairs', 'workers'] as const,
  rules: ['repairs', 'rules'] as const,
  stats: (q: Query) => ['repairs', 'stats', q] as const,
  log: (q: Query) => ['repairs', 'log', q] as const,
  plans: (q: Query) => ['repairs', 'plans', q] as const,
};

/** Work orders with keyset paging (filters as the API names them). */
export function useRepairList(q: Query, opts: { enabled?: boolean; limit?: number } = {}) {
  return useList<RepairOrder>('repairs', q, opts);
}

export function useRepair(id: number | null) {
  return useQuery({
    queryKey: repairKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api<RepairDetail>(`/repairs/${id}`, { signal }),
    enabled: id != null,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

/** The school's repair settings (categories, time limits); the defaults until loaded or when not readable. */
export function useRepairSettings() {
  const q = useQuery({
    queryKey: repairKeys.settings,
    queryFn: ({ signal }) => api<SettingsView<RepairSettings>>('/settings/repairs', { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return { ...q, settings: q.data?.values ?? DEFAULT_REPAIR_SETTINGS };
}

export function useWorkers(enabled = true) {
  return useQuery({
    queryKey: repairKeys.workers,
    queryFn: async ({ signal }) => {
      const r = await api<{ items: RepairWorker[] } | RepairWorker[]>('/repairs/workers', { signal });
      return Array.isArray(r) ? r : r.items;
    },
    enabled,
    staleTime: 30_000,
  });
}

export function useInvalidateRepairs() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ queryKey: repairKeys.all }),
    qc.invalidateQueries({ queryKey: ['tasks'] }),
    qc.invalidateQueries({ queryKey: ['notifications'] }),
  ]);
}

export function useCreateRepair() {
  const invalidate = useInvalidateRepairs();
  return useMutation({
    mutationFn: (body: CreateRepairInput) => api<RepairOrder>('/repairs', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

/** One state change: dispatch, accept, complete, confirm, reopen, cancel. */
export function useRepairAction() {
  const invalidate = useInvalidateRepairs();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: RepairAction; body?: unknown }) =>
      api<RepairOrder>(`/repairs/${id}/${action}`, { method: 'POST', body: body ?? {} }),
    onSuccess: () => invalidate(),
  });
}

export function useCategoryRules(enabled = true) {
  return useQuery({
    queryKey: repairKeys.rules,
    queryFn: ({ signal }) => api<{ rules: CategoryRule[] }>('/repairs/rules', { signal }),
    enabled,
  });
}

export function useSaveCategoryRules() {
  const invalidate = useInvalidateRepairs();
  return useMutation({
    mutationFn: (rules: { category: string; assigneeId: number | null }[]) => api<{ rules: CategoryRule[] }>('/repairs/rules', { method: 'PUT', body: { rules } }),
    onSuccess: () => invalidate(),
  });
}

export function useRepairStats(q: Query, enabled = true) {
  return useQuery({
    queryKey: repairKeys.stats(q),
    queryFn: ({ signal }) => api<RepairStats>('/repairs/stats', { query: q, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRepairLog(q: Query, enabled = true) {
  return useQuery({
    queryKey: repairKeys.log(q),
    queryFn: ({ signal }) => api<RepairLog>('/repairs/log', { query: q, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePlans(q: Query = {}) {
  return useQuery({
    queryKey: repairKeys.plans(q),
    queryFn: async ({ signal }) => {
      const out: MaintenancePlan[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: PageOf<MaintenancePlan> = await api<PageOf<MaintenancePlan>>('/repairs/plans', { query: { ...q, limit: 200, cursor: cursor ?? undefined }, signal });
        out.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    },
  });
}

export function useSavePlan() {
  const invalidate = useInvalidateRepairs();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CreatePlanInput | UpdatePlanInput }) =>
      (id ? api<MaintenancePlan>(`/repairs/plans/${id}`, { method: 'PATCH', body }) : api<MaintenancePlan>('/repairs/plans', { method: 'POST', body })),
    onSuccess: () => invalidate(),
  });
}

export function useDeletePlan() {
  const invalidate = useInvalidateRepairs();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/repairs/plans/${id}`, { method: 'DELETE' }),
    onSuccess: () => invalidate(),
  });
}

/** Makes the plan's work order now (outside its schedule). */
export function useRunPlanNow() {
  const invalidate = useInvalidateRepairs();
  return useMutation({
    mutationFn: (id: number) => api<{ orderId: number }>(`/repairs/plans/${id}/run-now`, { method: 'POST' }),
    onSuccess: () => invalidate(),
  });
}
