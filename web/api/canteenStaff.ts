import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type {
  AssignInput, BulkMorningCheckInput, CanteenStaff, CanteenStaffDetail, CanteenStaffSettings, CreateCanteenStaffInput, CreateCertInput, DayChecks,
  LiftStopInput, MorningCheck, MorningCheckInput, Roster, SelfCheckDay, ServiceStop, StaffCandidate, StaffDay, UpdateCanteenStaffInput,
  UpdateCertInput, UpdateMorningCheckInput,
} from '../../contracts/canteenStaff';
import { DEFAULT_CANTEEN_STAFF_SETTINGS } from '../../contracts/canteenStaff';
import type { SettingsView } from '../../contracts/settings';
import { api, ApiError, type Query } from './client';

/*
 * Canteen staff: the staff list and certificates, morning checks, the day's roster, self-checks and
 * service stops. Every query key starts with 'canteen/staff' so one invalidation refreshes them all
 * (and the meals part's board, whose keys start with 'canteen/').
 */

const P = '/canteen/staff';
const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

function useGet<T>(key: readonly unknown[], path: string, query?: Query, enabled = true) {
  return useQuery({ queryKey: key, queryFn: ({ signal }) => api<T>(path, { query, signal }), enabled, retry: noRetry4xx, placeholderData: keepPreviousData });
}

export function useInvalidateCanteen() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('canteen/') }),
    qc.invalidateQueries({ queryKey: ['notifications'] }),
    qc.invalidateQueries({ queryKey: ['tasks'] }),
  ]);
}

export const useStaffList = (q: Query) => useGet<{ items: CanteenStaff[]; nextCursor: string | null }>(['canteen/staff/list', q], P, { limit: 200, ...q });
export const useStaffDetail = (id: number | null) => useGet<CanteenStaffDetail>(['canteen/staff/detail', id], `${P}/${id}`, undefined, id !== null);
export const useCandidates = (q: string, enabled: boolean) => useGet<{ items: StaffCandidate[] }>(['canteen/staff/candidates', q], `${P}/candidates`, { q }, enabled);
export const useDayChecks = (date?: string) => useGet<DayChecks>(['canteen/staff/checks', date ?? null], `${P}/checks`, { date });
export const useRoster = (date?: string) => useGet<Roster>(['canteen/staff/roster', date ?? null], `${P}/roster`, { date });
export const useStaffDay = (date?: string) => useGet<StaffDay>(['canteen/staff/day', date ?? null], `${P}/day`, { date });
export const useSelfCheckDay = (date?: string) => useGet<SelfCheckDay>(['canteen/staff/self-check', date ?? null], `${P}/self-check`, { date });
export const useStops = () => useGet<{ items: ServiceStop[] }>(['canteen/staff/stops'], `${P}/stops`, { limit: 30 });

export function useStaffSettings() {
  const q = useGet<SettingsView>(['canteen/staff/settings'], '/settings/canteenStaff');
  return { ...q, values: (q.data?.values as CanteenStaffSettings | undefined) ?? DEFAULT_CANTEEN_STAFF_SETTINGS };
}

function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const invalidate = useInvalidateCanteen();
  return useMutation({ mutationFn: fn, onSuccess: () => { void invalidate(); } });
}

export const useCreateStaff = () => useWrite((b: CreateCanteenStaffInput) => api<CanteenStaffDetail>(P, { method: 'POST', body: b }));
export const useUpdateStaff = () => useWrite(({ id, ...b }: Partial<UpdateCanteenStaffInput> & { id: number; version: number }) => api<CanteenStaffDetail>(`${P}/${id}`, { method: 'PATCH', body: b }));
export const useAddCert = () => useWrite(({ staffId, ...b }: CreateCertInput & { staffId: number }) => api<CanteenStaffDetail>(`${P}/${staffId}/certificates`, { method: 'POST', body: b }));
export const useUpdateCert = () => useWrite(({ id, ...b }: Partial<UpdateCertInput> & { id: number; version: number }) => api<CanteenStaffDetail>(`${P}/certificates/${id}`, { method: 'PATCH', body: b }));
export const useRecordCheck = () => useWrite((b: Partial<MorningCheckInput> & { staffId: number }) => api<MorningCheck>(`${P}/checks`, { method: 'POST', body: b }));
export const useUpdateCheck = () => useWrite(({ id, ...b }: Partial<UpdateMorningCheckInput> & { id: number; version: number }) => api<MorningCheck>(`${P}/checks/${id}`, { method: 'PATCH', body: b }));
export const useBulkPass = () => useWrite((b: BulkMorningCheckInput) => api<{ created: number; skipped: number }>(`${P}/checks/bulk`, { method: 'POST', body: b }));
export const useAssignPosts = () => useWrite((b: AssignInput) => api<Roster>(`${P}/roster`, { method: 'POST', body: b }));
export const useLiftStop = () => useWrite(({ id, ...b }: LiftStopInput & { id: number }) => api<ServiceStop>(`${P}/stops/${id}/lift`, { method: 'POST', body: b }));
export const useStartInspection = () => useWrite((b: { templateId: number; zone: string }) => api<{ id: number }>('/inspections', { method: 'POST', body: b }));
