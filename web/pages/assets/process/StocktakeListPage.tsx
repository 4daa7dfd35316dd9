import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Drawer, Empty, Form, Input, Progress, Radio, Segmented, Skeleton, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ScanOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { STOCKTAKE_STATES, type Stocktake } from '../../../../contracts/assetsProcess';
import type { Building, Location } from '../../../../contracts/org';
import { ApiError } from '../../../api/client';
import { useSaveStocktake, useStocktakeList } from '../../../api/assetsProcess';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { buildLocationTree, useRefData } from '../../../components/refs';
import { useIsPhone } from '../../../components/useIsPhone';
import { LoadError, LoadMore, PartySelect, PROCESS_ACTIONS, StocktakeTag } from './shared';

/** Places to count: a multiple pick in the place tree (each with everything under it). */
export function PlacesSelect({ value, onChange }: { value?: number[]; onChange?: (v: number[]) => void }) {
  const { t } = useI18n();
  const locations = useRefData('locations');
  const buildings = useRefData('buildings');
  const tree = useMemo(() => buildLocationTree(locations.active as unknown as Location[], buildings.active as unknown as Building[], t, undefined, true),
    [locations.active, buildings.active, t]);
  return (
    <TreeSelect treeData={tree} multiple showSearch={{ treeNodeFilterProp: 'title' }} allowClear size="large" value={value} onChange={(v) => onChange?.(v as number[])}
      loading={locations.loading} style={{ width: '100%' }} placeholder={t('list.selectPlaceholder')} data-testid="stocktake-locations"
      popupMatchSelectWidth={false} styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }} />
  );
}

interface PlanValues { name: string; scope: 'school' | 'locations'; locationIds: number[]; counterIds: number[]; dueDate: dayjs.Dayjs; note?: string }

