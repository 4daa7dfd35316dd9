import { useState } from 'react';
import { App, Button, Checkbox, Modal, Skeleton, Table, Tag, type TableColumnsType } from 'antd';
import type { RosterEntry } from '../../../../contracts/canteenStaff';
import { useAssignPosts, useRoster } from '../../../api/canteenStaff';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PostTags, STAFF, useDateParam, usePosts } from './shared';

/** 当日岗位: each person, their posts of the day, eligible for food posts or not and why. */
export default function RosterPage() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [date, , picker] = useDateParam();
  const roster = useRoster(date);
  const assign = useAssignPosts();
  const { posts } = usePosts();
  const [editing, setEditing] = useState<RosterEntry | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const columns: TableColumnsType<RosterEntry> = [
    { title: t('canteen.staff.web.person'), dataIndex: 'name', width: 120 },
    { title: t('canteen.staff.web.posts'), render: (_, r) => <><PostTags codes={r.posts} strike={!r.eligible} />{r.assigned && <Tag color="purple">{t('canteen.staff.web.dayPosts')}</Tag>}</> },
    {
      title: t('canteen.staff.web.eligible'), width: 260, render: (_, r) => r.eligible
        ? <Tag color="success" data-testid={`roster-ok-${r.staffId}`}>{t('canteen.staff.web.eligible')}</Tag>
        : <span data-testid={`roster-no-${r.staffId}`}>{r.reasons.map((x) => <Tag key={x} color={x === 'notChecked' ? 'warning' : 'error'}>{t(`canteen.staff.reason.${x}`)}{x === 'certExpired' && r.certExpiresOn ? ` ${r.certExpiresOn}` : ''}</Tag>)}</span>,
    },
    ...(can(STAFF.rosterWrite) ? [{ title: '', width: 110, render: (_: unknown, r: RosterEntry) => <Button onClick={() => { setEditing(r); setChosen(r.posts); }} data-testid={`roster-assign-${r.staffId}`}>{t('canteen.staff.web.assign')}</Button> }] : []),
  ];
  const save = async () => {
    if (!editing || !roster.data) return;
    try {
      await assign.mutateAsync({ date: roster.data.date, staffId: editing.staffId, posts: chosen });
      setEditing(null);
    } catch (e) { message.error(e instanceof Error ? e.message : String(e)); }
  };
  return (
    <div data-testid="page-canteen-roster">
      <PageHeader title={t('canteen.staff.web.rosterTitle')} sub={t('canteen.staff.web.rosterSub')} extra={picker} />
      {!roster.data ? <Skeleton active /> : (
        <Table rowKey="staffId" size="middle" columns={columns} dataSource={roster.data.items} pagination={false} scroll={{ x: 560 }} />
      )}
      <Modal open={!!editing} title={editing ? t('canteen.staff.web.assignTitle', { name: editing.name, date: roster.data?.date ?? '' }) : ''} onCancel={() => setEditing(null)} onOk={save} confirmLoading={assign.isPending} destroyOnHidden>
        <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
          options={posts.map((p) => ({ value: p.code, label: `${p.name}${p.food ? `（${t('canteen.staff.web.foodPost')}）` : ''}` }))} />
      </Modal>
    </div>
  );
}
