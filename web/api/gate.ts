import { useInfiniteQuery, useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type {
  CheckStudentResult, CreateExitPassInput, CreateHandoverInput, CreateRouteInput, CreateShiftInput, CreateSwapInput, CreateVisitorInput,
  DutyNow, DutyPerson, ExitPass, FindVisitorInput, GateFigures, GateStudent, Handover, Patrol, PatrolDetail, PatrolFigures, PatrolRoute, PublicPass,
  Roster, ScanInput, Swap, SwapAction, UpdateRouteInput, VerifyResult, Visitor,
} from '../../contracts/safetyGate';
import { api, ApiError, type Query } from './client';
import type { PageOf } from './hooks';

/** The gate's, duty's and patrols' query keys start with 'gate': one invalidation refreshes every view. */
export const gateKeys = {
  all: ['gate'] as const,
  list: (res: string, q: Query) => ['gate', res, 'list', q] as const,
  pass: (id: number) => ['gate', 'pass', id] as const,
  visitor: (id: number) => ['gate', 'visitor', id] as const,
  patrol: (id: number) => ['gate', 'patrol', id] as const,
  roster: (q: Query) => ['gate', 'roster', q] as const,
  now: ['gate', 'duty-now'] as const,
  people: ['gate', 'people'] as const,
  routes: (q: Query) => ['gate', 'routes', q] as const,
  figures: (month: string) => ['gate', 'figures', month] as const,
  patrolFigures: (month: string) => ['gate', 'patrol-figures', month] as const,
  students: (q: Query) => ['gate', 'students', q] as const,
};

const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

function useGateList<T>(res: string, path: string, q: Query, opts: { enabled?: boolean; limit?: number; refetchInterval?: number } = {}) {
  return useInfiniteQuery({
    queryKey: gateKeys.list(res, q),
    queryFn: ({ pageParam, signal }) => api<PageOf<T>>(path, { query: { ...q, limit: opts.limit ?? 20, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval,
  });
}

export function useInvalidateGate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: gateKeys.all }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
}

function useGateMutation<I, O>(fn: (input: I) => Promise<O>) {
  const invalidate = useInvalidateGate();
  return useMutation({ mutationFn: fn, onSuccess: () => { void invalidate(); } });
}

/* ---------- Visitors ---------- */
export const useVisitors = (q: Query, opts: { enabled?: boolean; refetchInterval?: number } = {}) => useGateList<Visitor>('visitors', '/visitors', q, opts);
export const useCreateVisitor = () => useGateMutation((body: CreateVisitorInput) => api<Visitor>('/visitors', { method: 'POST', body }));
export const useCheckoutVisitor = () => useGateMutation((id: number) => api<Visitor>(`/visitors/${id}/checkout`, { method: 'POST', body: {} }));
export const useConfirmHost = () => useGateMutation((id: number) => api<Visitor>(`/visitors/${id}/confirm-host`, { method: 'POST', body: {} }));
export const useFindVisitor = () => useMutation({ mutationFn: (body: FindVisitorInput) => api<{ items: Visitor[] }>('/visitors/find-by-id', { method: 'POST', body }) });

/* ---------- Exit passes ---------- */
export const usePasses = (q: Query, opts: { enabled?: boolean } = {}) => useGateList<ExitPass>('passes', '/exit-passes', q, opts);
export function usePass(id: number | null) {
  return useQuery({ queryKey: gateKeys.pass(id ?? 0), queryFn: ({ signal }) => api<ExitPass>(`/exit-passes/${id}`, { signal }), enabled: id != null, retry: noRetry4xx });
}
/** The guardian's page (no login): the pass's live status, fetched again every 30 s. */
export function usePublicPass(token: string) {
  return useQuery({
    queryKey: ['public/pass', token], queryFn: ({ signal }) => api<PublicPass>(`/public/exit-passes/${encodeURIComponent(token)}`, { signal }),
    refetchInterval: 30_000, refetchOnWindowFocus: true, retry: noRetry4xx,
  });
}
export const useIssuePass = () => useGateMutation((body: CreateExitPassInput) => api<ExitPass>('/exit-passes', { method: 'POST', body }));
export const useVerifyPass = () => useGateMutation((code: string) => api<VerifyResult>('/exit-passes/verify', { method: 'POST', body: { code } }));
export const useCheckStudent = () => useMutation({ mutationFn: (studentId: number) => api<CheckStudentResult>('/exit-passes/check-student', { method: 'POST', body: { studentId } }) });
export const useReturnPass = () => useGateMutation((id: number) => api<ExitPass>(`/exit-passes/${id}/return`, { method: 'POST', body: {} }));
export const useCancelPass = () => useGateMutation(({ id, reason }: { id: number; reason: string }) => api<ExitPass>(`/exit-passes/${id}/cancel`, { method: 'POST', body: { reason } }));
export function useGateStudents(q: Query, enabled = true) {
  return useQuery({
    queryKey: gateKeys.students(q),
    queryFn: async ({ signal }) => (await api<{ items: GateStudent[] }>('/exit-passes/students', { query: q, signal })).items,
    enabled, staleTime: 60_000, placeholderData: keepPreviousData,
  });
}
export function useGateFigures(month: string, enabled = true) {
  return useQuery({ queryKey: gateKeys.figures(month), queryFn: ({ signal }) => api<GateFigures>('/gate/figures', { query: { month }, signal }), enabled });
}

/* ---------- Duty ---------- */
export function useRoster(q: Query) {
  return useQuery({ queryKey: gateKeys.roster(q), queryFn: ({ signal }) => api<Roster>('/duty/roster', { query: q, signal }), placeholderData: keepPreviousData });
}
export function useDutyNow(enabled = true) {
  return useQuery({ queryKey: gateKeys.now, queryFn: ({ signal }) => api<DutyNow>('/duty/now', { signal }), enabled, refetchInterval: 5 * 60_000 });
}
export function useDutyPeople(enabled = true) {
  return useQuery({ queryKey: gateKeys.people, queryFn: async ({ signal }) => (await api<{ items: DutyPerson[] }>('/duty/people', { signal })).items, enabled, staleTime: 5 * 60_000 });
}
export const useAddShift = () => useGateMutation((body: CreateShiftInput) => api<{ id: number }>('/duty/shifts', { method: 'POST', body }));
export const useRemoveShift = () => useGateMutation((id: number) => api<void>(`/duty/shifts/${id}`, { method: 'DELETE' }));
export const useCopyRoster = () => useGateMutation((body: { fromWeek: string; toWeek: string }) => api<{ copied: number; skipped: number }>('/duty/roster/copy', { method: 'POST', body }));
export const useHandovers = (q: Query) => useGateList<Handover>('handovers', '/duty/handovers', q);
export const useWriteHandover = () => useGateMutation((body: CreateHandoverInput) => api<Handover>('/duty/handovers', { method: 'POST', body }));
export const useConfirmHandover = () => useGateMutation(({ id, note }: { id: number; note?: string }) => api<Handover>(`/duty/handovers/${id}/confirm`, { method: 'POST', body: { note: note || null } }));
export const useSwaps = (q: Query) => useGateList<Swap>('swaps', '/duty/swaps', q);
export const useRequestSwap = () => useGateMutation((body: CreateSwapInput) => api<Swap>('/duty/swaps', { method: 'POST', body }));
export const useDecideSwap = () => useGateMutation(({ id, action, note }: { id: number; action: SwapAction; note?: string }) => api<Swap>(`/duty/swaps/${id}/${action}`, { method: 'POST', body: { note: note || null } }));

/* ---------- Patrols ---------- */
export function usePatrolRoutes(q: Query = {}) {
  return useQuery({ queryKey: gateKeys.routes(q), queryFn: async ({ signal }) => (await api<{ items: PatrolRoute[] }>('/patrols/routes', { query: q, signal })).items });
}
export const useCreateRoute = () => useGateMutation((body: CreateRouteInput) => api<PatrolRoute>('/patrols/routes', { method: 'POST', body }));
export const useUpdateRoute = () => useGateMutation(({ id, body }: { id: number; body: UpdateRouteInput }) => api<PatrolRoute>(`/patrols/routes/${id}`, { method: 'PATCH', body }));
export const usePatrols = (q: Query) => useGateList<Patrol>('patrols', '/patrols', q);
export function usePatrol(id: number | null) {
  return useQuery({ queryKey: gateKeys.patrol(id ?? 0), queryFn: ({ signal }) => api<PatrolDetail>(`/patrols/${id}`, { signal }), enabled: id != null, retry: noRetry4xx });
}
export const useStartPatrol = () => useGateMutation((routeId: number) => api<PatrolDetail>('/patrols', { method: 'POST', body: { routeId } }));
export const useScanCheckpoint = () => useGateMutation(({ id, body }: { id: number; body: ScanInput }) => api<PatrolDetail>(`/patrols/${id}/scan`, { method: 'POST', body }));
export const useFinishPatrol = () => useGateMutation(({ id, note }: { id: number; note?: string }) => api<PatrolDetail>(`/patrols/${id}/finish`, { method: 'POST', body: { note: note || null } }));
export function usePatrolFigures(month: string) {
  return useQuery({ queryKey: gateKeys.patrolFigures(month), queryFn: ({ signal }) => api<PatrolFigures>('/patrols/figures', { query: { month }, signal }), placeholderData: keepPreviousData });
}
