import { useMemo } from 'react';
import { Button, Select } from 'antd';
import type { FormInstance } from 'antd';
import type { z } from 'zod';
import type { SchoolClass } from '../../../../contracts/org';
import type { Plan, SafetyKind } from '../../../../contracts/safetyRecords';
import { SAFETY_KINDS } from '../../../../contracts/safetyRecords';
import { useAll } from '../../../api/hooks';
import { ApiError } from '../../../api/client';
import { useI18n, type T } from '../../../app/i18n';
import { RefSelect, useRefData } from '../../../components/refs';
import { issueMessage } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';

/** Big buttons, one per kind (fire, earthquake …): a thumb picks one. */
export function KindPicker({ value, onChange, id }: { value?: SafetyKind; onChange?: (v: SafetyKind) => void; id?: string }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  return (
    <div id={id} role="radiogroup" style={{ display: 'grid', gridTemplateColumns: `repeat(${phone ? 2 : 4}, minmax(0, 1fr))`, gap: 8 }}>
      {SAFETY_KINDS.map((k) => (
        <Button key={k} role="radio" aria-checked={value === k} type={value === k ? 'primary' : 'default'} onClick={() => onChange?.(k)}
          data-testid={`kind-${k}`} style={{ height: 48, whiteSpace: 'normal', lineHeight: 1.15 }}>{t(`safety.kind.${k}`)}</Button>
      ))}
    </div>
  );
}

/** Several classes of the school. */
export function ClassesSelect({ value, onChange, id }: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const { t } = useI18n();
  const { active, loading } = useRefData('classes');
  const options = useMemo(() => (active as unknown as SchoolClass[]).slice().sort((a, b) => a.grade - b.grade || a.name.localeCompare(b.name))
    .map((c) => ({ value: c.id, label: t('common.className', { grade: c.grade, name: c.name }) })), [active, t]);
  return (
    <div style={{ display: 'flex', gap: 8 }} data-testid="classes-select">
      <Select id={id} mode="multiple" allowClear size="large" loading={loading} options={options} value={value ?? []} onChange={(v) => onChange?.(v)}
        showSearch={{ optionFilterProp: 'label' }} style={{ flex: 1, minWidth: 0 }} placeholder={t('list.selectPlaceholder')} maxTagCount="responsive" />
      <Button size="large" onClick={() => onChange?.(options.map((o) => o.value))} data-testid="classes-all">{t('common.all')}</Button>
    </div>
  );
}

export function ClassSelect({ value, onChange, id, only }: { value?: number | null; onChange?: (v: number | null) => void; id?: string; only?: number[] }) {
  const { t } = useI18n();
  const { active, loading } = useRefData('classes');
  const options = useMemo(() => (active as unknown as SchoolClass[]).filter((c) => !only || only.includes(c.id))
    .sort((a, b) => a.grade - b.grade || a.name.localeCompare(b.name))
    .map((c) => ({ value: c.id, label: t('common.className', { grade: c.grade, name: c.name }) })), [active, t, only]);
  return <Select id={id} allowClear size="large" loading={loading} options={options} value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)}
    showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%' }} placeholder={t('list.selectPlaceholder')} data-testid="class-select" />;
}

/** A person of the school (leaders read the staff list). */
export function UserSelect({ value, onChange, id }: { value?: number | null; onChange?: (v: number | null) => void; id?: string }) {
  return <div data-testid="user-select"><RefSelect kind="users" value={value ?? null} onChange={(v) => onChange?.(v)} id={id} style={{ width: '100%' }} /></div>;
}

/** The school's plans (optionally of one kind first). */
export function PlanSelect({ value, onChange, id, kind }: { value?: number | null; onChange?: (v: number | null) => void; id?: string; kind?: SafetyKind }) {
  const { t } = useI18n();
  const plans = useAll<Plan>('safety/plans', { active: 'true' });
  const options = useMemo(() => (plans.data ?? []).slice().sort((a, b) => Number(b.kind === kind) - Number(a.kind === kind))
    .map((p) => ({ value: p.id, label: `${p.title}（${t(`safety.kind.${p.kind}`)}）` })), [plans.data, kind, t]);
  return <Select id={id} allowClear size="large" loading={plans.isPending} options={options} value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)}
    showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%' }} placeholder={t('list.selectPlaceholder')} data-testid="plan-select" />;
}

/**
 * Checks a body against the contract before sending (the same rules as the server): field errors
 * onto the form, false when refused.
 */
export function checkBody<S extends z.ZodType>(schema: S, body: unknown, form: FormInstance, t: T): z.infer<S> | null {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const own = (i: z.core.$ZodIssue) => (i.code === 'custom' ? (i.params as { i18n?: string } | undefined)?.i18n : undefined);
  form.setFields(r.error.issues.map((i) => ({ name: String(i.path[0]), errors: [own(i) ? t(`errors.${own(i)}`) : issueMessage(i, t)] })));
  return null;
}

/** The server's field errors onto the form (the label part dropped: the form shows the label); the rest as one message. */
export function serverErrors(form: FormInstance, err: unknown, names: string[]): string {
  if (!(err instanceof ApiError)) return String(err);
  const mine = err.fields.filter((f) => names.includes(f.path.split('.')[0]));
  form.setFields(mine.map((f) => ({ name: f.path.split('.')[0], errors: [f.message.replace(/^[^：:]{1,24}(?:：|: )\s*/, '')] })));
  return err.message;
}
