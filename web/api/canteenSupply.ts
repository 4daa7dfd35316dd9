import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type {
  CostMonth, CreateIntakeInput, CreateSupplierInput, Intake, IntakeDetail, MealCount, MealCountInput, Supplier, SupplierDetail,
  UpdateIntakeInput, UpdateSupplierInput, Usage, CanteenSupplySettings,
} from '../../contracts/canteenSupply';
import { DEFAULT_CANTEEN_SUPPLY_SETTINGS } from '../../contracts/canteenSupply';
import type { SettingsView } from '../../contracts/settings';
import { api, ApiError, type Query } from './client';
import { useList } from './hooks';

/*
 * Canteen supply: suppliers, intakes, store usage, meal counts, the month's account. Every query key
 * starts with 'canteen/supply' (or a list path under canteen/) so one invalidation refreshes them all.
 */

const P = 'canteen';
const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;
const KEYS = ['canteen/suppliers', 'canteen/intakes', 'canteen/usage', 'canteen/supply'];

export interface StoreBatch { itemId: number; intakeId: number; receivedOn: string; supplierName: string; name: string; spec: string | null; unit: string; unitPriceFen: number; quantity: number; remaining: number; expiresOn: string | null }

export function useInvalidateSupply() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && KEYS.some((k) => (q.queryKey[0] as string).startsWith(k)) }),
    qc.invalidateQueries({ queryKey: ['audit'] }),
  ]);
}

function useGet<T>(key: readonly unknown[], path: string, query?: Query, enabled = true) {
  return useQuery({ queryKey: key, queryFn: ({ signal }) => api<T>(path, { query, signal }), enabled, retry: noRetry4xx, placeholderData: keepPreviousData });
}

// ── Suppliers ──
export const useSupplierList = (q: Query) => useList<Supplier>(`${P}/suppliers`, q, { limit: 50 });
export const useSupplierOptions = () => useGet<{ items: Supplier[] }>(['canteen/supply', 'supplierOptions'], `/${P}/suppliers`, { limit: 200 });
export const useSupplier = (id: number | undefined) => useGet<SupplierDetail>(['canteen/supply', 'supplier', id], `/${P}/suppliers/${id}`, undefined, !!id);

export function useSaveSupplier() {
  const invalidate = useInvalidateSupply();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CreateSupplierInput | UpdateSupplierInput }) =>
      id ? api<SupplierDetail>(`/${P}/suppliers/${id}`, { method: 'PATCH', body }) : api<SupplierDetail>(`/${P}/suppliers`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

// ── Intakes ──
export const useIntakeList = (q: Query) => useList<Intake>(`${P}/intakes`, q, { limit: 30 });
export const useIntake = (id: number | undefined) => useGet<IntakeDetail>(['canteen/supply', 'intake', id], `/${P}/intakes/${id}`, undefined, !!id);
export const useInspectorChoices = () => useGet<{ items: { id: number; name: string }[] }>(['canteen/supply', 'inspectors'], `/${P}/intakes/inspectors`);

export function useSaveIntake() {
  const invalidate = useInvalidateSupply();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CreateIntakeInput | UpdateIntakeInput }) =>
      id ? api<IntakeDetail>(`/${P}/intakes/${id}`, { method: 'PUT', body }) : api<IntakeDetail>(`/${P}/intakes`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}
export function useDeleteIntake() {
  const invalidate = useInvalidateSupply();
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) => api<void>(`/${P}/intakes/${id}`, { method: 'DELETE', query: { version } }),
    onSuccess: () => invalidate(),
  });
}

// ── Usage ──
export const useStoreBatches = (q: Query) => useGet<{ items: StoreBatch[] }>(['canteen/supply', 'batches', q], `/${P}/intakes/store-batches`, q);
export const useUsageList = (q: Query) => useList<Usage>(`${P}/usage`, q, { limit: 50 });
export function useCreateUsage() {
  const invalidate = useInvalidateSupply();
  return useMutation({
    mutationFn: (body: { usedOn: string; itemId: number; quantity: number; note?: string | null }) => api<{ id: number }>(`/${P}/usage`, { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}
export function useDeleteUsage() {
  const invalidate = useInvalidateSupply();
  return useMutation({ mutationFn: (id: number) => api<void>(`/${P}/usage/${id}`, { method: 'DELETE' }), onSuccess: () => invalidate() });
}

// ── Meal counts ──
export const useMealCounts = (q: { from: string; to: string; schoolId?: number }) =>
  useGet<{ items: MealCount[] }>(['canteen/supply', 'mealCounts', q], `/${P}/meal-counts`, q);
export function useSaveMealCount() {
  const invalidate = useInvalidateSupply();
  return useMutation({ mutationFn: (body: MealCountInput) => api<MealCount>(`/${P}/meal-counts`, { method: 'PUT', body }), onSuccess: () => invalidate() });
}

// ── The month's account ──
export const useCostMonth = (month: string, schoolId?: number) =>
  useGet<CostMonth>(['canteen/supply', 'month', month, schoolId ?? null], `/${P}/costs/months/${month}`, { schoolId });
export function useSaveIncome() {
  const invalidate = useInvalidateSupply();
  return useMutation({
    mutationFn: ({ month, body }: { month: string; body: { incomeFen: number; note?: string | null; version?: number } }) =>
      api<CostMonth>(`/${P}/costs/months/${month}/income`, { method: 'PUT', body }),
    onSuccess: () => invalidate(),
  });
}

// ── Settings ──
export function useSupplySettings() {
  const q = useGet<SettingsView>(['canteen/supply', 'settings'], '/settings/canteenSupply');
  return { ...q, values: { ...DEFAULT_CANTEEN_SUPPLY_SETTINGS, ...((q.data?.values ?? {}) as Partial<CanteenSupplySettings>) } };
}

export const fen2yuan = (fen: number | null | undefined) => (fen == null ? '—' : (fen / 100).toFixed(2));
