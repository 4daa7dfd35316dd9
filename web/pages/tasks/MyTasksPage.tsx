import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Empty, Segmented, Space, Spin, Tag, Typography, theme } from 'antd';
import { ClockCircleOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { MyTask } from '../../../contracts/tasks';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useMyTasks } from '../../components/notifications/api';

/** 我的待办: what is due for me today (and what is overdue), each with a link to the record. */
export default function MyTasksPage() {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const [scope, setScope] = useState<'today' | 'all'>('today');
  const tasks = useMyTasks(scope, locale);
  const items = tasks.data?.items ?? [];
  const overdue = items.filter((i) => i.overdue).length;

  const due = (task: MyTask) => {
    const d = dayjs(task.dueAt);
    const time = d.format('HH:mm');
    return d.format('YYYY-MM-DD') === tasks.data?.today ? t('tasks.dueToday', { time }) : t('tasks.dueOn', { date: d.format('MM-DD'), time });
  };

  return (
    <div style={{ maxWidth: 880 }}>
      <PageHeader title={t('tasks.title')}
        sub={tasks.data ? t('tasks.summary', { count: items.length, overdue }) : undefined}
        extra={<Button icon={<ReloadOutlined />} onClick={() => void tasks.refetch()} loading={tasks.isFetching} aria-label={t('common.refresh')} />} />
      <Segmented block style={{ marginBottom: 12, maxWidth: 360 }} value={scope} onChange={(v) => setScope(v as 'today' | 'all')} data-testid="tasks-scope"
        options={[{ value: 'today', label: t('tasks.scopeToday') }, { value: 'all', label: t('tasks.scopeAll') }]} />
      {tasks.isError && <Alert type="error" showIcon title={(tasks.error as Error).message} style={{ marginBottom: 12 }} />}
      <div data-testid="tasks-list">
        {tasks.isPending ? <div style={{ padding: 40, textAlign: 'center' }}><Spin /></div>
          : items.length === 0 ? <Card><Empty description={t(scope === 'today' ? 'tasks.empty' : 'tasks.emptyAll')} /></Card>
            : (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {items.map((task) => (
                  <Link key={task.id} to={task.link} data-testid="task-item" data-overdue={task.overdue ? 'true' : 'false'} style={{ display: 'block', color: 'inherit' }}>
                    <Card size="small" hoverable styles={{ body: { display: 'flex', alignItems: 'center', gap: 12 } }}
                      style={{ borderInlineStart: `3px solid ${task.overdue ? token.colorError : token.colorPrimary}` }}>
                      <div style={{ flex: 1, minWidth: 0 }}>
                        <Typography.Text strong style={{ display: 'block', wordBreak: 'break-word' }}>{task.title}</Typography.Text>
                        <Space size={[8, 4]} wrap style={{ marginTop: 4 }}>
                          {task.overdue && <Tag color="error" style={{ marginInlineEnd: 0 }}>{t('tasks.overdue')}</Tag>}
                          <Typography.Text type={task.overdue ? 'danger' : 'secondary'} style={{ fontSize: 13 }}>
                            <ClockCircleOutlined /> {due(task)}
                          </Typography.Text>
                          {task.role && task.assigneeId == null && (
                            <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('tasks.forRole', { role: t(`enums.role.${task.role}`) })}</Typography.Text>
                          )}
                        </Space>
                      </div>
                      <Typography.Text type="secondary" style={{ flex: 'none' }}>
                        <span style={{ marginInlineEnd: 4 }}>{t('tasks.go')}</span><RightOutlined />
                      </Typography.Text>
                    </Card>
                  </Link>
                ))}
              </Space>
            )}
      </div>
    </div>
  );
}
