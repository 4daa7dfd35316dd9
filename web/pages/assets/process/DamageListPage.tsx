import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Drawer, Empty, Form, Input, InputNumber, List, Radio, Segmented, Skeleton, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, HomeOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { DAMAGE_STATES, RESPONSIBLE_TYPES, type DamageReport, type ResponsibleType } from '../../../../contracts/assetsProcess';
import { ApiError, download } from '../../../api/client';
import { useCreateDamage, useDamageList, useDamageSettings, useOutstandingStudents } from '../../../api/assetsProcess';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { useIsPhone } from '../../../components/useIsPhone';
import { AssetPicker, DamageTag, LoadError, LoadMore, PartySelect, PROCESS_ACTIONS, yuan, type AssetOption } from './shared';

interface DamageValues {
  assetId: number; quantity: number; foundOn: dayjs.Dayjs; responsibleType: ResponsibleType; responsibleId?: number | null;
  deliberate: boolean; description: string; photoIds: string[];
}

/** The amount the school's rule gives, shown while the form is filled (the server computes it again). */
function estimate(a: AssetOption | undefined, quantity: number, deliberate: boolean, percent: { deliberatePercent: number; accidentalPercent: number }): number | null {
  if (!a) return null;
  const value = a.lowValue ? a.originalValueFen : a.netValueFen;
  const q = Math.min(Math.max(1, quantity || 1), Math.max(1, a.quantity));
  return Math.round((value * q * (deliberate ? percent.deliberatePercent : percent.accidentalPercent)) / (Math.max(1, a.quantity) * 100));
}

