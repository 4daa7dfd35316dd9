import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined, EnvironmentOutlined, UserOutlined, CalendarOutlined } from '@ant-design/icons';
import { CreateInspectionInput, INSPECTION_STATES, type Inspection } from '../../../contracts/inspections';
import type { Query } from '../../api/client';
import { useInspectionList, useStartInspection, useTemplates } from '../../api/inspections';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { LocationTreeSelect } from '../../components/refs';
import { applyServerErrors, issueMessage, useZodLocale } from '../../components/resource/formKit';
import { useIsPhone } from '../../components/useIsPhone';

export const nameOf = (n: { zh: string; en: string | null }, locale: string) => (locale === 'en-US' ? n.en ?? n.zh : n.zh);

export function InspectionStateTag({ state }: { state: Inspection['state'] }) {
  const { t } = useI18n();
  return <Tag color={state === 'submitted' ? 'success' : 'processing'} style={{ marginInlineEnd: 0 }}>{t(`inspections.inspectionState.${state}`)}</Tag>;
}

interface StartValues { templateId?: number; locationId?: number | null; zone?: string; note?: string }

/** Starts an inspection: a checklist, and a place (or a zone). */
function StartDialog({ open, onClose, templateId }: { open: boolean; onClose: () => void; templateId?: number }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<StartValues>();
  const templates = useTemplates({ active: true });
  const start = useStartInspection();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: StartValues) => {
    setError(null);
    const body = { templateId: v.templateId, locationId: v.locationId ?? null, zone: v.locationId ? null : v.zone?.trim() || null, note: v.note?.trim() || null };
    const parsed = CreateInspectionInput.safeParse(body);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]) as keyof StartValues, errors: [i.path[0] === 'locationId' ? t('errors.inspections.placeRequired') : issueMessage(i, t)] })));
      return;
    }
    try {
      const i = await start.mutateAsync(parsed.data);
      message.success(t('inspections.web.start.started'));
      onClose();
      navigate(`/inspections/${i.id}`);
    } catch (e) {
      const rest = applyServerErrors(form as never, e, ['templateId', 'locationId', 'zone', 'note']);
      setError(rest.length ? rest.join('；') : (e as Error).message);
    }
  };
  return (
    <Modal open={open} onCancel={onClose} destroyOnHidden title={t('inspections.web.start.title')} width={phone ? '100%' : 520} style={phone ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
      footer={[
        <Button key="c" size="large" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" size="large" type="primary" loading={start.isPending} onClick={() => form.submit()} data-testid="inspection-start-submit">{t('inspections.web.start.submit')}</Button>,
      ]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ templateId }}>
        <Form.Item name="templateId" label={t('inspections.web.start.template')} rules={[{ required: true, message: t('inspections.web.start.template') }]}>
          <Select size="large" loading={templates.isPending} data-testid="inspection-template" placeholder={t('list.selectPlaceholder')}
            options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: `${nameOf(x.name, locale)}（${t(`inspections.frequency.${x.frequency}`)}）` }))} />
        </Form.Item>
        <Form.Item name="locationId" label={t('inspections.web.start.location')}>
          <LocationTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="zone" label={t('inspections.web.start.zone')} extra={t('inspections.web.start.zoneHint')}>
          <Input size="large" maxLength={60} data-testid="inspection-zone" />
        </Form.Item>
        <Form.Item name="note" label={t('inspections.web.start.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function InspectionCard({ i }: { i: Inspection }) {
  const { t, locale } = useI18n();
  return (
    <Link to={`/inspections/${i.id}`} style={{ color: 'inherit' }} data-testid="inspection-row">
      <Card size="small" styles={{ body: { padding: 12 } }}>
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography.Text strong>{nameOf(i.templateName, locale)}</Typography.Text>
          <InspectionStateTag state={i.state} />
          {i.failCount > 0 && <Tag color="error">{t('inspections.web.list.failed', { count: i.failCount })}</Tag>}
        </div>
        <div style={{ marginTop: 4, fontSize: 13, color: '#595959', overflowWrap: 'anywhere' }}><EnvironmentOutlined /> {i.locationPath || i.zone}</div>
        <Space size={12} wrap style={{ fontSize: 12, color: '#8c8c8c', marginTop: 4 }}>
          <span><CalendarOutlined /> {i.day}</span>
          <span><UserOutlined /> {i.inspectorName}</span>
          {i.state === 'in_progress' && <span>{t('inspections.web.list.progress', { answered: i.answeredCount, total: i.itemCount })}</span>}
          {i.score != null && <span>{i.score}/{i.maxScore}</span>}
        </Space>
      </Card>
    </Link>
  );
}

/** 安全检查: the inspections done (and being done), filtered by checklist and state; start one. */
export default function InspectionListPage() {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [starting, setStarting] = useState(params.get('start') === '1');
  const templates = useTemplates();
  const query: Query = { templateId: params.get('templateId') ?? undefined, state: params.get('state') ?? undefined, locationId: params.get('locationId') ?? undefined };
  const list = useInspectionList(query, { limit: 30 });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const set = (k: string, v: string | null) => setParams((p) => { const n = new URLSearchParams(p); if (v) n.set(k, v); else n.delete(k); return n; }, { replace: true });
  const width = phone ? 'calc(50% - 4px)' : 200;
  return (
    <div data-testid="page-inspections">
      <PageHeader title={t('inspections.web.list.title')} extra={can('inspections.inspection.write') ? (
        <Button type="primary" size={phone ? 'large' : 'middle'} icon={<PlusOutlined />} onClick={() => setStarting(true)} data-testid="inspection-start">{t('inspections.web.list.start')}</Button>
      ) : undefined} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Select allowClear placeholder={t('inspections.web.list.allTemplates')} style={{ width }} value={query.templateId ? Number(query.templateId) : undefined}
          onChange={(v) => set('templateId', v ? String(v) : null)} options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: nameOf(x.name, locale) }))} />
        <Select allowClear placeholder={t('inspections.web.list.state')} style={{ width }} value={query.state as string | undefined}
          onChange={(v) => set('state', v ?? null)} options={INSPECTION_STATES.map((s) => ({ value: s, label: t(`inspections.inspectionState.${s}`) }))} />
        <div style={{ width: phone ? '100%' : 220 }}>
          <LocationTreeSelect value={query.locationId ? Number(query.locationId) : null} onChange={(v) => set('locationId', v == null ? null : String(v))} style={{ width: '100%' }} placeholder={t('inspections.web.list.location')} />
        </div>
      </div>
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />}
      {list.isPending ? <Skeleton active /> : !items.length ? <Empty description={t('inspections.web.list.empty')} /> : phone ? (
        <div style={{ display: 'grid', gap: 10 }} data-testid="inspection-list">{items.map((i) => <InspectionCard key={i.id} i={i} />)}</div>
      ) : (
        <Table<Inspection> rowKey="id" size="middle" pagination={false} dataSource={items} data-testid="inspection-list"
          onRow={() => ({ 'data-testid': 'inspection-row' } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { key: 'template', title: t('inspections.web.list.template'), render: (_, i) => <Link to={`/inspections/${i.id}`}>{nameOf(i.templateName, locale)}</Link> },
            { key: 'place', title: t('inspections.web.list.location'), render: (_, i) => <div style={{ maxWidth: 240, overflowWrap: 'anywhere' }}>{i.locationPath || i.zone}</div> },
            { key: 'day', title: t('inspections.web.list.day'), dataIndex: 'day', width: 110 },
            { key: 'inspector', title: t('inspections.web.list.inspector'), dataIndex: 'inspectorName', width: 100 },
            { key: 'state', title: t('inspections.web.list.state'), width: 100, render: (_, i) => <InspectionStateTag state={i.state} /> },
            {
              key: 'result', title: t('inspections.web.list.result'), render: (_, i) => (
                <Space size={4} wrap>
                  {i.state === 'in_progress' ? t('inspections.web.list.progress', { answered: i.answeredCount, total: i.itemCount }) : <Tag color="success">{t('inspections.outcome.pass')} {i.passCount}</Tag>}
                  {i.failCount > 0 && <Tag color="error">{t('inspections.web.list.failed', { count: i.failCount })}</Tag>}
                  {i.score != null && <span>{i.score}/{i.maxScore}</span>}
                </Space>
              ),
            },
          ]} />
      )}
      {list.hasNextPage && <div style={{ textAlign: 'center', padding: 12 }}><Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button></div>}
      <StartDialog open={starting} onClose={() => setStarting(false)} templateId={Number(params.get('templateId')) || undefined} />
    </div>
  );
}
