import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type {
  Accompanied, Board, CreateAccompaniedInput, CreateDishInput, CreateSampleInput, Dish, Flag, MealsDay, MenuDetail, MenuSummary,
  PublicMenu, Rota, Sample, UpdateDishInput,
} from '../../contracts/canteenMeals';
import { api, ApiError, type Query } from './client';
import { useList } from './hooks';

/*
 * Canteen meals: the day board, dishes, weekly menus, samples, accompanied meals, the rota, flags and the
 * public menu. Every query key starts with 'canteen/meals…' so one invalidation refreshes them all.
 */

const P = 'canteen';
const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

function useGet<T>(key: readonly unknown[], path: string, query?: Query, enabled = true) {
  return useQuery({
    queryKey: key, queryFn: ({ signal }) => api<T>(path, { query, signal }), enabled, retry: noRetry4xx, placeholderData: keepPreviousData,
  });
}

export const useBoard = (q: Query) => useGet<Board>(['canteen/meals/board', q], `/${P}/board`, q);
export const useMealsDay = (q: Query) => useGet<MealsDay>(['canteen/meals/day', q], `/${P}/day`, q);
export const useFlags = (q: Query) => useGet<{ from: string; to: string; items: Flag[] }>(['canteen/meals/flags', q], `/${P}/flags`, q);
export const useMenuOfWeek = (week: string) => useGet<{ menu: MenuDetail | null; schoolCode: string }>(['canteen/meals/menus/week', week], `/${P}/menus/week`, { week });
export const useMenus = (q: Query) => useList<MenuSummary>(`${P}/menus`, q, { limit: 20 });
export const useDishList = (q: Query) => useList<Dish>(`${P}/dishes`, q, { limit: 100 });
export const useAllDishes = () => useGet<{ items: Dish[]; nextCursor: string | null }>(['canteen/meals/dishes/all'], `/${P}/dishes`, { limit: 200, active: 'true' });
export const useSampleList = (q: Query) => useList<Sample>(`${P}/samples`, q, { limit: 30 });
export const useAccompaniedList = (q: Query) => useList<Accompanied>(`${P}/accompanied-meals`, q, { limit: 30 });
export const useRota = () => useGet<Rota>(['canteen/meals/rota'], `/${P}/rota`);
export const useLeaders = () => useGet<{ items: { id: number; name: string; post: string | null }[] }>(['canteen/meals/leaders'], `/${P}/leaders`);

/** The public page: no session, by the school's code. */
export const usePublicMenu = (code: string, week?: string) =>
  useGet<PublicMenu>(['public/canteen', code, week ?? ''], `/public/schools/${encodeURIComponent(code)}/canteen`, week ? { week } : undefined);

export function useInvalidateMeals() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && (q.queryKey[0] as string).startsWith('canteen') }),
    qc.invalidateQueries({ queryKey: ['tasks'] }),
  ]);
}

function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const invalidate = useInvalidateMeals();
  return useMutation({ mutationFn: fn, onSuccess: () => invalidate() });
}

type MealInput = { day: string; meal: string; dishIds: number[]; priceFen?: number | null };
export const useCreateDish = () => useWrite((b: CreateDishInput) => api<Dish>(`/${P}/dishes`, { method: 'POST', body: b }));
export const useUpdateDish = () => useWrite(({ id, ...b }: UpdateDishInput & { id: number }) => api<Dish>(`/${P}/dishes/${id}`, { method: 'PATCH', body: b }));
export const useCreateMenu = () => useWrite((b: { weekStart: string; meals: MealInput[] }) => api<MenuDetail>(`/${P}/menus`, { method: 'POST', body: b }));
export const useUpdateMenu = () => useWrite(({ id, ...b }: { id: number; meals: MealInput[]; version: number }) => api<MenuDetail>(`/${P}/menus/${id}`, { method: 'PUT', body: b }));
export const usePublishMenu = () => useWrite(({ id, version }: { id: number; version: number }) => api<MenuDetail>(`/${P}/menus/${id}/publish`, { method: 'POST', body: { version } }));
export const useCreateSample = () => useWrite((b: CreateSampleInput) => api<Sample>(`/${P}/samples`, { method: 'POST', body: b }));
export const useDisposeSample = () => useWrite((id: number) => api<Sample>(`/${P}/samples/${id}/dispose`, { method: 'POST', body: {} }));
export const useCreateAccompanied = () => useWrite((b: CreateAccompaniedInput) => api<Accompanied>(`/${P}/accompanied-meals`, { method: 'POST', body: b }));
export const useCloseFollowUp = () => useWrite(({ id, ...b }: { id: number; followUpResult: string; version: number }) => api<Accompanied>(`/${P}/accompanied-meals/${id}/close-follow-up`, { method: 'POST', body: b }));
export const useCreateRota = () => useWrite((b: { leaderId: number; meal: string; weekdays: number[] }) => api<Rota>(`/${P}/rota`, { method: 'POST', body: b }));
export const useUpdateRota = () => useWrite(({ id, ...b }: { id: number; weekdays?: number[]; active?: boolean; version: number }) => api<Rota>(`/${P}/rota/${id}`, { method: 'PATCH', body: b }));
