import { useMutation, useQuery, keepPreviousData } from '@tanstack/react-query';
import type { RectAction, Rectification, RectificationDetail } from '../../contracts/inspections';
import type { MonthlyReportAnswer, ReportHazardInput, SubmittedReport, SubmittedReportDetail } from '../../contracts/safetyHazards';
import { api, ApiError, type Query } from './client';
import { useList } from './hooks';
import { useInvalidateInspections } from './inspections';

export const hazardKeys = {
  detail: (id: number) => ['hazards', 'detail', id] as const,
  monthly: (month: string, schoolId?: number) => ['hazards', 'monthly', month, schoolId ?? 0] as const,
  submitted: (id: number) => ['hazards', 'submitted', id] as const,
};

/** Hazards (the safety domain's rectifications) with keyset paging. */
export function useHazardList(q: Query, opts: { enabled?: boolean; limit?: number } = {}) {
  return useList<Rectification>('hazards', q, opts);
}

export function useHazard(id: number | null) {
  return useQuery({
    queryKey: hazardKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api<RectificationDetail>(`/hazards/${id}`, { signal }),
    enabled: id != null,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useReportHazard() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: (body: ReportHazardInput) => api<RectificationDetail>('/hazards', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

/** One step on a hazard: assign, rectify, verify, reject. */
export function useHazardAction() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: RectAction; body: unknown }) =>
      api<RectificationDetail>(`/hazards/${id}/${action}`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useMonthlyReport(month: string, schoolId?: number) {
  return useQuery({
    queryKey: hazardKeys.monthly(month, schoolId),
    queryFn: ({ signal }) => api<MonthlyReportAnswer>('/reports/hazards/monthly', { query: { month, schoolId }, signal }),
    placeholderData: keepPreviousData,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useSubmitMonthly() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: (body: { month: string; note?: string | null }) => api<SubmittedReportDetail>('/reports/hazards/monthly/submit', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useSubmittedList(q: Query) {
  return useList<SubmittedReport>('reports/hazards/submitted', q, { limit: 50 });
}

export function useSubmitted(id: number | null) {
  return useQuery({
    queryKey: hazardKeys.submitted(id ?? 0),
    queryFn: ({ signal }) => api<SubmittedReportDetail>(`/reports/hazards/submitted/${id}`, { signal }),
    enabled: id != null,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}
