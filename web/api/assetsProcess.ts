import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type {
  CountResult, CreateDamageInput, CreateDisposalInput, CreateStocktakeInput, DamageDetail, DamagePayment, DamageReport, DamageSettings, Disposal,
  DisposalDetail, OutstandingStudent, PartyOption, Stocktake, StocktakeDetail, StocktakeLine, StocktakeReport, StocktakeRoom, StocktakeSurplus, UpdateStocktakeInput,
} from '../../contracts/assetsProcess';
import { DEFAULT_DAMAGE_SETTINGS } from '../../contracts/assetsProcess';
import type { SettingsView } from '../../contracts/settings';
import { api, ApiError, type Query } from './client';
import { useList, type PageOf } from './hooks';

/** Query keys of the asset processes; a write refreshes the module's views and the register's. */
export const processKeys = {
  stocktakes: ['stocktakes'] as const,
  stocktake: (id: number) => ['stocktakes', 'detail', id] as const,
  rooms: (id: number) => ['stocktakes', 'rooms', id] as const,
  lines: (id: number, q: Query) => ['stocktakes', 'lines', id, q] as const,
  surplus: (id: number, locationId?: number) => ['stocktakes', 'surplus', id, locationId ?? null] as const,
  report: (id: number) => ['stocktakes', 'report', id] as const,
  damage: ['damage-reports'] as const,
  damageOne: (id: number) => ['damage-reports', 'detail', id] as const,
  disposals: ['disposals'] as const,
  disposal: (id: number) => ['disposals', 'detail', id] as const,
};

const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

function useInvalidateProcess() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ queryKey: ['stocktakes'] }),
    qc.invalidateQueries({ queryKey: ['damage-reports'] }),
    qc.invalidateQueries({ queryKey: ['disposals'] }),
    qc.invalidateQueries({ queryKey: ['assets'] }),
    qc.invalidateQueries({ queryKey: ['approvals'] }),
    qc.invalidateQueries({ queryKey: ['tasks'] }),
  ]);
}

/* ───────────── Stocktakes ───────────── */

export const useStocktakeList = (q: Query) => useList<Stocktake>('stocktakes', q);

export function useStocktake(id: number | null) {
  return useQuery({
    queryKey: processKeys.stocktake(id ?? 0),
    queryFn: ({ signal }) => api<StocktakeDetail>(`/stocktakes/${id}`, { signal }),
    enabled: id != null, retry: noRetry4xx,
  });
}

export function useStocktakeRooms(id: number, enabled = true) {
  return useQuery({
    queryKey: processKeys.rooms(id),
    queryFn: async ({ signal }) => (await api<{ items: StocktakeRoom[] }>(`/stocktakes/${id}/rooms`, { signal })).items,
    enabled,
  });
}

