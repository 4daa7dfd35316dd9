import type { ReactNode } from 'react';
import { Empty, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { HistoryEntry } from '../../../contracts/common';
import { useI18n } from '../../app/i18n';
import { RefName } from '../refs';

const ALWAYS_HIDDEN = ['id', 'schoolId', 'createdAt', 'updatedAt', 'version'];

/** How a module names what its audit entries hold; what it leaves out is shown plainly. */
export interface TimelineWords {
  /** A field's label (its key when unknown). */
  label: (entity: string, key: string) => string;
  /** An action's words (the action's code when unknown). */
  action: (entity: string, action: string) => string;
  /** A value in the module's words, or undefined for the plain rendering (ids of users, classes and places by name). */
  value?: (entity: string, key: string, value: unknown) => ReactNode | undefined;
  /** Keys never shown, besides ids, versions and times of the row. */
  hidden?: readonly string[];
  /** Keys holding a user's id. */
  userKeys?: readonly string[];
  /** Actions shown in red (e.g. marking a safety accident). */
  alarming?: readonly string[];
}

/** A record's timeline from its audit entries: what happened, by whom, when — newest first. */
export function RecordTimeline({ history, words }: { history: HistoryEntry[]; words: TimelineWords }) {
  const { t } = useI18n();
  if (!history.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noHistory')} />;
  const hidden = new Set([...ALWAYS_HIDDEN, ...(words.hidden ?? [])]);
  const userKeys = new Set(words.userKeys ?? []);
  const alarming = new Set(words.alarming ?? []);
  const plain = (v: unknown) => (v == null || v === '' ? t('common.none') : typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : Array.isArray(v) ? v.join('、') : typeof v === 'object' ? JSON.stringify(v) : String(v));
  // Ids by name, codes by their words: what a reader of the history understands.
  const show = (entity: string, k: string, v: unknown): ReactNode => {
    if (v == null || v === '') return t('common.none');
    if (userKeys.has(k) && typeof v === 'number') return <RefName kind="users" id={v} />;
    if (k === 'classId' && typeof v === 'number') return <RefName kind="classes" id={v} />;
    if (k === 'locationId' && typeof v === 'number') return <RefName kind="locations" id={v} />;
    if (k === 'classIds' && Array.isArray(v)) return <>{v.map((id, i) => <span key={String(id)}>{i > 0 && '、'}<RefName kind="classes" id={Number(id)} /></span>)}</>;
    const own = words.value?.(entity, k, v);
    return own !== undefined ? own : plain(v);
  };
  return (
    <Timeline data-testid="record-timeline"
      items={history.map((e) => {
        const keys = [...new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})])].filter((k) => !hidden.has(k) && (e.before || (e.after?.[k] != null && e.after[k] !== '')));
        const tone = alarming.has(e.action) ? 'red' : e.action === 'create' ? 'green' : 'blue';
        return {
          key: e.seq,
          color: tone,
          content: (
            <div style={{ minWidth: 0 }}>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
                <Tag color={tone} style={{ marginInlineEnd: 0 }}>{words.action(e.entity, e.action)}</Tag>
                <Typography.Text strong>{e.actorName ?? t('detail.system')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
              </div>
              {keys.length > 0 && (
                <div style={{ display: 'grid', gridTemplateColumns: 'minmax(64px, max-content) 1fr', gap: '2px 12px', fontSize: 13, marginTop: 4 }}>
                  {keys.map((k) => (
                    <div key={k} style={{ display: 'contents' }}>
                      <span style={{ color: '#8c8c8c' }}>{words.label(e.entity, k)}</span>
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
