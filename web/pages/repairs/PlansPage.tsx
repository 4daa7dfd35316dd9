import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Drawer, Empty, Form, Input, Popconfirm, Select, Skeleton, Space, Switch, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, EditOutlined, DeleteOutlined, MinusCircleOutlined, CalendarOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { Building, Location } from '../../../contracts/org';
import { CreatePlanInput, type MaintenancePlan } from '../../../contracts/repairs';
import { ScheduleRule } from '../../../contracts/schedules';
import { ApiError } from '../../api/client';
import { useDeletePlan, usePlans, useRunPlanNow, useRepairSettings, useSavePlan, useWorkers } from '../../api/repairs';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { buildLocationTree, useRefData } from '../../components/refs';
import { issueMessage, useZodLocale } from '../../components/resource/formKit';
import { useIsPhone } from '../../components/useIsPhone';
import { ScheduleEditor, describeRule, draftOf, newDraft, ruleOf, type RuleDraft } from './ScheduleEditor';
import { REPAIR_ACTIONS, fmtTime, useCategoryLabel } from './shared';

interface Values {
  name?: string; category?: string; description?: string; locationIds: number[]; checklist: string[];
  assigneeId?: number | null; active: boolean; schedule: RuleDraft;
}

/** Several locations from the tree (a plan covers all fire extinguishers of a building, …). */
function LocationsPicker({ value, onChange, id }: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const { t } = useI18n();
  const locations = useRefData('locations');
  const buildings = useRefData('buildings');
  const tree = useMemo(() => buildLocationTree(locations.active as unknown as Location[], buildings.active as unknown as Building[], t, undefined, true),
    [locations.active, buildings.active, t]);
  return (
    <TreeSelect id={id} multiple treeCheckable={false} showSearch={{ treeNodeFilterProp: 'title' }} allowClear treeData={tree} value={value} loading={locations.loading}
      onChange={(v) => onChange?.(v as number[])} placeholder={t('repairs.plans.locationsPlaceholder')} style={{ width: '100%' }} maxTagCount="responsive"
      popupMatchSelectWidth={false} styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }} />
  );
}