/** Every line of a room (a room holds tens of assets, not thousands: a few pages at most). */
export function useRoomLines(id: number, locationId: number | null) {
  return useQuery({
    queryKey: processKeys.lines(id, { locationId: locationId ?? 0 }),
    queryFn: async ({ signal }) => {
      const out: StocktakeLine[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: PageOf<StocktakeLine> = await api<PageOf<StocktakeLine>>(`/stocktakes/${id}/lines`, { query: { locationId: locationId ?? undefined, limit: 500, cursor: cursor ?? undefined }, signal });
        out.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    },
    enabled: locationId != null,
  });
}

export function useSurplus(id: number, locationId?: number) {
  return useQuery({
    queryKey: processKeys.surplus(id, locationId),
    queryFn: async ({ signal }) => (await api<{ items: StocktakeSurplus[] }>(`/stocktakes/${id}/surplus`, { query: { locationId }, signal })).items,
  });
}

export function useStocktakeReport(id: number) {
  return useQuery({
    queryKey: processKeys.report(id),
    queryFn: ({ signal }) => api<StocktakeReport>(`/stocktakes/${id}/report`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSaveStocktake() {
  const invalidate = useInvalidateProcess();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CreateStocktakeInput | UpdateStocktakeInput }) =>
      (id ? api<StocktakeDetail>(`/stocktakes/${id}`, { method: 'PATCH', body }) : api<StocktakeDetail>('/stocktakes', { method: 'POST', body })),
    onSuccess: () => invalidate(),
  });
}

/** A step of the stocktake: start, end-counting, resume-counting, cancel, close. */
export function useStocktakeStep() {
  const invalidate = useInvalidateProcess();
  return useMutation({
    mutationFn: ({ id, step, body }: { id: number; step: 'start' | 'end-counting' | 'resume-counting' | 'cancel' | 'close'; body?: unknown }) =>
      api<StocktakeDetail>(`/stocktakes/${id}/${step}`, { method: 'POST', body: body ?? {} }),
    onSuccess: () => invalidate(),
  });
}

/** A tick or a scan; only the stocktake's own views are refreshed (counting is fast and frequent). */
export function useCount(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { locationId: number; assetId?: number; code?: string }) => api<CountResult>(`/stocktakes/${id}/count`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stocktakes'] }),
  });
}
export function useUncount(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (assetId: number) => api<{ line: StocktakeLine | null; changed: boolean }>(`/stocktakes/${id}/uncount`, { method: 'POST', body: { assetId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stocktakes'] }),
  });
}
export function useAddSurplus(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { locationId: number; name: string; description?: string | null; photoIds: string[] }) =>
      api<StocktakeSurplus>(`/stocktakes/${id}/surplus`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stocktakes'] }),
  });
}
export function useResolve(id: number) {
  const invalidate = useInvalidateProcess();
  return useMutation({
    mutationFn: (body: { lineIds?: number[]; surplusIds?: number[]; resolution: string; note?: string | null; asset?: Record<string, unknown> }) =>
      api<{ resolved: number; disposalId: number | null; assetId: number | null }>(`/stocktakes/${id}/resolve`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

/* ───────────── Damage and compensation ───────────── */

export const useDamageList = (q: Query) => useList<DamageReport>('damage-reports', q);

export function useDamage(id: number | null) {
  return useQuery({
    queryKey: processKeys.damageOne(id ?? 0),
    queryFn: ({ signal }) => api<DamageDetail>(`/damage-reports/${id}`, { signal }),
    enabled: id != null, retry: noRetry4xx,
  });
}

export function useOutstandingStudents(enabled = true) {
  return useQuery({
    queryKey: ['damage-reports', 'outstanding-students'],
    queryFn: async ({ signal }) => (await api<{ items: OutstandingStudent[] }>('/damage-reports/outstanding-students', { signal })).items,
    enabled,
  });
}

export function usePayments(q: Query) {
  return useQuery({
    queryKey: ['damage-reports', 'payments', q],
    queryFn: ({ signal }) => api<PageOf<DamagePayment> & { totalFen: number; count: number }>('/damage-reports/payments', { query: { ...q, limit: 200 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDamageSettings() {
  const q = useQuery({
    queryKey: ['damage-reports', 'settings'],
    queryFn: ({ signal }) => api<SettingsView<DamageSettings>>('/settings/damage', { signal }),
    staleTime: 5 * 60_000, retry: false,
  });
  return { ...q, settings: q.data?.values ?? DEFAULT_DAMAGE_SETTINGS };
}

export function useCreateDamage() {
  const invalidate = useInvalidateProcess();
  return useMutation({
    mutationFn: (body: CreateDamageInput) => api<DamageDetail>('/damage-reports', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

/** A step on a report: payments, waiver, waiver/withdraw, cancel, or an edit (PATCH). */
export function useDamageAction() {
  const invalidate = useInvalidateProcess();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: 'payments' | 'waiver' | 'waiver/withdraw' | 'cancel' | 'edit'; body?: unknown }) =>
      (action === 'edit'
        ? api<DamageDetail>(`/damage-reports/${id}`, { method: 'PATCH', body })
        : api<DamageDetail>(`/damage-reports/${id}/${action}`, { method: 'POST', body: body ?? {} })),
    onSuccess: () => invalidate(),
  });
}

/* ───────────── Disposal ───────────── */

export const useDisposalList = (q: Query) => useList<Disposal>('disposals', q);

export function useDisposal(id: number | null) {
  return useQuery({
    queryKey: processKeys.disposal(id ?? 0),
    queryFn: ({ signal }) => api<DisposalDetail>(`/disposals/${id}`, { signal }),
    enabled: id != null, retry: noRetry4xx,
  });
}

export function useCreateDisposal() {
  const invalidate = useInvalidateProcess();
  return useMutation({
    mutationFn: (body: CreateDisposalInput) => api<DisposalDetail>('/disposals', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useDisposalAction() {
  const invalidate = useInvalidateProcess();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: 'resubmit' | 'withdraw' | 'carry-out' | 'edit'; body?: unknown }) =>
      (action === 'edit'
        ? api<DisposalDetail>(`/disposals/${id}`, { method: 'PATCH', body })
        : api<DisposalDetail>(`/disposals/${id}/${action}`, { method: 'POST', body: body ?? {} })),
    onSuccess: () => invalidate(),
  });
}

/* ───────────── Names for the forms ───────────── */

/** Students, classes or staff by name (responsible party, who took the money). */
export function useParties(type: 'student' | 'class' | 'staff', q: string, enabled = true) {
  return useQuery({
    queryKey: ['damage-reports', 'parties', type, q],
    queryFn: async ({ signal }) => (await api<{ items: PartyOption[] }>('/damage-reports/parties', { query: { type, q, limit: 30 }, signal })).items,
    enabled, placeholderData: keepPreviousData, staleTime: 30_000,
  });
}

/** Staff to choose counters from. */
export function useStocktakePeople(q: string, enabled = true) {
  return useQuery({
    queryKey: ['stocktakes', 'people', q],
    queryFn: async ({ signal }) => (await api<{ items: PartyOption[] }>('/stocktakes/people', { query: { q, limit: 50 }, signal })).items,
    enabled, placeholderData: keepPreviousData, staleTime: 30_000,
  });
}
