import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type {
  AgreementRow, AgreementYear, CreateDrillInput, CreateEducationInput, CreateIncidentInput, CreatePlanInput, CreatePostInput, DistrictView,
  Drill, DrillDetail, DrillMonths, EducationCompliance, EducationDetail, EducationRecord, Incident, IncidentDetail, NewPlanVersionInput, Plan, PlanDetail,
  SafetyHome, SafetyPost, SignAgreementInput, UpdateAgreementInput, UpdateDrillInput, UpdateEducationInput, UpdateIncidentInput, UpdatePlanInput,
  UpdatePostInput, Veto, SafetyRecordsSettings,
} from '../../contracts/safetyRecords';
import { DEFAULT_SAFETY_RECORDS_SETTINGS } from '../../contracts/safetyRecords';
import type { SettingsView } from '../../contracts/settings';
import { api, ApiError, type Query } from './client';
import { useList } from './hooks';

/*
 * Campus safety records: plans, drills, education, agreements, incidents, the veto, the district view
 * and the safety home. Every query key starts with 'safety/…' so one invalidation refreshes them all.
 */

const P = 'safety';
const noRetry4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export const safetyKeys = {
  home: (q: Query) => [`${P}/home`, q] as const,
  months: (q: Query) => [`${P}/drills/months`, q] as const,
  compliance: (q: Query) => [`${P}/education/compliance`, q] as const,
  agreements: (q: Query) => [`${P}/agreements`, q] as const,
  posts: (q: Query) => [`${P}/posts`, q] as const,
  veto: (q: Query) => [`${P}/veto`, q] as const,
  district: (q: Query) => [`${P}/district`, q] as const,
  detail: (what: string, id: number) => [`${P}/${what}`, 'detail', id] as const,
  settings: [`${P}/settings`] as const,
};

const isSafetyKey = (key: readonly unknown[]) => typeof key[0] === 'string' && key[0].startsWith(`${P}/`);

export function useInvalidateSafety() {
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ predicate: (q) => isSafetyKey(q.queryKey) }),
    qc.invalidateQueries({ queryKey: ['audit'] }),
    qc.invalidateQueries({ queryKey: ['notifications'] }),
  ]);
}

function useGet<T>(key: readonly unknown[], path: string, query?: Query, enabled = true) {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<T>(path, { query, signal }),
    enabled,
    retry: noRetry4xx,
    placeholderData: keepPreviousData,
  });
}

// ── Home, veto, district ──
export const useSafetyHome = (q: Query) => useGet<SafetyHome>(safetyKeys.home(q), `/${P}/home`, q);
export const useVeto = (q: Query, enabled = true) => useGet<Veto>(safetyKeys.veto(q), `/${P}/veto`, q, enabled);
export const useDistrict = (q: Query) => useGet<DistrictView>(safetyKeys.district(q), `/${P}/district`, q);

// ── Lists (keyset pages) ──
export const usePlanList = (q: Query) => useList<Plan>(`${P}/plans`, q, { limit: 20 });
export const useDrillList = (q: Query) => useList<Drill>(`${P}/drills`, q, { limit: 20 });
export const useEducationList = (q: Query) => useList<EducationRecord>(`${P}/education`, q, { limit: 20 });
export const useIncidentList = (q: Query) => useList<Incident>(`${P}/incidents`, q, { limit: 20 });

// ── Details ──
export const usePlan = (id: number | null) => useGet<PlanDetail>(safetyKeys.detail('plans', id ?? 0), `/${P}/plans/${id}`, undefined, id != null);
export const useDrill = (id: number | null) => useGet<DrillDetail>(safetyKeys.detail('drills', id ?? 0), `/${P}/drills/${id}`, undefined, id != null);
export const useEducation = (id: number | null) => useGet<EducationDetail>(safetyKeys.detail('education', id ?? 0), `/${P}/education/${id}`, undefined, id != null);
export const useIncident = (id: number | null) => useGet<IncidentDetail>(safetyKeys.detail('incidents', id ?? 0), `/${P}/incidents/${id}`, undefined, id != null);