/** 报告公物损坏: the asset, who is responsible, deliberate or not, what happened, photos. */
export function DamageDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateDamage();
  const { settings } = useDamageSettings();
  const [form] = Form.useForm<DamageValues>();
  const [picked, setPicked] = useState<AssetOption | undefined>();
  const [error, setError] = useState<string | null>(null);
  const type = Form.useWatch('responsibleType', form);
  const quantity = Form.useWatch('quantity', form);
  const deliberate = Form.useWatch('deliberate', form);
  const amount = estimate(picked, quantity, !!deliberate, settings);
  const submit = async (v: DamageValues) => {
    setError(null);
    try {
      const d = await create.mutateAsync({
        assetId: v.assetId, quantity: v.quantity ?? 1, foundOn: v.foundOn.format('YYYY-MM-DD'), responsibleType: v.responsibleType,
        responsibleId: v.responsibleType === 'unknown' ? null : v.responsibleId ?? null, deliberate: v.deliberate, description: v.description, photoIds: v.photoIds ?? [],
      });
      message.success(t('damage.form.created'));
      form.resetFields();
      onClose();
      navigate(`/assets/damage/${d.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path.split('.')[0] as keyof DamageValues, errors: [f.message] })));
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('damage.form.title')} size={phone ? '100%' : 520} destroyOnHidden
      footer={<Space style={{ width: '100%', justifyContent: 'flex-end' }}><Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" size="large" loading={create.isPending} onClick={() => form.submit()} data-testid="damage-submit">{t('damage.form.submit')}</Button></Space>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional"
        initialValues={{ quantity: 1, foundOn: dayjs(), responsibleType: 'student', deliberate: false, photoIds: [] }}>
        <Form.Item name="assetId" label={t('damage.form.asset')} rules={[{ required: true }]}>
          <AssetPicker placeholder={t('damage.form.assetPlaceholder')} testId="damage-asset" onPicked={(a) => setPicked(a[0])} />
        </Form.Item>
        {picked && picked.quantity > 1 && (
          <Form.Item name="quantity" label={t('damage.form.quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={picked.quantity} precision={0} size="large" style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="foundOn" label={t('damage.form.foundOn')} rules={[{ required: true }]}>
          <DatePicker size="large" style={{ width: '100%' }} inputReadOnly={phone} />
        </Form.Item>
        <Form.Item name="responsibleType" label={t('damage.form.responsibleType')}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid="damage-type"
            options={RESPONSIBLE_TYPES.map((r) => ({ value: r, label: t(`damage.responsible.${r}`) }))} onChange={() => form.setFieldValue('responsibleId', null)} />
        </Form.Item>
        {type && type !== 'unknown' && (
          <Form.Item name="responsibleId" label={t('damage.form.responsible')} rules={[{ required: true }]}>
            <PartySelect key={type} source={type} testId="damage-party" />
          </Form.Item>
        )}
        <Form.Item name="deliberate" label={t('damage.form.deliberate')}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large"
            options={[{ value: false, label: t('damage.form.deliberateNo') }, { value: true, label: t('damage.form.deliberateYes') }]} />
        </Form.Item>
        <Form.Item name="description" label={t('damage.form.description')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="damage-description" />
        </Form.Item>
        <Form.Item name="photoIds" label={t('damage.form.photos')}><PhotoUpload max={6} /></Form.Item>
        {amount != null && type !== 'unknown' && <Alert type="info" showIcon title={t('damage.form.estimate', { amount: yuan(amount) })} data-testid="damage-estimate" />}
      </Form>
    </Drawer>
  );
}

/** Boarders who still owe: the dorm and the director see them. */
function OutstandingBoarders() {
  const { t } = useI18n();
  const q = useOutstandingStudents();
  if (q.isError || !q.data) return null;
  return (
    <Card size="small" title={<Space><HomeOutlined />{t('damage.list.outstandingStudents')}</Space>} style={{ marginBottom: 12 }} data-testid="damage-outstanding-students">
      {!q.data.length ? <Typography.Text type="secondary">{t('damage.list.noOutstanding')}</Typography.Text> : (
        <List size="small" dataSource={q.data} renderItem={(s) => (
          <List.Item data-testid="outstanding-student">
            <Space wrap><strong>{s.name}</strong><span style={{ color: '#8c8c8c' }}>{s.className} · {s.studentNo}</span></Space>
            <Tag color="error">{t('damage.list.outstanding', { amount: yuan(s.outstandingFen) })}</Tag>
          </List.Item>
        )} />
      )}
    </Card>
  );
}

/** 公物损坏赔偿: reports, who owes what, boarders flagged. */
export default function DamageListPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const [state, setState] = useState('all');
  const [flagged, setFlagged] = useState(false);
  const [open, setOpen] = useState(false);
  const { message } = App.useApp();
  const query = { ...(state !== 'all' ? { state } : {}), ...(flagged ? { flagged: 'true' } : {}) };
  const list = useDamageList(query);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const party = (d: DamageReport) => (
    <Space size={4} wrap>
      <span>{t(`damage.responsible.${d.responsibleType}`)}{d.responsibleName ? `：${d.responsibleName}` : ''}</span>
      {d.boarder && <Tag color={d.flagged ? 'error' : 'default'} data-testid={d.flagged ? 'damage-flag' : undefined}>{d.flagged ? t('damage.list.flagged') : t('damage.list.boarder')}</Tag>}
    </Space>
  );
  const columns: TableColumnsType<DamageReport> = [
    { key: 'code', title: t('damage.payments.col.report'), width: 130, render: (_, d) => <Link to={`/assets/damage/${d.id}`} data-testid="damage-open">{d.code}</Link> },
    { key: 'asset', title: t('damage.form.asset'), render: (_, d) => <>{d.assetName}<div style={{ fontSize: 12, color: '#8c8c8c' }}>{d.assetCode}</div></> },
    { key: 'party', title: t('damage.detail.party'), render: (_, d) => party(d) },
    { key: 'kind', title: t('damage.form.deliberate'), width: 90, render: (_, d) => (d.deliberate ? t('damage.form.deliberateYes') : t('damage.form.deliberateNo')) },
    { key: 'amount', title: t('damage.detail.amount'), width: 110, align: 'right', render: (_, d) => yuan(d.amountFen) },
    { key: 'outstanding', title: t('damage.detail.outstanding'), width: 110, align: 'right', render: (_, d) => (d.outstandingFen ? <Typography.Text type="danger">{yuan(d.outstandingFen)}</Typography.Text> : '—') },
    { key: 'state', title: t('common.status'), width: 100, render: (_, d) => <DamageTag state={d.state} /> },
    { key: 'found', title: t('damage.form.foundOn'), width: 110, render: (_, d) => d.foundOn },
  ];
  return (
    <div data-testid="page-damage">
      <PageHeader title={t('damage.list.title')} extra={<>
        <Button size="large" icon={<DownloadOutlined />} data-testid="damage-export"
          onClick={async () => { try { await download('/damage-reports/export', query, 'damage.xlsx'); } catch (e) { message.error((e as Error).message); } }}>{t('common.export')}</Button>
        {can(PROCESS_ACTIONS.damageReport) && <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="damage-new">{t('damage.list.new')}</Button>}
      </>} />
      {can(PROCESS_ACTIONS.damageOutstanding) && <OutstandingBoarders />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 12 }}>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <Segmented value={state} onChange={(v) => setState(String(v))} options={[{ value: 'all', label: t('damage.list.all') }, ...DAMAGE_STATES.map((s) => ({ value: s, label: t(`damage.state.${s}`) }))]} />
        </div>
        <Space><Switch checked={flagged} onChange={setFlagged} data-testid="damage-flagged-filter" />{t('damage.list.flagged')}</Space>
      </div>
      {list.isError ? <LoadError error={list.error} retry={() => list.refetch()} /> : list.isPending ? <Skeleton active /> : !items.length ? (
        <Empty description={t('damage.list.empty')} style={{ padding: '32px 0' }} />
      ) : phone ? (
        <div style={{ display: 'grid', gap: 10 }} data-testid="damage-list">
          {items.map((d) => (
            <Card key={d.id} size="small" data-testid="damage-row" styles={{ body: { padding: 12 } }}>
              <Link to={`/assets/damage/${d.id}`} style={{ color: 'inherit', display: 'block' }} data-testid="damage-open">
                <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography.Text strong>{d.assetName}</Typography.Text><DamageTag state={d.state} />
                  <Typography.Text type="secondary" style={{ marginInlineStart: 'auto', fontSize: 12 }}>{d.code}</Typography.Text>
                </div>
                <div style={{ marginTop: 4 }}>{party(d)}</div>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', color: '#595959' }}>{d.description}</Typography.Paragraph>
                <div style={{ fontSize: 13, marginTop: 4 }}>{t('damage.detail.amount')} ¥{yuan(d.amountFen)}{d.outstandingFen ? <Typography.Text type="danger">（{t('damage.detail.outstanding')} ¥{yuan(d.outstandingFen)}）</Typography.Text> : null}</div>
              </Link>
            </Card>
          ))}
        </div>
      ) : (
        <Table rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} data-testid="damage-list"
          onRow={() => ({ 'data-testid': 'damage-row' }) as React.HTMLAttributes<HTMLElement>} />
      )}
      {!list.isPending && <LoadMore count={items.length} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />}
      <DamageDrawer open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
