import type { FormInstance } from 'antd';
import { Empty, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import type { HistoryEntry } from '../../../../contracts/common';
import { actionColor, actionLabel } from '../../../components/History';
import { ApiError } from '../../../api/client';
import { useI18n } from '../../../app/i18n';

/** The actions of the supply part (server/modules/canteen/supply.policy.ts). */
export const SUPPLY = {
  suppliersRead: 'canteen.supply.suppliers.read', suppliersWrite: 'canteen.supply.suppliers.write',
  intakesRead: 'canteen.supply.intakes.read', intakesWrite: 'canteen.supply.intakes.write', intakesDelete: 'canteen.supply.intakes.delete',
  usageRead: 'canteen.supply.usage.read', usageWrite: 'canteen.supply.usage.write',
  mealsRead: 'canteen.supply.meals.read', mealsWrite: 'canteen.supply.meals.write',
  costsRead: 'canteen.supply.costs.read', incomeWrite: 'canteen.supply.income.write',
} as const;

const LICENCE_COLORS: Record<string, string> = { valid: 'success', expiring: 'warning', expired: 'error', none: 'default' };

export function LicenceTag({ state, date }: { state: string; date?: string | null }) {
  const { t } = useI18n();
  return <Tag color={LICENCE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid={`licence-${state}`}>{date ? `${date} · ` : ''}{t(`canteen.supply.licenceState.${state}`)}</Tag>;
}

export function ResultTag({ result }: { result: 'accepted' | 'refused' }) {
  const { t } = useI18n();
  return <Tag color={result === 'accepted' ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>{t(`canteen.supply.result.${result}`)}</Tag>;
}

export const yuan = (fen: number | null | undefined) => (fen == null ? '—' : `¥${(fen / 100).toFixed(2)}`);

/**
 * The server's field errors on a form with nested fields ('items.2.certFileIds' → ['items', 2, 'certFileIds']);
 * answers the messages no field of the form shows.
 */
export function applyNestedErrors(form: FormInstance, err: unknown, known: (path: (string | number)[]) => boolean): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  const rest: string[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const f of err.fields) {
    const name = f.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const msg = f.message.replace(/^[^：:]{1,20}(?:：|: )\s*/, '');
    if (known(name)) fields.push({ name, errors: [msg] }); else rest.push(f.message);
  }
  form.setFields(fields);
  if (!err.fields.length) rest.push(err.message);
  return rest;
}

/**
 * A record's history in words: what was done, by whom, when (and a correction's reason). The audit
 * entries of intakes hold whole item lists, which a field-by-field diff would only print as noise.
 */
export function SupplyTimeline({ history }: { history: HistoryEntry[] }) {
  const { t, has } = useI18n();
  if (!history.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noHistory')} />;
  return (
    <Timeline items={history.map((e) => {
      const reason = typeof e.after?.reason === 'string' ? e.after.reason : null;
      const label = has(`canteen.supply.action.${e.action}`) ? t(`canteen.supply.action.${e.action}`) : actionLabel(e.action, t, has);
      return {
        key: e.seq, color: actionColor(e.action),
        content: <div data-testid="history-entry"><Tag color={actionColor(e.action)}>{label}</Tag><strong>{e.actorName ?? ''}</strong> <span style={{ color: '#8c8c8c' }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</span>{reason && <div>{reason}</div>}</div>,
      };
    })} />
  );
}