/** The plan form: name, the whole school or chosen places, counters, due date. */
export function PlanDrawer({ open, onClose, stocktake }: { open: boolean; onClose: () => void; stocktake?: Stocktake }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const save = useSaveStocktake();
  const [form] = Form.useForm<PlanValues>();
  const [error, setError] = useState<string | null>(null);
  const scope = Form.useWatch('scope', form);
  const submit = async (v: PlanValues) => {
    setError(null);
    const body = { name: v.name, scope: v.scope, locationIds: v.scope === 'locations' ? v.locationIds ?? [] : [], counterIds: v.counterIds ?? [], dueDate: v.dueDate.format('YYYY-MM-DD'), note: v.note || null };
    try {
      const st = await save.mutateAsync(stocktake ? { id: stocktake.id, body: { ...body, version: stocktake.version } } : { body });
      message.success(t(stocktake ? 'common.saved' : 'stocktake.form.created'));
      onClose();
      if (!stocktake) navigate(`/assets/stocktakes/${st.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path.split('.')[0] as keyof PlanValues, errors: [f.message] })));
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('stocktake.form.title')} size={phone ? '100%' : 520} destroyOnHidden
      footer={<Space style={{ width: '100%', justifyContent: 'flex-end' }}><Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" size="large" loading={save.isPending} onClick={() => form.submit()} data-testid="stocktake-save">{t('stocktake.form.save')}</Button></Space>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional"
        initialValues={stocktake ? {
          name: stocktake.name, scope: stocktake.scope, locationIds: stocktake.locations.map((l) => l.id), counterIds: stocktake.counters.map((c) => c.id),
          dueDate: dayjs(stocktake.dueDate), note: stocktake.note ?? undefined,
        } : { scope: 'locations', dueDate: dayjs().add(14, 'day'), locationIds: [], counterIds: [] }}>
        <Form.Item name="name" label={t('stocktake.form.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input size="large" placeholder={t('stocktake.form.namePlaceholder')} data-testid="stocktake-name" />
        </Form.Item>
        <Form.Item name="scope" label={t('stocktake.form.scope')}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid="stocktake-scope"
            options={[{ value: 'locations', label: t('stocktake.scope.locations') }, { value: 'school', label: t('stocktake.scope.school') }]} />
        </Form.Item>
        {scope === 'locations' && (
          <Form.Item name="locationIds" label={t('stocktake.form.locations')} extra={t('stocktake.form.locationsHelp')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <PlacesSelect />
          </Form.Item>
        )}
        <Form.Item name="counterIds" label={t('stocktake.form.counters')} extra={t('stocktake.form.countersHelp')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <PartySelect source="people" multiple testId="stocktake-counters" initial={stocktake?.counters.map((c) => ({ id: c.id, name: c.name, detail: null }))} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('stocktake.form.dueDate')} rules={[{ required: true }]}>
          <DatePicker size="large" style={{ width: '100%' }} inputReadOnly={phone} data-testid="stocktake-due" />
        </Form.Item>
        <Form.Item name="note" label={t('stocktake.form.note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function Progressed({ st }: { st: Stocktake }) {
  const { t } = useI18n();
  const s = st.summary;
  const pct = s.expected ? Math.round((Math.min(s.counted, s.expected) / s.expected) * 100) : 0;
  return (
    <div style={{ minWidth: 140 }}>
      <Progress percent={pct} size="small" status={st.state === 'closed' ? 'success' : 'active'} showInfo={false} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('stocktake.list.progress', { counted: s.counted, expected: s.expected })}</Typography.Text>
      {(s.missing > 0 || s.wrongPlace > 0 || s.surplus > 0) && (
        <div style={{ fontSize: 12, display: 'flex', gap: 4, flexWrap: 'wrap', marginTop: 2 }}>
          {s.missing > 0 && <Tag color="error">{t('stocktake.summary.missing')} {s.missing}</Tag>}
          {s.wrongPlace > 0 && <Tag color="warning">{t('stocktake.summary.wrongPlace')} {s.wrongPlace}</Tag>}
          {s.surplus > 0 && <Tag color="purple">{t('stocktake.summary.surplus')} {s.surplus}</Tag>}
        </div>
      )}
    </div>
  );
}

const scopeText = (st: Stocktake, t: (k: string) => string) => (st.scope === 'school' ? t('stocktake.scope.school') : st.locations.map((l) => l.name).join('、'));

/** Stocktakes: plans, counting, review, closed; a counter's "go count" on a phone. */
export default function StocktakeListPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const [state, setState] = useState<string>('all');
  const [planOpen, setPlanOpen] = useState(false);
  const list = useStocktakeList(state === 'all' ? {} : state === 'mine' ? { mine: 'true' } : { state });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const countButton = (st: Stocktake) => st.actions.includes('count') && (
    <Link to={`/assets/stocktakes/${st.id}/count`}><Button type="primary" size={phone ? 'large' : 'middle'} icon={<ScanOutlined />} block={phone} data-testid="stocktake-go-count">{t('stocktake.list.count')}</Button></Link>
  );
  const columns: TableColumnsType<Stocktake> = [
    { key: 'code', title: t('stocktake.report.code'), width: 130, render: (_, st) => <Link to={`/assets/stocktakes/${st.id}`} data-testid="stocktake-open">{st.code}</Link> },
    { key: 'name', title: t('stocktake.form.name'), render: (_, st) => <><div>{st.name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{scopeText(st, t)}</Typography.Text></> },
    { key: 'state', title: t('common.status'), width: 120, render: (_, st) => <StocktakeTag state={st.state} /> },
    { key: 'due', title: t('stocktake.form.dueDate'), width: 130, render: (_, st) => <Space size={4}>{st.dueDate}{st.overdue && <Tag color="error" icon={<WarningOutlined />}>{t('stocktake.list.overdue')}</Tag>}</Space> },
    { key: 'progress', title: t('stocktake.detail.summary'), width: 220, render: (_, st) => <Progressed st={st} /> },
    { key: 'counters', title: t('stocktake.form.counters'), render: (_, st) => st.counters.map((c) => c.name).join('、') },
    { key: 'actions', title: t('common.actions'), width: 120, render: (_, st) => countButton(st) },
  ];

  return (
    <div data-testid="page-stocktakes">
      <PageHeader title={t('stocktake.list.title')} extra={can(PROCESS_ACTIONS.stocktakePlan) && (
        <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setPlanOpen(true)} data-testid="stocktake-new">{t('stocktake.list.new')}</Button>
      )} />
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented value={state} onChange={(v) => setState(String(v))} data-testid="stocktake-filter"
          options={[{ value: 'all', label: t('stocktake.list.all') }, { value: 'mine', label: t('stocktake.list.mine') },
            ...STOCKTAKE_STATES.map((s) => ({ value: s, label: t(`stocktake.state.${s}`) }))]} />
      </div>
      {list.isError ? <LoadError error={list.error} retry={() => list.refetch()} /> : list.isPending ? <Skeleton active /> : !items.length ? (
        <Empty description={t('stocktake.list.empty')} style={{ padding: '32px 0' }} />
      ) : phone ? (
        <div style={{ display: 'grid', gap: 10 }} data-testid="stocktake-list">
          {items.map((st) => (
            <Card key={st.id} size="small" data-testid="stocktake-row" styles={{ body: { padding: 12 } }}>
              <Link to={`/assets/stocktakes/${st.id}`} style={{ color: 'inherit', display: 'block' }} data-testid="stocktake-open">
                <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography.Text strong style={{ fontSize: 15 }}>{st.name}</Typography.Text>
                  <StocktakeTag state={st.state} />
                  {st.overdue && <Tag color="error">{t('stocktake.list.overdue')}</Tag>}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 'auto', fontSize: 12 }}>{st.code}</Typography.Text>
                </div>
                <div style={{ color: '#595959', marginTop: 4, overflowWrap: 'anywhere' }}>{scopeText(st, t)}</div>
                <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 2 }}>{t('stocktake.list.due', { date: st.dueDate })}</div>
                <div style={{ marginTop: 8 }}><Progressed st={st} /></div>
              </Link>
              {st.actions.includes('count') && <div style={{ marginTop: 10 }}>{countButton(st)}</div>}
            </Card>
          ))}
        </div>
      ) : (
        <Table rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} data-testid="stocktake-list"
          onRow={() => ({ 'data-testid': 'stocktake-row' }) as React.HTMLAttributes<HTMLElement>} />
      )}
      {!list.isPending && <LoadMore count={items.length} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />}
      <PlanDrawer open={planOpen} onClose={() => setPlanOpen(false)} />
    </div>
  );
}
