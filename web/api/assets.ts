import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import {
  DEFAULT_ASSETS_SETTINGS,
  type Asset, type AssetClass, type AssetDetail, type AssetPerson, type AssetsSettings, type BulkTransferInput, type CreateAssetClassInput,
  type CreateAssetInput, type DepreciationRun, type ImportJob, type ImportMapping, type ImportUpload, type Ledger, type TransferInput,
  type UpdateAssetClassInput, type UpdateAssetInput,
} from '../../contracts/assets';
import type { SettingsView } from '../../contracts/settings';
import { api, ApiError, upload, type Query } from './client';
import { useList } from './hooks';

/** The register's query keys all start with 'assets': one invalidation refreshes every view. */
export const assetKeys = {
  all: ['assets'] as const,
  detail: (id: number) => ['assets', 'detail', id] as const,
  byCode: (code: string) => ['assets', 'code', code] as const,
  classes: ['assets', 'classes'] as const,
  people: ['assets', 'people'] as const,
  settings: ['assets', 'settings'] as const,
  ledger: (q: Query) => ['assets', 'ledger', q] as const,
  runs: ['assets', 'runs'] as const,
  job: (id: number) => ['assets', 'import', id] as const,
};

const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

/** The register with keyset paging (filters as the API names them). */
export function useAssetList(q: Query, opts: { enabled?: boolean; limit?: number } = {}) {
  return useList<Asset>('assets', q, opts);
}

export function useAsset(id: number | null) {
  return useQuery({
    queryKey: assetKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api<AssetDetail>(`/assets/${id}`, { signal }),
    enabled: id != null,
    retry: noRetry4xx,
  });
}

/** A card by its code (the label's QR code). */
export function useAssetByCode(code: string | null) {
  return useQuery({
    queryKey: assetKeys.byCode(code ?? ''),
    queryFn: ({ signal }) => api<AssetDetail>(`/assets/by-code/${encodeURIComponent(code!)}`, { signal }),
    enabled: !!code,
    retry: noRetry4xx,
  });
}

export function useAssetClasses(enabled = true) {
  return useQuery({
    queryKey: assetKeys.classes,
    queryFn: async ({ signal }) => (await api<{ items: AssetClass[] }>('/assets/classes', { signal })).items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useAssetPeople(enabled = true) {
  return useQuery({
    queryKey: assetKeys.people,
    queryFn: async ({ signal }) => (await api<{ items: AssetPerson[] }>('/assets/people', { signal })).items,
    staleTime: 60_000,
    enabled,
  });
}

export function useAssetsSettings() {
  const q = useQuery({
    queryKey: assetKeys.settings,
    queryFn: ({ signal }) => api<SettingsView<AssetsSettings>>('/settings/assets', { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return { ...q, settings: q.data?.values ?? DEFAULT_ASSETS_SETTINGS };
}

export function useInvalidateAssets() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: assetKeys.all });
}

export function useCreateAsset() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: (body: CreateAssetInput) => api<AssetDetail>('/assets', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateAsset() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateAssetInput }) => api<AssetDetail>(`/assets/${id}`, { method: 'PATCH', body }),
    onSuccess: () => invalidate(),
  });
}

export function useTransfer() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: (v: { id: number; body: TransferInput } | { bulk: BulkTransferInput }) => ('bulk' in v
      ? api<{ moved: number }>('/assets/transfer', { method: 'POST', body: v.bulk })
      : api<AssetDetail>(`/assets/${v.id}/transfer`, { method: 'POST', body: v.body }).then(() => ({ moved: 1 }))),
    onSuccess: () => invalidate(),
  });
}

export function useSaveClass() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CreateAssetClassInput | UpdateAssetClassInput }) =>
      (id ? api<AssetClass>(`/assets/classes/${id}`, { method: 'PATCH', body }) : api<AssetClass>('/assets/classes', { method: 'POST', body })),
    onSuccess: () => invalidate(),
  });
}

// ── Import ──

export const uploadImport = (file: File, onProgress?: (p: number) => void) => upload<ImportUpload>('/assets/import', file, {}, onProgress);

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, mapping, dryRun }: { jobId: number; mapping: ImportMapping; dryRun: boolean }) =>
      api<ImportJob>(`/assets/import/${jobId}/run`, { method: 'POST', body: { mapping, dryRun } }),
    // The answer is the queued job: polling starts from it (not from the last run's finished state).
    onSuccess: (job) => qc.setQueryData(assetKeys.job(job.id), job),
  });
}

/** The job, polled every half second while it is queued or running. */
export function useImportJob(id: number | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: assetKeys.job(id ?? 0),
    queryFn: async ({ signal }) => {
      const j = await api<ImportJob>(`/assets/import/${id}`, { signal });
      if (j.state === 'done') void qc.invalidateQueries({ queryKey: ['assets', 'list'] });
      return j;
    },
    enabled: id != null,
    refetchInterval: (q) => (q.state.data && ['queued', 'running'].includes(q.state.data.state) ? 500 : false),
  });
}

// ── Depreciation and the ledger ──

export function useLedger(q: Query) {
  return useQuery({
    queryKey: assetKeys.ledger(q),
    queryFn: ({ signal }) => api<Ledger>('/assets/ledger', { query: q, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDepreciationRuns() {
  return useQuery({
    queryKey: assetKeys.runs,
    queryFn: async ({ signal }) => (await api<{ items: DepreciationRun[] }>('/assets/depreciation/runs', { signal })).items,
  });
}

export function useRunDepreciation() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: (month: string) => api<DepreciationRun>('/assets/depreciation/run', { method: 'POST', body: { month } }),
    onSuccess: () => invalidate(),
  });
}

/** Money in fen as yuan: 12,345.60 */
export const yuan = (fen: number | null | undefined) => (fen == null ? '' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
