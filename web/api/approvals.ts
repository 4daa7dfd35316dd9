import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApprovalAction, ApprovalDetail, ApprovalItem, ApprovalBox, ByDocumentAnswer, ChainRule, CollectiveDecisionInput,
  KindList, KindRules, ApprovalsSettings,
} from '../../contracts/approvals';
import { APPROVALS_SETTINGS_DEFAULTS } from '../../contracts/approvals';
import type { SettingsView } from '../../contracts/settings';
import { api, ApiError } from './client';
import { useList } from './hooks';

/** Every approvals query key starts with 'approvals': one invalidation refreshes every view. */
export const approvalKeys = {
  all: ['approvals'] as const,
  detail: (id: number) => ['approvals', 'detail', id] as const,
  byDocument: (kind: string, documentId: number) => ['approvals', 'byDocument', kind, documentId] as const,
  kinds: ['approvals', 'kinds'] as const,
  rules: ['approvals', 'rules'] as const,
  settings: ['approvals', 'settings'] as const,
};

/** One box of the inbox with keyset paging. */
export function useApprovalList(box: ApprovalBox, filters: { kind?: string; state?: string }) {
  return useList<ApprovalItem>('approvals', { box, kind: filters.kind, state: filters.state }, { limit: 20 });
}

const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export function useApproval(id: number | null) {
  return useQuery({
    queryKey: approvalKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api<ApprovalDetail>(`/approvals/${id}`, { signal }),
    enabled: id != null,
    retry: noRetry4xx,
  });
}

/** The approval of a document (null when none, or none this reader may see). */
export function useApprovalOfDocument(kind: string, documentId: number | null) {
  return useQuery({
    queryKey: approvalKeys.byDocument(kind, documentId ?? 0),
    queryFn: ({ signal }) => api<ByDocumentAnswer>('/approvals/by-document', { query: { kind, documentId }, signal }),
    enabled: documentId != null,
    retry: noRetry4xx,
  });
}

export function useApprovalKinds() {
  return useQuery({
    queryKey: approvalKeys.kinds,
    queryFn: ({ signal }) => api<KindList>('/approvals/kinds', { signal }),
    staleTime: 10 * 60_000,
  });
}

/** After a decision: the approval, the inbox, the document's own pages (they show its state), tasks and the bell. */
export function useInvalidateApprovals() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ queryKey: approvalKeys.all }),
    qc.invalidateQueries({ queryKey: ['tasks'] }),
    qc.invalidateQueries({ queryKey: ['notifications'] }),
  ]);
}

export function useDecide() {
  const invalidate = useInvalidateApprovals();
  return useMutation({
    mutationFn: (v: { id: number; action: ApprovalAction; comment?: string | null; stepId?: number | null }) =>
      api<ApprovalDetail>(`/approvals/${v.id}/${v.action}`, { method: 'POST', body: { comment: v.comment || null, ...(v.stepId ? { stepId: v.stepId } : {}) } }),
    // A refused decision (someone else was first) also changes what the page should show.
    onSettled: () => invalidate(),
  });
}

export function useRecordCollective() {
  const invalidate = useInvalidateApprovals();
  return useMutation({
    mutationFn: (v: { id: number; body: CollectiveDecisionInput }) => api<ApprovalDetail>(`/approvals/${v.id}/collective-decision`, { method: 'POST', body: v.body }),
    onSuccess: () => invalidate(),
  });
}

export function useApprovalRules(enabled = true) {
  return useQuery({
    queryKey: approvalKeys.rules,
    queryFn: ({ signal }) => api<{ items: KindRules[] }>('/approvals/rules', { signal }),
    enabled,
  });
}

export function useSaveRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { kind: string; rules: ChainRule[] | null; version: number }) => v.rules
      ? api<KindRules>(`/approvals/rules/${encodeURIComponent(v.kind)}`, { method: 'PUT', body: { rules: v.rules, version: v.version } })
      : api<KindRules>(`/approvals/rules/${encodeURIComponent(v.kind)}/reset`, { method: 'POST', body: { version: v.version } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: approvalKeys.rules }),
  });
}

/** The school's approvals setting (the collective-decision threshold). */
export function useApprovalsSettings() {
  const q = useQuery({
    queryKey: approvalKeys.settings,
    queryFn: ({ signal }) => api<SettingsView<ApprovalsSettings>>('/settings/approvals', { signal }),
    staleTime: 60_000,
    retry: false,
  });
  return { ...q, values: q.data?.values ?? APPROVALS_SETTINGS_DEFAULTS };
}

export function useSaveApprovalsSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { values: Partial<ApprovalsSettings>; version: number }) => api<SettingsView<ApprovalsSettings>>('/settings/approvals', { method: 'PATCH', body: v }),
    onSuccess: () => qc.invalidateQueries({ queryKey: approvalKeys.settings }),
  });
}
