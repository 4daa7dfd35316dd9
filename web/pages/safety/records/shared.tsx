import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, DatePicker, Empty, Select, Skeleton, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { LeftOutlined, RightOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { HistoryEntry } from '../../../../contracts/common';
import type { IncidentSeverity, MonthStatus, SafetyKind } from '../../../../contracts/safetyRecords';
import { useSchools } from '../../../api/hooks';
import { useCurrentUser } from '../../../app/auth';
import { useI18n, type T } from '../../../app/i18n';
import { useIsPhone } from '../../../components/useIsPhone';
import { RefName } from '../../../components/refs';

/** The actions of the records part (server/modules/safety/records.policy.ts). */
export const SAFETY = {
  home: 'safety.home.read',
  plansRead: 'safety.plans.read', plansWrite: 'safety.plans.write', plansApprove: 'safety.plans.approve',
  drillsRead: 'safety.drills.read', drillsWrite: 'safety.drills.write',
  educationRead: 'safety.education.read', educationWrite: 'safety.education.write',
  agreementsRead: 'safety.agreements.read', agreementsWrite: 'safety.agreements.write',
  incidentsRead: 'safety.incidents.read', incidentsReport: 'safety.incidents.report', incidentsManage: 'safety.incidents.manage',
  veto: 'safety.veto.read', district: 'safety.district.read', settingsWrite: 'safety.recordsSettings.write',
} as const;

export const KIND_COLORS: Record<SafetyKind, string> = {
  fire: 'red', earthquake: 'orange', flood: 'blue', food_poisoning: 'gold', epidemic: 'purple', stampede: 'volcano', intruder: 'magenta', other: 'default',
};
export const SEVERITY_COLORS: Record<IncidentSeverity, string> = { minor: 'default', moderate: 'gold', serious: 'orange', major: 'red' };
export const MONTH_COLORS: Record<MonthStatus, string> = { done: 'success', missing: 'error', due: 'warning', upcoming: 'default', holiday: 'default' };

export const KindTag = ({ kind }: { kind: SafetyKind }) => {
  const { t } = useI18n();
  return <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>{t(`safety.kind.${kind}`)}</Tag>;
};
export const SeverityTag = ({ severity }: { severity: IncidentSeverity }) => {
  const { t } = useI18n();
  return <Tag color={SEVERITY_COLORS[severity]} style={{ marginInlineEnd: 0 }} data-testid="severity-tag">{t(`safety.severity.${severity}`)}</Tag>;
};

/** 95 → "1分35秒" / "1 min 35 s". */
export function fmtSeconds(s: number | null | undefined, t: T): string {
  if (s == null) return t('common.none');
  const m = Math.floor(s / 60);
  return m ? t('safety.common.minSec', { m, s: s % 60 }) : t('safety.common.sec', { s });
}
export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** The month in the URL (?month=YYYY-MM), this month by default. */
export function useMonthParam(): [string, (m: string) => void] {
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : dayjs().format('YYYY-MM');
  const set = (m: string) => setParams((prev) => { const n = new URLSearchParams(prev); n.set('month', m); return n; }, { replace: true });
  return [month, set];
}

/** ‹ 2026年11月 › — big targets for a thumb. */
export function MonthSwitcher({ month, onChange }: { month: string; onChange: (m: string) => void }) {
  const shift = (n: number) => onChange(dayjs(`${month}-01`).add(n, 'month').format('YYYY-MM'));
  return (
    <Space.Compact data-testid="month-switcher">
      <Button size="large" icon={<LeftOutlined />} onClick={() => shift(-1)} aria-label="prev" />
      <DatePicker size="large" picker="month" allowClear={false} inputReadOnly value={dayjs(`${month}-01`)} onChange={(d) => d && onChange(d.format('YYYY-MM'))} style={{ width: 130 }} />
      <Button size="large" icon={<RightOutlined />} onClick={() => shift(1)} aria-label="next" />
    </Space.Compact>
  );
}

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

/** A page of a keyset list: a table on a desktop, cards on a phone, "load more" at the end. */
export function RecordList<R extends { id: number }>({ list, columns, card, emptyKey, testId }: {
  list: { data?: { pages: { items: R[] }[] }; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown; hasNextPage: boolean; fetchNextPage: () => unknown; isFetchingNextPage: boolean; isFetching: boolean };
  columns: TableColumnsType<R>;
  card: (r: R) => ReactNode;
  emptyKey?: string;
  testId: string;
}) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isError) {
    return <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />;
  }
  const more = (
    <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c' }}>
      {list.hasNextPage ? (
        <Space orientation="vertical" size={4}>
          <Button size="large" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
          <span style={{ fontSize: 12 }}>{t('common.loaded', { count: items.length })}</span>
        </Space>
      ) : items.length > 0 ? <span style={{ fontSize: 12 }} data-testid="list-end">{t('common.allLoaded', { count: items.length })}</span> : null}
    </div>
  );
  if (phone) {
    if (list.isPending) return <Skeleton active />;
    if (!items.length) return <Empty description={t(emptyKey ?? 'list.empty')} style={{ padding: '32px 0' }} />;
    return <div data-testid={testId}><div style={{ display: 'grid', gap: 8 }}>{items.map((r) => <div key={r.id} data-testid="list-card">{card(r)}</div>)}</div>{more}</div>;
  }
  return (
    <div data-testid={testId}>
      <Table<R> rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} scroll={{ x: 'max-content' }}
        loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} locale={{ emptyText: list.isPending ? ' ' : t(emptyKey ?? 'list.empty') }} data-testid="list-table" />
      {more}
    </div>
  );
}

