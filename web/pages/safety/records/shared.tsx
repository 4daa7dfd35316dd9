import type { HistoryEntry } from '../../../../contracts/common';
import type { IncidentSeverity, MonthStatus, SafetyKind } from '../../../../contracts/safetyRecords';
import { Tag } from 'antd';
import { useI18n, type T } from '../../../app/i18n';
import { fmtTime } from '../../../components/lists/format';
import { RecordTimeline as SharedTimeline, type TimelineWords } from '../../../components/lists/RecordTimeline';

// Safety's own bits of the records pages (actions, colours, tags, words). The generic list pieces
// (RecordList, ListCard, MonthSwitcher, useMonthParam, useParam, useSchoolChoice, Fields, fmtTime)
// are in web/components/lists/.

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

/** How the records' audit entries read: these keys hidden or shown as people, an accident in red. */
const WORDS: Pick<TimelineWords, 'hidden' | 'userKeys' | 'alarming'> = {
  hidden: ['planId', 'postId'],
  userKeys: ['organiserId', 'teacherId', 'signerId', 'holderId', 'approvedById'],
  alarming: ['markAccident'],
};

/** A record's timeline from its audit entries (the shared timeline in safety's words). */
export function RecordTimeline({ history }: { history: HistoryEntry[] }) {
  const { t, has } = useI18n();
  const words: TimelineWords = {
    ...WORDS,
    label: (entity, k) => (entity === 'safetyIncident' && k === 'title' ? t('safety.incidents.what') : has(`safety.fields.${k}`) ? t(`safety.fields.${k}`) : has(`safety.history.${k}`) ? t(`safety.history.${k}`) : k),
    action: (entity, action) => (has(`safety.action.${entity}.${action}`) ? t(`safety.action.${entity}.${action}`) : has(`safety.action.${action}`) ? t(`safety.action.${action}`) : action),
    value: (entity, k, v) => {
      if ((k === 'scenario' || (k === 'kind' && entity !== 'safetyEducation')) && has(`safety.kind.${String(v)}`)) return t(`safety.kind.${String(v)}`);
      if (k === 'kind' && has(`safety.educationKind.${String(v)}`)) return t(`safety.educationKind.${String(v)}`);
      if (k === 'severity' && has(`safety.severity.${String(v)}`)) return t(`safety.severity.${String(v)}`);
      if (k === 'occurredAt' && typeof v === 'string') return fmtTime(v);
      return undefined;
    },
  };
  return <SharedTimeline history={history} words={words} />;
}

/** 导出: the list as .xlsx with the filters on screen. */
export { ExportButton } from '../../../components/ExportButton';
