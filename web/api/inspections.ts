import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Assignee, CreateInspectionInput, CreateTemplateInput, Inspection, InspectionDetail, InspectionTemplate, PatchInspectionInput, Rectification,
  TemplateDetail, UpdateTemplateInput,
} from '../../contracts/inspections';
import { api, ApiError, type Query } from './client';
import { useList, type PageOf } from './hooks';

/** The engine's query keys: templates, inspections, rectifications (hazards are a domain's view of them). */
export const inspectionKeys = {
  templates: (q: Query) => ['inspection-templates', q] as const,
  template: (id: number, revision?: number) => ['inspection-templates', 'detail', id, revision ?? 0] as const,
  inspection: (id: number) => ['inspections', 'detail', id] as const,
  assignees: ['rectifications', 'assignees'] as const,
};

export function useInvalidateInspections() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ queryKey: ['inspections'] }),
    qc.invalidateQueries({ queryKey: ['inspection-templates'] }),
    qc.invalidateQueries({ queryKey: ['rectifications'] }),
    qc.invalidateQueries({ queryKey: ['hazards'] }),
    qc.invalidateQueries({ queryKey: ['reports/hazards/submitted'] }),
    qc.invalidateQueries({ queryKey: ['tasks'] }),
    qc.invalidateQueries({ queryKey: ['notifications'] }),
  ]);
}

const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export function useTemplates(q: Query = {}) {
  return useQuery({
    queryKey: inspectionKeys.templates(q),
    queryFn: ({ signal }) => api<PageOf<InspectionTemplate>>('/inspection-templates', { query: q, signal }),
    staleTime: 30_000,
  });
}

export function useTemplate(id: number | null, revision?: number) {
  return useQuery({
    queryKey: inspectionKeys.template(id ?? 0, revision),
    queryFn: ({ signal }) => api<TemplateDetail>(`/inspection-templates/${id}`, { query: { revision }, signal }),
    enabled: id != null,
    retry: noRetryOn4xx,
  });
}

export function useSaveTemplate() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CreateTemplateInput | UpdateTemplateInput }) =>
      id ? api<TemplateDetail>(`/inspection-templates/${id}`, { method: 'PATCH', body }) : api<TemplateDetail>('/inspection-templates', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useInspectionList(q: Query, opts: { enabled?: boolean; limit?: number } = {}) {
  return useList<Inspection>('inspections', q, opts);
}

export function useInspection(id: number | null) {
  return useQuery({
    queryKey: inspectionKeys.inspection(id ?? 0),
    queryFn: ({ signal }) => api<InspectionDetail>(`/inspections/${id}`, { signal }),
    enabled: id != null,
    retry: noRetryOn4xx,
  });
}

export function useStartInspection() {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: (body: CreateInspectionInput) => api<InspectionDetail>('/inspections', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

/** Saves results as the inspector walks (the answer is the inspection as it now stands). */
export function useSaveResults(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PatchInspectionInput) => api<InspectionDetail>(`/inspections/${id}`, { method: 'PATCH', body }),
    onSuccess: (data) => { qc.setQueryData(inspectionKeys.inspection(id), data); },
  });
}

export function useSubmitInspection(id: number) {
  const invalidate = useInvalidateInspections();
  return useMutation({
    mutationFn: (version?: number) => api<InspectionDetail>(`/inspections/${id}/submit`, { method: 'POST', body: { version } }),
    onSuccess: () => invalidate(),
  });
}

export function useRectificationList(q: Query, opts: { enabled?: boolean; limit?: number } = {}) {
  return useList<Rectification>('rectifications', q, opts);
}

/** People a rectification may be given to. */
export function useAssignees(enabled = true) {
  return useQuery({
    queryKey: inspectionKeys.assignees,
    queryFn: async ({ signal }) => (await api<{ items: Assignee[] }>('/rectifications/assignees', { signal })).items,
    enabled,
    staleTime: 60_000,
  });
}
