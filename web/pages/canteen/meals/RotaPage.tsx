import { App, Button, Card, Checkbox, Form, List, Select, Space, Switch, Table, Tag } from 'antd';
import { useCreateRota, useLeaders, useRota, useUpdateRota } from '../../../api/canteenMeals';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { MEALS_ACTIONS, MEAL_KEYS } from './shared';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** The leaders' 陪餐 rota (weekly schedules that give each leader a task on their day) and who is due when. */
export default function RotaPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const rota = useRota();
  const leaders = useLeaders();
  const create = useCreateRota();
  const update = useUpdateRota();
  const [form] = Form.useForm<{ leaderId: number; meal: string; weekdays: number[] }>();
  const wd = (ds: number[]) => ds.map((d) => t(`canteen.meals.weekday.${d}`)).join('、');
  return (
    <div>
      <PageHeader title={t('canteen.meals.menu.rota')} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
        <div style={{ flex: '2 1 360px', minWidth: 0 }}>
          <Table rowKey="id" size="small" loading={rota.isLoading} dataSource={rota.data?.items ?? []} pagination={false} scroll={{ x: 480 }}
            columns={[
              { title: t('canteen.meals.ui.leader'), dataIndex: 'leaderName', render: (v, r) => `${v}${r.post ? `（${r.post}）` : ''}` },
              { title: t('canteen.meals.ui.meal'), dataIndex: 'meal', render: (v) => t(`canteen.meals.meal.${v}`) },
              { title: t('canteen.meals.ui.weekdays'), dataIndex: 'weekdays', render: (v: number[]) => wd(v) },
              { title: t('canteen.meals.ui.active'), dataIndex: 'active', render: (v, r) => <Switch size="small" checked={v} disabled={!can(MEALS_ACTIONS.rotaWrite)} onChange={(active) => update.mutate({ id: r.id, active, version: r.version })} /> },
            ]} />
          {can(MEALS_ACTIONS.rotaWrite) && (
            <Card size="small" title={t('canteen.meals.ui.addRota')} style={{ marginTop: 12 }}>
              <Form form={form} layout="vertical" initialValues={{ meal: 'lunch', weekdays: [1, 2, 3, 4, 5] }}
                onFinish={(v) => create.mutate(v, { onSuccess: () => form.resetFields(), onError: (e) => message.error((e as Error).message) })}>
                <Space wrap>
                  <Form.Item name="leaderId" label={t('canteen.meals.ui.leader')} rules={[{ required: true }]}>
                    <Select style={{ width: 200 }} options={(leaders.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))} />
                  </Form.Item>
                  <Form.Item name="meal" label={t('canteen.meals.ui.meal')}><Select style={{ width: 120 }} options={MEAL_KEYS.map((m) => ({ value: m, label: t(`canteen.meals.meal.${m}`) }))} /></Form.Item>
                </Space>
                <Form.Item name="weekdays" label={t('canteen.meals.ui.weekdays')} rules={[{ required: true }]}>
                  <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`canteen.meals.weekday.${d}`) }))} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={create.isPending}>{t('canteen.meals.ui.addRota')}</Button>
              </Form>
            </Card>
          )}
        </div>
        <Card size="small" title={t('canteen.meals.ui.upcoming')} style={{ flex: '1 1 300px' }}>
          <List size="small" dataSource={rota.data?.upcoming ?? []} locale={{ emptyText: t('canteen.meals.ui.empty') }}
            renderItem={(u) => (
              <List.Item>
                <Space wrap>{u.day} {t(`canteen.meals.weekday.${((new Date(`${u.day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1}`)} {t(`canteen.meals.meal.${u.meal}`)}
                  <span>{u.leaders.map((l) => l.leaderName).join('、') || '—'}</span>
                  <Tag color={u.done ? 'green' : 'default'}>{u.done ? t('canteen.meals.ui.done') : t('canteen.meals.ui.pending')}</Tag></Space>
              </List.Item>
            )} />
        </Card>
      </div>
    </div>
  );
}
