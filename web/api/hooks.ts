import { useInfiniteQuery, useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type { Me } from '../../contracts/auth';
import type { HistoryEntry, ImportReport } from '../../contracts/common';
import type { Building, Campus, Department, Location, OrgSummary, School, SchoolClass, Student, User } from '../../contracts/org';
import type { ChainReport } from '../../contracts/audit';
import { api, ApiError, type Query } from './client';

/** The org resources and their record types, as the API names them. */
export interface ResourceTypes {
  campuses: Campus;
  buildings: Building;
  locations: Location;
  departments: Department;
  classes: SchoolClass;
  students: Student;
  users: User;
}
export type ResourceName = keyof ResourceTypes;
export type AnyRecord = { id: number; active: boolean; version: number; [k: string]: unknown };

export interface PageOf<T> { items: T[]; nextCursor: string | null }

export const keys = {
  me: ['me'] as const,
  summary: (schoolId?: number) => ['summary', schoolId ?? null] as const,
  list: (res: string, q: Query) => [res, 'list', q] as const,
  all: (res: string, q: Query) => [res, 'all', q] as const,
  detail: (res: string, id: number) => [res, 'detail', id] as const,
  history: (res: string, id: number) => [res, 'history', id] as const,
};

/** The person logged in, or null when there is no session. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: keys.me,
    queryFn: async () => {
      try { return await api<Me>('/auth/me'); } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** One list with keyset paging: pages accumulate as the user loads more. */
export function useList<T = AnyRecord>(res: string, q: Query, opts: { enabled?: boolean; limit?: number } = {}) {
  return useInfiniteQuery({
    queryKey: keys.list(res, q),
    queryFn: ({ pageParam, signal }) => api<PageOf<T>>(`/${res}`, { query: { ...q, limit: opts.limit ?? 50, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/** Every row of a (small) list, page after page: lookups, pickers and the location tree. */
export function useAll<T = AnyRecord>(res: string, q: Query = {}, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.all(res, q),
    queryFn: async ({ signal }) => {
      const out: T[] = [];
      let cursor: string | null = null;
      // A school has hundreds of rooms and staff, not tens of thousands: 50 pages of 200 is a safe ceiling.
      for (let i = 0; i < 50; i++) {
        const page: PageOf<T> = await api<PageOf<T>>(`/${res}`, { query: { ...q, limit: 200, cursor: cursor ?? undefined }, signal });
        out.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    },
    staleTime: 60_000,
    enabled: opts.enabled ?? true,
  });
}

export function useRecord<T = AnyRecord>(res: string, id: number | null) {
  return useQuery({
    queryKey: keys.detail(res, id ?? 0),
    queryFn: ({ signal }) => api<T>(`/${res}/${id}`, { signal }),
    enabled: id != null,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useHistory(res: string, id: number | null) {
  return useQuery({
    queryKey: keys.history(res, id ?? 0),
    queryFn: ({ signal }) => api<{ items: HistoryEntry[] }>(`/${res}/${id}/history`, { signal }),
    enabled: id != null,
  });
}

export function useSummary(schoolId?: number, enabled = true) {
  return useQuery({
    queryKey: keys.summary(schoolId),
    queryFn: ({ signal }) => api<OrgSummary>('/org/summary', { query: { schoolId }, signal }),
    enabled,
  });
}

export function useSchools(enabled = true) {
  return useQuery({
    queryKey: ['schools'],
    queryFn: ({ signal }) => api<PageOf<School>>('/schools', { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** After a write, every view of the resource (and the home figures) is refreshed. */
export function useInvalidate() {
  const qc = useQueryClient();
  return (res: string) => Promise.all([
    qc.invalidateQueries({ queryKey: [res] }),
    qc.invalidateQueries({ queryKey: ['summary'] }),
    qc.invalidateQueries({ queryKey: ['audit'] }),
  ]);
}

export function useSave<T = AnyRecord>(res: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      id ? api<T>(`/${res}/${id}`, { method: 'PATCH', body }) : api<T>(`/${res}`, { method: 'POST', body }),
    onSuccess: () => invalidate(res),
  });
}

export function useSetActive(res: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) => api<AnyRecord>(`/${res}/${id}/${active ? 'activate' : 'deactivate'}`, { method: 'POST' }),
    onSuccess: () => invalidate(res),
  });
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => api<ChainReport>('/audit/verify') });
}

export type { ImportReport, HistoryEntry };
