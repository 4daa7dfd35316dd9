import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Select } from 'antd';
import { useSchools } from '../../api/hooks';
import { useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';

/**
 * A district reader picks the school: per-school pages need one (the first by default); lists may
 * leave it open (`optional`: every school of the district). Everyone else reads their own school.
 */
export function useSchoolChoice(opts: { optional?: boolean } = {}): { district: boolean; schoolId: number | undefined; picker: ReactNode; setSchoolId: (id: number | null) => void } {
  const me = useCurrentUser();
  const district = me.schoolKind === 'bureau';
  const { t } = useI18n();
  const schools = useSchools(district);
  const [params, setParams] = useSearchParams();
  const list = (schools.data?.items ?? []).filter((s) => s.kind === 'school');
  const chosen = Number(params.get('schoolId')) || (opts.optional ? undefined : list[0]?.id);
  const setSchoolId = (id: number | null) => setParams((prev) => { const n = new URLSearchParams(prev); if (id) n.set('schoolId', String(id)); else n.delete('schoolId'); return n; }, { replace: true });
  const picker = district ? (
    <Select size="large" style={{ minWidth: 200 }} value={chosen} loading={schools.isPending} placeholder={t('list.anySchool')} data-testid="school-picker"
      allowClear={!!opts.optional} onChange={(v) => setSchoolId(v ?? null)} options={list.map((s) => ({ value: s.id, label: s.name }))} />
  ) : null;
  return { district, schoolId: district ? chosen : undefined, picker, setSchoolId };
}