// ── Month views ──
export const useDrillMonths = (q: Query) => useGet<DrillMonths>(safetyKeys.months(q), `/${P}/drills/months`, q);
export const useCompliance = (q: Query, enabled = true) => useGet<EducationCompliance>(safetyKeys.compliance(q), `/${P}/education/compliance`, q, enabled);
export const useAgreements = (q: Query) => useGet<AgreementYear>(safetyKeys.agreements(q), `/${P}/agreements`, q);
export const usePosts = (q: Query, enabled = true) => useGet<{ items: SafetyPost[] }>(safetyKeys.posts(q), `/${P}/posts`, q, enabled);

/** The school's safety-record settings (evacuation target …); the defaults until loaded. */
export function useRecordsSettings() {
  const q = useQuery({
    queryKey: safetyKeys.settings,
    queryFn: ({ signal }) => api<SettingsView<SafetyRecordsSettings>>('/settings/safetyRecords', { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return { ...q, settings: q.data?.values ?? DEFAULT_SAFETY_RECORDS_SETTINGS };
}

// ── Writes ──
function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const invalidate = useInvalidateSafety();
  return useMutation({ mutationFn: fn, onSuccess: () => invalidate() });
}
const send = <O>(method: string, path: string) => (body: unknown) => api<O>(path, { method, body });

export const useCreatePlan = () => useWrite((b: CreatePlanInput) => send<PlanDetail>('POST', `/${P}/plans`)(b));
export const useUpdatePlan = (id: number) => useWrite((b: UpdatePlanInput) => send<PlanDetail>('PATCH', `/${P}/plans/${id}`)(b));
export const useAddPlanVersion = (id: number) => useWrite((b: NewPlanVersionInput) => send<PlanDetail>('POST', `/${P}/plans/${id}/versions`)(b));
export const useApprovePlan = (id: number) => useWrite((b: { version: number }) => send<PlanDetail>('POST', `/${P}/plans/${id}/approve`)(b));

export const useCreateDrill = () => useWrite((b: CreateDrillInput) => send<DrillDetail>('POST', `/${P}/drills`)(b));
export const useUpdateDrill = (id: number) => useWrite((b: UpdateDrillInput) => send<DrillDetail>('PATCH', `/${P}/drills/${id}`)(b));

export const useCreateEducation = () => useWrite((b: CreateEducationInput) => send<EducationDetail>('POST', `/${P}/education`)(b));
export const useUpdateEducation = (id: number) => useWrite((b: UpdateEducationInput) => send<EducationDetail>('PATCH', `/${P}/education/${id}`)(b));

export const useCreatePost = () => useWrite((b: CreatePostInput) => send<SafetyPost>('POST', `/${P}/posts`)(b));
export const useUpdatePost = () => useWrite(({ id, ...b }: UpdatePostInput & { id: number }) => send<SafetyPost>('PATCH', `/${P}/posts/${id}`)(b));
export const usePostsFromClasses = () => useWrite(() => send<{ created: number }>('POST', `/${P}/posts/from-classes`)({}));
export const useSignAgreement = () => useWrite((b: SignAgreementInput) => send<AgreementRow>('POST', `/${P}/agreements`)(b));
export const useUpdateAgreement = () => useWrite(({ id, ...b }: UpdateAgreementInput & { id: number }) => send<AgreementRow>('PATCH', `/${P}/agreements/${id}`)(b));

export const useCreateIncident = () => useWrite((b: CreateIncidentInput) => send<IncidentDetail>('POST', `/${P}/incidents`)(b));
export const useUpdateIncident = (id: number) => useWrite((b: UpdateIncidentInput) => send<IncidentDetail>('PATCH', `/${P}/incidents/${id}`)(b));