/** A tappable card of a list on a phone. */
export function ListCard({ title, tags, lines, onClick, href }: { title: ReactNode; tags?: ReactNode; lines: ReactNode[]; onClick?: () => void; href?: string }) {
  const body = (
    <Card size="small" hoverable onClick={onClick} styles={{ body: { padding: 12 } }} role={onClick ? 'button' : undefined}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', fontSize: 15 }}>{title}</Typography.Text>
        <span style={{ display: 'flex', gap: 4, flexWrap: 'wrap', justifyContent: 'flex-end' }}>{tags}</span>
      </div>
      <div style={{ color: '#595959', fontSize: 13, marginTop: 4, display: 'grid', gap: 2 }}>{lines.filter(Boolean).map((l, i) => <div key={i} style={{ overflowWrap: 'anywhere' }}>{l}</div>)}</div>
    </Card>
  );
  return href ? <a href={href} onClick={(e) => { if (onClick) { e.preventDefault(); onClick(); } }} style={{ color: 'inherit', display: 'block' }}>{body}</a> : body;
}

const HIDDEN = new Set(['id', 'schoolId', 'createdAt', 'updatedAt', 'version', 'planId', 'postId']);
const USER_KEYS = new Set(['organiserId', 'teacherId', 'signerId', 'holderId', 'approvedById']);

/** A record's timeline from its audit entries: what happened, by whom, when — newest first. */
export function RecordTimeline({ history }: { history: HistoryEntry[] }) {
  const { t, has } = useI18n();
  if (!history.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noHistory')} />;
  const label = (entity: string, k: string) => (entity === 'safetyIncident' && k === 'title' ? t('safety.incidents.what') : has(`safety.fields.${k}`) ? t(`safety.fields.${k}`) : has(`safety.history.${k}`) ? t(`safety.history.${k}`) : k);
  const plain = (v: unknown) => (v == null || v === '' ? t('common.none') : typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : Array.isArray(v) ? v.join('、') : typeof v === 'object' ? JSON.stringify(v) : String(v));
  // Ids by name, codes by their words: what a reader of the history understands.
  const show = (entity: string, k: string, v: unknown): ReactNode => {
    if (v == null || v === '') return t('common.none');
    if (USER_KEYS.has(k) && typeof v === 'number') return <RefName kind="users" id={v} />;
    if (k === 'classId' && typeof v === 'number') return <RefName kind="classes" id={v} />;
    if (k === 'locationId' && typeof v === 'number') return <RefName kind="locations" id={v} />;
    if (k === 'classIds' && Array.isArray(v)) return <>{v.map((id, i) => <span key={String(id)}>{i > 0 && '、'}<RefName kind="classes" id={Number(id)} /></span>)}</>;
    if ((k === 'scenario' || (k === 'kind' && entity !== 'safetyEducation')) && has(`safety.kind.${String(v)}`)) return t(`safety.kind.${String(v)}`);
    if (k === 'kind' && has(`safety.educationKind.${String(v)}`)) return t(`safety.educationKind.${String(v)}`);
    if (k === 'severity' && has(`safety.severity.${String(v)}`)) return t(`safety.severity.${String(v)}`);
    if (k === 'occurredAt' && typeof v === 'string') return fmtTime(v);
    return plain(v);
  };
  return (
    <Timeline data-testid="record-timeline"
      items={history.map((e) => {
        const keys = [...new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})])].filter((k) => !HIDDEN.has(k) && (e.before || (e.after?.[k] != null && e.after[k] !== '')));
        return {
          key: e.seq,
          color: e.action === 'create' ? 'green' : e.action === 'markAccident' ? 'red' : 'blue',
          content: (
            <div style={{ minWidth: 0 }}>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
                <Tag color={e.action === 'markAccident' ? 'red' : e.action === 'create' ? 'green' : 'blue'} style={{ marginInlineEnd: 0 }}>
                  {has(`safety.action.${e.entity}.${e.action}`) ? t(`safety.action.${e.entity}.${e.action}`) : has(`safety.action.${e.action}`) ? t(`safety.action.${e.action}`) : e.action}
                </Tag>
                <Typography.Text strong>{e.actorName ?? t('detail.system')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
              </div>
              {keys.length > 0 && (
                <div style={{ display: 'grid', gridTemplateColumns: 'minmax(64px, max-content) 1fr', gap: '2px 12px', fontSize: 13, marginTop: 4 }}>
                  {keys.map((k) => (
                    <div key={k} style={{ display: 'contents' }}>
                      <span style={{ color: '#8c8c8c' }}>{label(e.entity, k)}</span>
                      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                        {e.before && k in e.before ? <><span style={{ textDecoration: 'line-through', color: '#999' }}>{show(e.entity, k, e.before[k])}</span> → </> : null}
                        {e.after && k in e.after ? show(e.entity, k, e.after[k]) : null}
                      </span>
                    </div>
                  ))}
                </div>
              )}
            </div>
          ),
        };
      })} />
  );
}

/** Label : value rows, two columns on a desktop, one on a phone. */
export function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(84px, max-content) 1fr', gap: '6px 14px', fontSize: 14 }}>
      {rows.filter(([, v]) => v !== undefined).map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <span style={{ color: '#8c8c8c' }}>{k}</span>
          <span style={{ minWidth: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{v ?? '—'}</span>
        </div>
      ))}
    </div>
  );
}

/** Sets or clears one URL parameter (filters live in the URL, like the resource kit). */
export function useParam(name: string): [string | null, (v: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const set = (v: string | null) => setParams((prev) => { const n = new URLSearchParams(prev); if (v == null || v === '') n.delete(name); else n.set(name, v); return n; }, { replace: true });
  return [params.get(name), set];
}

/** 导出: the list as .xlsx with the filters on screen. */
export { ExportButton } from '../../../components/ExportButton';