function PlanForm({ plan, open, onClose }: { plan: MaintenancePlan | null; open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const { message } = App.useApp();
  const { settings } = useRepairSettings();
  const workers = useWorkers(open);
  const save = useSavePlan();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<MaintenancePlan | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setSaved(null);
    form.resetFields();
    form.setFieldsValue(plan ? {
      name: plan.name, category: plan.category, description: plan.description ?? undefined, locationIds: plan.locationIds,
      checklist: plan.checklist, assigneeId: plan.assigneeId, active: plan.active, schedule: draftOf(plan.schedule),
    } : { locationIds: [], checklist: [''], active: true, schedule: newDraft() });
  }, [open, plan, form]);

  const submit = async (v: Values) => {
    setError(null);
    const rule = ruleOf(v.schedule ?? newDraft());
    const ruleCheck = ScheduleRule.safeParse(rule);
    if (!ruleCheck.success) {
      form.setFields([{ name: 'schedule', errors: [t('repairs.schedule.invalid')] }]);
      return;
    }
    const body = {
      name: v.name ?? '', category: v.category ?? '', description: v.description || null, locationIds: v.locationIds ?? [], assetIds: plan?.assetIds ?? [],
      checklist: (v.checklist ?? []).map((c) => (c ?? '').trim()).filter(Boolean), assigneeId: v.assigneeId ?? null, active: v.active, schedule: ruleCheck.data,
    };
    const parsed = CreatePlanInput.safeParse(body);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]) as keyof Values, errors: [issueMessage(i, t)] })));
      return;
    }
    try {
      const r = await save.mutateAsync({ id: plan?.id, body: plan ? { ...parsed.data, version: plan.version } : parsed.data });
      message.success(t(plan ? 'common.saved' : 'common.created'));
      setSaved(r);
    } catch (e) {
      if (e instanceof ApiError) {
        const names = ['name', 'category', 'description', 'locationIds', 'checklist', 'assigneeId', 'schedule'];
        form.setFields(e.fields.filter((f) => names.includes(f.path.split('.')[0])).map((f) => ({ name: f.path.split('.')[0] as keyof Values, errors: [f.message.replace(/^[^：:]{1,20}[：:]\s*/, '')] })));
        setError(e.status === 409 && e.code === 'conflict' ? t('form.conflict') : e.message);
      } else setError(String(e));
    }
  };

  return (
    <Drawer open={open} onClose={onClose} destroyOnHidden size={phone ? '100%' : 640} mask={{ closable: false }}
      title={plan ? t('repairs.plans.edit') : t('repairs.plans.create')}
      footer={saved ? (
        <Button type="primary" block onClick={onClose}>{t('common.close')}</Button>
      ) : (
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="plan-submit">{t('form.submit')}</Button>
        </Space>
      )}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {saved ? (
        <Alert type="success" showIcon title={t('repairs.plans.savedTitle', { name: saved.name })} data-testid="plan-saved"
          description={saved.nextDue.length ? (
            <div>
              <div>{t('repairs.plans.nextDue')}</div>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>{saved.nextDue.map((d) => <li key={d}>{fmtTime(d)}</li>)}</ul>
            </div>
          ) : t('repairs.plans.noNextDue')} />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} data-testid="plan-form">
          <Form.Item name="name" label={t('repairs.plans.name')} required>
            <Input maxLength={100} placeholder={t('repairs.plans.namePlaceholder')} data-testid="plan-name" />
          </Form.Item>
          <Form.Item name="category" label={t('repairs.fields.category')} required>
            <Select options={settings.categories.filter((c) => c.active).map((c) => ({ value: c.code, label: locale === 'zh-CN' ? c.zh : c.en }))} placeholder={t('list.selectPlaceholder')} data-testid="plan-category" />
          </Form.Item>
          <Form.Item name="locationIds" label={t('repairs.plans.locations')}>
            <LocationsPicker />
          </Form.Item>
          <Form.Item label={t('repairs.plans.checklist')}>
            <Form.List name="checklist">
              {(fields, { add, remove }) => (
                <div style={{ display: 'grid', gap: 6 }}>
                  {fields.map((f, i) => (
                    <div key={f.key} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                      <span style={{ width: 20, color: '#8c8c8c', textAlign: 'right' }}>{i + 1}.</span>
                      <Form.Item name={f.name} style={{ margin: 0, flex: 1 }}>
                        <Input maxLength={200} placeholder={t('repairs.plans.checklistPlaceholder')} />
                      </Form.Item>
                      <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('repairs.plans.removeCheck')} />
                    </div>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>{t('repairs.plans.addCheck')}</Button>
                </div>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="assigneeId" label={t('repairs.plans.assignee')} extra={t('repairs.plans.assigneeHint')}>
            <Select allowClear options={(workers.data ?? []).map((w) => ({ value: w.id, label: w.name }))} loading={workers.isPending} placeholder={t('repairs.rules.manual')} />
          </Form.Item>
          <Form.Item name="schedule" label={t('repairs.plans.schedule')} required>
            <ScheduleEditor />
          </Form.Item>
          <Form.Item name="description" label={t('repairs.plans.description')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="active" label={t('repairs.plans.active')} valuePropName="checked">
            <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}

/** 维护计划: preventive maintenance that creates work orders on schedule (每月检查灭火器, 每学期检修电路 …). */
export default function PlansPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const { message } = App.useApp();
  const category = useCategoryLabel();
  const plans = usePlans();
  const remove = useDeletePlan();
  const runNow = useRunPlanNow();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<MaintenancePlan | 'new' | null>(null);
  const writable = can(REPAIR_ACTIONS.plansWrite);

  const del = async (p: MaintenancePlan) => {
    try {
      await remove.mutateAsync(p.id);
      message.success(t('repairs.plans.deleted'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const run = async (p: MaintenancePlan) => {
    try {
      const r = await runNow.mutateAsync(p.id);
      message.success(t('repairs.plans.ran'));
      navigate(`/repairs/${r.orderId}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const actions = (p: MaintenancePlan) => writable && (
    <Space size={4} wrap>
      <Popconfirm title={t('repairs.plans.confirmRun', { name: p.name })} onConfirm={() => run(p)}>
        <Button size="small" icon={<ThunderboltOutlined />} data-testid="plan-run">{t('repairs.plans.run')}</Button>
      </Popconfirm>
      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid="plan-edit" aria-label={t('common.edit')} title={t('common.edit')} />
      <Popconfirm title={t('repairs.plans.confirmDelete', { name: p.name })} onConfirm={() => del(p)} okButtonProps={{ danger: true }}>
        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('repairs.plans.delete')} />
      </Popconfirm>
    </Space>
  );
  const next = (p: MaintenancePlan) => (p.active && p.nextDue.length
    ? <span><CalendarOutlined /> {fmtTime(p.nextDue[0])}</span>
    : <span style={{ color: '#bbb' }}>{t('common.none')}</span>);
  const places = (p: MaintenancePlan) => (p.locations.length ? p.locations.map((l) => l.name).join('、') : t('repairs.plans.noLocations'));

  const columns: TableColumnsType<MaintenancePlan> = [
    {
      key: 'name', title: t('repairs.plans.name'),
      render: (_, p) => (
        <div>
          <Typography.Text strong>{p.name}</Typography.Text>{!p.active && <Tag style={{ marginInlineStart: 6 }}>{t('common.inactive')}</Tag>}
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>{category(p.category)}</div>
        </div>
      ),
    },
    { key: 'schedule', title: t('repairs.plans.schedule'), render: (_, p) => <div style={{ maxWidth: 200 }}>{describeRule(p.schedule, t)}</div> },
    { key: 'locations', title: t('repairs.plans.locations'), render: (_, p) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: places(p) }} style={{ margin: 0, maxWidth: 180 }}>{places(p)}</Typography.Paragraph> },
    { key: 'assignee', title: t('repairs.plans.assignee'), render: (_, p) => p.assigneeName ?? <span style={{ color: '#bbb' }}>{t('common.none')}</span> },
    { key: 'next', title: t('repairs.plans.nextDue'), render: (_, p) => next(p) },
    { key: 'orders', title: t('repairs.plans.orderCount'), align: 'right', dataIndex: 'orderCount' },
    ...(writable ? [{ key: 'actions', title: t('common.actions'), render: (_: unknown, p: MaintenancePlan) => actions(p) }] : []),
  ];

  const list = plans.data ?? [];
  return (
    <div data-testid="page-repairs-plans">
      <PageHeader title={t('repairs.plans.title')} sub={t('repairs.plans.sub')}
        extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-button">{t('repairs.plans.create')}</Button>} />
      {plans.isError && <Alert type="error" showIcon title={(plans.error as Error).message} />}
      {plans.isPending ? <Skeleton active /> : phone ? (
        list.length ? (
          <div style={{ display: 'grid', gap: 10 }}>
            {list.map((p) => (
              <Card key={p.id} size="small" data-testid="plan-row" title={<span style={{ whiteSpace: 'normal' }}>{p.name}</span>}
                extra={p.active ? <Tag color="success" style={{ marginInlineEnd: 0 }}>{t('common.active')}</Tag> : <Tag style={{ marginInlineEnd: 0 }}>{t('common.inactive')}</Tag>}>
                <div style={{ display: 'grid', gap: 4, fontSize: 13 }}>
                  <div>{category(p.category)} · {describeRule(p.schedule, t)}</div>
                  <div style={{ color: '#595959', overflowWrap: 'anywhere' }}>{places(p)}</div>
                  <div>{t('repairs.plans.nextDue')}：{next(p)}</div>
                  {p.assigneeName && <div>{t('repairs.plans.assignee')}：{p.assigneeName}</div>}
                </div>
                {writable && <div style={{ marginTop: 8 }}>{actions(p)}</div>}
              </Card>
            ))}
          </div>
        ) : <Empty description={t('repairs.plans.empty')} />
      ) : (
        <Table<MaintenancePlan> rowKey="id" size="middle" columns={columns} dataSource={list} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('repairs.plans.empty') }} onRow={() => ({ 'data-testid': 'plan-row' } as React.HTMLAttributes<HTMLElement>)} />
      )}
      <PlanForm plan={editing === 'new' ? null : editing} open={editing != null} onClose={() => setEditing(null)} />
    </div>
  );
}
