import type { ReactNode } from 'react';
import { Empty, Spin, Timeline, Typography, Tag, Alert } from 'antd';
import dayjs from 'dayjs';
import type { HistoryEntry } from '../../contracts/common';
import { useHistory } from '../api/hooks';
import { useI18n, type T } from '../app/i18n';
import { StatusTag, renderTyped } from './resource/display';
import type { FieldType } from './resource/types';

/** Fields that say nothing to a reader of the history. */
const SKIP = new Set(['id', 'schoolId', 'createdAt', 'updatedAt', 'version', 'path', 'depth', 'lastLoginAt', 'studentCount']);

const REFS: Record<string, FieldType> = {
  campusId: { kind: 'ref', ref: 'campuses' }, buildingId: { kind: 'ref', ref: 'buildings' },
  parentId: { kind: 'ref', ref: 'locations' }, classroomId: { kind: 'ref', ref: 'locations' },
  departmentId: { kind: 'ref', ref: 'departments' }, headTeacherId: { kind: 'ref', ref: 'users' },
  headUserId: { kind: 'ref', ref: 'users' }, classId: { kind: 'ref', ref: 'classes' },
  roles: { kind: 'roles' },
};

/** How a field of an entity is shown: refs by name, enums by their words, booleans as yes/no. */
function typeOf(entity: string, key: string, value: unknown): FieldType {
  if (REFS[key]) return REFS[key];
  if (typeof value === 'boolean') return { kind: 'bool' };
  const group = ({
    type: entity === 'location' ? 'locationType' : undefined,
    kind: entity === 'building' ? 'buildingKind' : entity === 'school' ? 'schoolKind' : undefined,
    boarding: entity === 'class' ? 'boarding' : undefined,
    gender: 'gender', stage: 'schoolStage',
  } as Record<string, string | undefined>)[key];
  return group ? { kind: 'enum', values: [], group } : { kind: 'text' };
}

export function historyFieldLabel(key: string, t: T, has: (k: string) => boolean): string {
  if (has(`fields.${key}`)) return t(`fields.${key}`);
  if (has(`historyFields.${key}`)) return t(`historyFields.${key}`);
  return key;
}

export function actionLabel(action: string, t: T, has: (k: string) => boolean) {
  return has(`auditAction.${action}`) ? t(`auditAction.${action}`) : action;
}

const ACTION_COLORS: Record<string, string> = { create: 'green', update: 'blue', deactivate: 'default', activate: 'cyan', roles: 'purple', resetPassword: 'orange', changePassword: 'orange' };
export const actionColor = (a: string) => ACTION_COLORS[a] ?? 'default';

/** Before → after, one line per field that changed (or the values of a new record). */
export function ChangeList({ entity, before, after }: { entity: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const { t, has } = useI18n();
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
    .filter((k) => !SKIP.has(k))
    // A new record: only the values it was given (and no "active: yes", which every new record is).
    .filter((k) => before || (after?.[k] != null && after[k] !== '' && k !== 'active'));
  if (!keys.length) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  const show = (k: string, v: unknown): ReactNode => {
    if (k === 'active' && typeof v === 'boolean') return <StatusTag active={v} t={t} />;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return <code>{JSON.stringify(v)}</code>;
    return renderTyped(typeOf(entity, k, v), v, t);
  };
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(64px, max-content) 1fr', gap: '2px 12px', fontSize: 13, minWidth: 0 }}>
      {keys.map((k) => (
        <div key={k} style={{ display: 'contents' }}>
          <span style={{ color: '#8c8c8c' }}>{historyFieldLabel(k, t, has)}</span>
          <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {before && k in before && after && k in after ? (
              <><span style={{ textDecoration: 'line-through', color: '#999' }}>{show(k, before[k])}</span> → {show(k, after[k])}</>
            ) : after && k in after ? show(k, after[k]) : <span style={{ textDecoration: 'line-through', color: '#999' }}>{show(k, before?.[k])}</span>}
          </span>
        </div>
      ))}
    </div>
  );
}

export function entryHeader(e: HistoryEntry, t: T, has: (k: string) => boolean) {
  return (
    <span>
      <Tag color={actionColor(e.action)} style={{ marginInlineEnd: 8 }}>{actionLabel(e.action, t, has)}</Tag>
      <Typography.Text strong>{e.actorName ?? t('detail.system')}</Typography.Text>
      <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')}</Typography.Text>
    </span>
  );
}

/** A record's timeline: what happened, by whom, when — newest first. */
export function HistoryTimeline({ resource, id }: { resource: string; id: number }) {
  const { t, has } = useI18n();
  const q = useHistory(resource, id);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" title={(q.error as Error).message} />;
  if (!q.data.items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noHistory')} />;
  return (
    <Timeline
      data-testid="history-timeline"
      items={q.data.items.map((e) => ({
        key: e.seq,
        color: e.action === 'create' ? 'green' : e.action === 'deactivate' ? 'gray' : 'blue',
        content: (
          <div style={{ minWidth: 0 }}>
            <div style={{ marginBottom: 4 }}>{entryHeader(e, t, has)}</div>
            <ChangeList entity={e.entity} before={e.before} after={e.after} />
          </div>
        ),
      }))}
    />
  );
}
