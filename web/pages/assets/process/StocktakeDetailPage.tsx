import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Row, Select, Skeleton, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography,
  type TableColumnsType, type ButtonProps,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined, DeleteOutlined, EditOutlined, FileExcelOutlined, FilePdfOutlined, PlayCircleOutlined, ScanOutlined, StopOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { Resolution, StocktakeDetail, StocktakeLine, StocktakeSurplus } from '../../../../contracts/assetsProcess';
import { ACQUIRED_WAYS, type AssetClass } from '../../../../contracts/assets';
import { api, ApiError, download } from '../../../api/client';
import { useResolve, useStocktake, useStocktakeReport, useStocktakeStep } from '../../../api/assetsProcess';
import { useI18n } from '../../../app/i18n';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { useIsPhone } from '../../../components/useIsPhone';
import { PlanDrawer } from './StocktakeListPage';
import { fmtTime, LoadError, ProcessTimeline, ResultTag, StocktakeTag, toFen } from './shared';

type Target = { kind: 'lines'; lines: StocktakeLine[]; resolution: Resolution } | { kind: 'surplus'; item: StocktakeSurplus; resolution: Resolution };

/** The director's decision on one or more differences: a note (required to accept as is), or the new card of a 盘盈 item. */
function ResolveModal({ stocktakeId, target, onClose }: { stocktakeId: number; target: Target | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const resolve = useResolve(stocktakeId);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const register = target?.resolution === 'register';
  const classes = useQuery({
    queryKey: ['assets', 'classes'], enabled: register,
    queryFn: async ({ signal }) => (await api<{ items: AssetClass[] }>('/assets/classes', { signal })).items,
  });
  if (!target) return null;
  const noteRequired = target.resolution === 'accept';
  const title = t(`stocktake.review.${target.resolution === 'write_off' ? 'writeOff' : target.resolution}`);
  const submit = async (v: Record<string, unknown>) => {
    setError(null);
    const body = target.kind === 'lines'
      ? { lineIds: target.lines.map((l) => l.id), resolution: target.resolution, note: (v.note as string) || null }
      : {
        surplusIds: [target.item.id], resolution: target.resolution, note: (v.note as string) || null,
        ...(register ? { asset: {
          name: v.name, classCode: v.classCode, unitPriceFen: toFen(v.unitPrice as number), quantity: v.quantity ?? 1,
          acquiredOn: (v.acquiredOn as dayjs.Dayjs).format('YYYY-MM-DD'), acquiredWay: v.acquiredWay, locationId: target.item.locationId, model: v.model || null,
        } } : {}),
      };
    try {
      const r = await resolve.mutateAsync(body);
      message.success(t('stocktake.review.done', { count: r.resolved }));
      form.resetFields();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(e.fields.map((f) => {
          const key = f.path.replace(/^asset\./, '');
          return { name: key === 'unitPriceFen' ? 'unitPrice' : key, errors: [f.message] };
        }).filter((f) => ['note', 'name', 'classCode', 'unitPrice', 'quantity', 'acquiredOn', 'acquiredWay', 'model'].includes(String(f.name))));
      }
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Modal open onCancel={onClose} title={register ? t('stocktake.review.registerTitle') : title} okText={title} onOk={() => form.submit()}
      confirmLoading={resolve.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'resolve-ok' } as ButtonProps}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {target.kind === 'lines' && (
        <div style={{ marginBottom: 12, maxHeight: 160, overflow: 'auto' }}>
          {target.lines.map((l) => <div key={l.id}>{l.assetCode} {l.assetName}{l.foundLocationPath ? ` → ${l.foundLocationPath}` : ''}</div>)}
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional"
        initialValues={register && target.kind === 'surplus' ? { name: target.item.name, quantity: 1, acquiredOn: dayjs(), acquiredWay: 'purchase' } : {}}>
        {register && (
          <>
            <Form.Item name="name" label={t('stocktake.count.surplusName')} rules={[{ required: true, whitespace: true, max: 100 }]}><Input /></Form.Item>
            <Form.Item name="classCode" label={t('stocktake.review.classCode')} rules={[{ required: true }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={classes.isPending} data-testid="register-class"
                options={(classes.data ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}><Form.Item name="unitPrice" label={t('stocktake.review.unitPrice')} rules={[{ required: true }]}><InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="register-price" /></Form.Item></Col>
              <Col span={12}><Form.Item name="quantity" label={t('stocktake.review.quantity')} rules={[{ required: true }]}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
            <Row gutter={12}>
              <Col span={12}><Form.Item name="acquiredOn" label={t('stocktake.review.acquiredOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={12}><Form.Item name="acquiredWay" label={t('stocktake.review.acquiredWay')}>
                <Select options={ACQUIRED_WAYS.map((w) => ({ value: w, label: t(`stocktake.review.way.${w}`) }))} />
              </Form.Item></Col>
            </Row>
            <Form.Item name="model" label={t('stocktake.review.model')} rules={[{ max: 100 }]}><Input /></Form.Item>
          </>
        )}
        <Form.Item name="note" label={noteRequired ? t('stocktake.review.acceptNote') : t('stocktake.review.note')} rules={[{ required: noteRequired, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={2} data-testid="resolve-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResolutionCell({ line, item }: { line?: StocktakeLine; item?: StocktakeSurplus }) {
  const { t } = useI18n();
  const r = line?.resolution ?? item?.resolution;
  if (!r) return <Tag color="error">{t('stocktake.review.unresolved')}</Tag>;
  return (
    <div>
      <Tag color="success">{t(`stocktake.resolution.${r}`)}</Tag>
      {line?.disposalId && <Link to={`/assets/disposals/${line.disposalId}`}>{t('stocktake.review.disposal')}</Link>}
      {item?.registeredAssetCode && <Link to={`/assets/${item.registeredAssetId}`}>{item.registeredAssetCode}</Link>}
      {(line?.resolutionNote ?? item?.resolutionNote) && <div style={{ fontSize: 12, color: '#8c8c8c', overflowWrap: 'anywhere' }}>{line?.resolutionNote ?? item?.resolutionNote}</div>}
    </div>
  );
}

/** Lines as a table (desktop, with bulk selection) or cards (phone). */
function LinesView({ lines, actions, testId, selectable, onBulk, bulkActions }: {
  lines: StocktakeLine[]; actions?: (l: StocktakeLine) => ReactNode; testId: string; selectable?: boolean;
  onBulk?: (lines: StocktakeLine[], r: Resolution) => void; bulkActions?: Resolution[];
}) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [selected, setSelected] = useState<number[]>([]);
  if (!lines.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stocktake.review.none')} />;
  if (phone) {
    return (
      <div style={{ display: 'grid', gap: 8 }} data-testid={testId}>
        {lines.map((l) => (
          <Card key={l.id} size="small" data-testid="report-line" data-code={l.assetCode} styles={{ body: { padding: 10 } }}>
            <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}><strong>{l.assetName}</strong><ResultTag result={l.result} /></div>
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>{l.assetCode}</div>
            <div style={{ fontSize: 12 }}>{t('stocktake.report.col.expected')}：{l.expectedLocationPath || '—'}</div>
            {l.foundLocationPath && <div style={{ fontSize: 12 }}>{t('stocktake.report.col.found')}：{l.foundLocationPath}</div>}
            {l.countedByName && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{l.countedByName} {fmtTime(l.countedAt)}</div>}
            {(l.result === 'wrong_place' || l.result === 'missing') && <div style={{ marginTop: 6 }}><ResolutionCell line={l} /></div>}
            {actions && !l.resolution && <div style={{ marginTop: 8 }}>{actions(l)}</div>}
          </Card>
        ))}
      </div>
    );
  }
  const differences = lines.some((l) => l.result === 'wrong_place' || l.result === 'missing');
  const small = (text: string) => <div style={{ fontSize: 12, color: '#8c8c8c' }}>{text}</div>;
  const columns: TableColumnsType<StocktakeLine> = [
    { key: 'code', title: t('stocktake.report.col.code'), width: 130, render: (_, l) => <><Link to={`/assets/${l.assetId}`}>{l.assetCode}</Link>{small(l.assetName)}</> },
    { key: 'expected', title: t('stocktake.report.col.expected'), width: 170, render: (_, l) => l.expectedLocationPath || '—' },
    { key: 'found', title: t('stocktake.report.col.found'), width: 170, render: (_, l) => (l.foundLocationPath
      ? <>{l.foundLocationPath}{l.countedByName && small(`${l.countedByName} ${fmtTime(l.countedAt)}`)}</> : '—') },
    // Differences: the resolution, or the director's buttons while it is open.
    ...(differences ? [{ key: 'resolution', title: t('stocktake.report.col.resolution'), width: 190,
      render: (_: unknown, l: StocktakeLine) => (!l.resolution && actions ? actions(l) : <ResolutionCell line={l} />) }] : []),
  ];
  const chosen = lines.filter((l) => selected.includes(l.id));
  return (
    <div data-testid={testId}>
      {selectable && chosen.length > 0 && (
        <Space wrap style={{ marginBottom: 8 }}>
          <span>{t('stocktake.review.selected', { count: chosen.length })}</span>
          {bulkActions?.map((r) => <Button key={r} size="small" onClick={() => { onBulk?.(chosen, r); setSelected([]); }}>{t(`stocktake.review.${r === 'write_off' ? 'writeOff' : r}`)}</Button>)}
        </Space>
      )}
      <Table rowKey="id" size="small" columns={columns} dataSource={lines} pagination={lines.length > 50 ? { pageSize: 50 } : false}
        rowSelection={selectable ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), getCheckboxProps: (l) => ({ disabled: !!l.resolution }) } : undefined}
        onRow={(l) => ({ 'data-testid': 'report-line', 'data-code': l.assetCode }) as React.HTMLAttributes<HTMLElement>} />
    </div>
  );
}

function SurplusView({ items, onResolve }: { items: StocktakeSurplus[]; onResolve?: (x: StocktakeSurplus, r: Resolution) => void }) {
  const { t } = useI18n();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stocktake.review.none')} />;
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="report-surplus">
      {items.map((x) => (
        <Card key={x.id} size="small" data-testid="report-surplus-item" styles={{ body: { padding: 10 } }}>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <PhotoGallery files={x.photos} size={72} />
            <div style={{ flex: '1 1 200px', minWidth: 0 }}>
              <div><strong>{x.name}</strong> <Tag color="purple">{t('stocktake.result.surplus')}</Tag></div>
              {x.description && <div style={{ color: '#595959' }}>{x.description}</div>}
              <div style={{ fontSize: 12 }}>{t('stocktake.report.col.found')}：{x.locationPath}</div>
              <div style={{ fontSize: 12, color: '#8c8c8c' }}>{x.foundByName} {fmtTime(x.foundAt)}</div>
              <div style={{ marginTop: 6 }}><ResolutionCell item={x} /></div>
            </div>
            {onResolve && !x.resolution && (
              <Space wrap>
                <Button type="primary" onClick={() => onResolve(x, 'register')} data-testid="resolve-register">{t('stocktake.review.register')}</Button>
                <Button onClick={() => onResolve(x, 'accept')} data-testid="resolve-accept">{t('stocktake.review.accept')}</Button>
              </Space>
            )}
          </div>
        </Card>
      ))}
    </div>
  );
}

function Actions({ st }: { st: StocktakeDetail }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message, modal } = App.useApp();
  const step = useStocktakeStep();
  const [editOpen, setEditOpen] = useState(false);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const size = phone ? 'large' : 'middle';
  const run = async (s: Parameters<typeof step.mutateAsync>[0]['step'], body?: unknown) => {
    try { await step.mutateAsync({ id: st.id, step: s, body }); message.success(t('common.saved')); } catch (e) { message.error(e instanceof Error ? e.message : String(e)); }
  };
  const confirm = (text: string, s: Parameters<typeof step.mutateAsync>[0]['step']) => modal.confirm({ title: text, onOk: () => run(s) });
  const a = st.actions;
  const exporting = async (ext: 'xlsx' | 'pdf') => {
    try { await download(`/stocktakes/${st.id}/report.${ext}`, undefined, `stocktake.${ext}`); } catch (e) { message.error(e instanceof Error ? e.message : String(e)); }
  };
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="stocktake-actions">
      {a.includes('count') && <Link to={`/assets/stocktakes/${st.id}/count`}><Button type="primary" size={size} icon={<ScanOutlined />} data-testid="stocktake-count">{t('stocktake.detail.count')}</Button></Link>}
      {a.includes('start') && <Button type="primary" size={size} icon={<PlayCircleOutlined />} loading={step.isPending} onClick={() => confirm(t('stocktake.detail.startConfirm'), 'start')} data-testid="stocktake-start">{t('stocktake.detail.start')}</Button>}
      {a.includes('edit') && <Button size={size} icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="stocktake-edit">{t('stocktake.detail.edit')}</Button>}
      {a.includes('endCounting') && <Button size={size} icon={<StopOutlined />} onClick={() => confirm(t('stocktake.detail.endConfirm'), 'end-counting')} data-testid="stocktake-end">{t('stocktake.detail.endCounting')}</Button>}
      {a.includes('resumeCounting') && <Button size={size} icon={<UndoOutlined />} onClick={() => run('resume-counting')} data-testid="stocktake-resume">{t('stocktake.detail.resume')}</Button>}
      {a.includes('close') && (
        <Tooltip title={st.summary.unresolved > 0 ? t('stocktake.detail.closeBlocked', { count: st.summary.unresolved }) : undefined}>
          <Button type="primary" size={size} icon={<CheckOutlined />} disabled={st.summary.unresolved > 0} onClick={() => confirm(t('stocktake.detail.closeConfirm'), 'close')} data-testid="stocktake-close">{t('stocktake.detail.close')}</Button>
        </Tooltip>
      )}
      {a.includes('cancel') && <Button size={size} danger icon={<DeleteOutlined />} onClick={() => setCancelOpen(true)} data-testid="stocktake-cancel">{t('stocktake.detail.cancel')}</Button>}
      {st.state !== 'planned' && st.state !== 'cancelled' && (
        <>
          <Button size={size} icon={<FileExcelOutlined />} onClick={() => exporting('xlsx')} data-testid="stocktake-export-xlsx">{t('stocktake.detail.exportXlsx')}</Button>
          <Button size={size} icon={<FilePdfOutlined />} onClick={() => exporting('pdf')} data-testid="stocktake-export-pdf">{t('stocktake.detail.exportPdf')}</Button>
        </>
      )}
      <PlanDrawer open={editOpen} onClose={() => setEditOpen(false)} stocktake={st} />
      <Modal open={cancelOpen} title={t('stocktake.detail.cancel')} onCancel={() => setCancelOpen(false)} okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onOk={async () => { await run('cancel', { reason }); setCancelOpen(false); }}>
        <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('stocktake.detail.cancelReason')} />
      </Modal>
    </Space>
  );
}

function Report({ st }: { st: StocktakeDetail }) {
  const { t } = useI18n();
  const report = useStocktakeReport(st.id);
  const [target, setTarget] = useState<Target | null>(null);
  if (report.isError) return <LoadError error={report.error} retry={() => report.refetch()} />;
  if (!report.data) return <Skeleton active />;
  const r = report.data;
  const canResolve = st.actions.includes('resolve');
  const lineActions = (kind: 'wrong_place' | 'missing') => (canResolve ? (l: StocktakeLine) => (
    <Space wrap size={4}>
      {kind === 'wrong_place'
        ? <Button size="small" type="primary" icon={<SwapOutlined />} onClick={() => setTarget({ kind: 'lines', lines: [l], resolution: 'move' })} data-testid="resolve-move">{t('stocktake.review.move')}</Button>
        : <Button size="small" type="primary" danger onClick={() => setTarget({ kind: 'lines', lines: [l], resolution: 'write_off' })} data-testid="resolve-write-off">{t('stocktake.review.writeOff')}</Button>}
      <Button size="small" onClick={() => setTarget({ kind: 'lines', lines: [l], resolution: 'accept' })} data-testid="resolve-accept">{t('stocktake.review.accept')}</Button>
    </Space>
  ) : undefined);
  const diffCount = r.wrongPlace.length + r.missing.length + r.surplus.length;
  return (
    <Card size="small" title={t('stocktake.review.title')} data-testid="stocktake-report"
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.frozen ? t('stocktake.review.frozen', { at: fmtTime(st.closedAt) }) : t('stocktake.review.live')}</Typography.Text>}>
      <Tabs items={[
        {
          key: 'diff', label: `${t('stocktake.review.differences')} ${diffCount}`, children: (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <div><Typography.Title level={5}>{t('stocktake.review.wrongPlace')}（{r.wrongPlace.length}）</Typography.Title>
                <LinesView lines={r.wrongPlace} actions={lineActions('wrong_place')} testId="report-wrong-place" selectable={canResolve}
                  bulkActions={['move', 'accept']} onBulk={(lines, res) => setTarget({ kind: 'lines', lines, resolution: res })} /></div>
              <div><Typography.Title level={5}>{t('stocktake.review.missing')}（{r.missing.length}）</Typography.Title>
                <LinesView lines={r.missing} actions={lineActions('missing')} testId="report-missing" selectable={canResolve}
                  bulkActions={['write_off', 'accept']} onBulk={(lines, res) => setTarget({ kind: 'lines', lines, resolution: res })} /></div>
              <div><Typography.Title level={5}>{t('stocktake.review.surplus')}（{r.surplus.length}）</Typography.Title>
                <SurplusView items={r.surplus} onResolve={canResolve ? (item, res) => setTarget({ kind: 'surplus', item, resolution: res }) : undefined} /></div>
            </Space>
          ),
        },
        { key: 'found', label: `${t('stocktake.review.found')} ${r.found.length}`, children: <LinesView lines={r.found} testId="report-found" /> },
        ...(r.pending.length ? [{ key: 'pending', label: `${t('stocktake.review.pending')} ${r.pending.length}`, children: <LinesView lines={r.pending} testId="report-pending" /> }] : []),
        {
          key: 'counters', label: t('stocktake.review.counters'), children: (
            <Table rowKey="id" size="small" pagination={false} dataSource={r.counters}
              columns={[{ key: 'name', title: t('stocktake.report.col.counter'), dataIndex: 'name' }, { key: 'n', title: t('stocktake.summary.counted'), dataIndex: 'counted', width: 100 }]} />
          ),
        },
      ]} />
      <ResolveModal stocktakeId={st.id} target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}

/** A stocktake: its plan, progress, the report with the differences to resolve, closing and exports, the timeline. */
export default function StocktakeDetailPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { id } = useParams();
  const n = Number(id);
  const q = useStocktake(Number.isInteger(n) && n > 0 ? n : null);
  if (q.isError && q.error instanceof ApiError && q.error.status === 404) return <Alert type="warning" showIcon title={t('detail.notFound')} />;
  if (q.isError) return <LoadError error={q.error} retry={() => q.refetch()} />;
  const st = q.data;
  if (!st) return <Skeleton active />;
  const s = st.summary;
  const figures: [string, number, string?][] = [
    ['expected', s.expected], ['counted', s.counted], ['found', s.found, '#389e0d'], ['wrongPlace', s.wrongPlace, '#d48806'],
    ['missing', s.missing, '#cf1322'], ['surplus', s.surplus, '#531dab'], ['unresolved', s.unresolved, s.unresolved ? '#cf1322' : undefined],
  ];
  return (
    <div data-testid="page-stocktake-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/assets/stocktakes'))} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">{st.name}</Typography.Title>
        <StocktakeTag state={st.state} />
        {st.overdue && <Tag color="error">{t('stocktake.list.overdue')}</Tag>}
        <Typography.Text type="secondary">{st.code}</Typography.Text>
      </div>
      <Actions st={st} />
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }} data-testid="stocktake-summary">
        {figures.map(([k, v, color]) => (
          <Col key={k} xs={8} sm={6} md={3}><Card size="small" styles={{ body: { padding: phone ? 8 : 12 } }}>
            <Statistic title={t(`stocktake.summary.${k}`)} value={v} styles={{ content: { color, fontSize: phone ? 18 : 22 } }} data-testid={`summary-${k}`} />
          </Card></Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={17}>
          {st.state === 'planned' || st.state === 'cancelled' ? (
            <Card size="small"><Typography.Text type="secondary">{t('stocktake.detail.notStarted')}</Typography.Text></Card>
          ) : <Report st={st} />}
        </Col>
        <Col xs={24} lg={7}>
          <Card size="small" title={t('stocktake.detail.plan')}>
            <Descriptions column={1} size="small" items={[
              { key: 'scope', label: t('stocktake.detail.locations'), children: st.scope === 'school' ? t('stocktake.scope.school') : st.locations.map((l) => <div key={l.id}>{l.path}</div>) },
              { key: 'due', label: t('stocktake.form.dueDate'), children: st.dueDate },
              { key: 'counters', label: t('stocktake.detail.counters'), children: st.counters.map((c) => `${c.name}（${c.counted}）`).join('、') },
              ...(st.startedAt ? [{ key: 'started', label: t('stocktake.event.start'), children: fmtTime(st.startedAt) }] : []),
              ...(st.countingEndedAt ? [{ key: 'ended', label: t('stocktake.event.endCounting'), children: fmtTime(st.countingEndedAt) }] : []),
              ...(st.closedAt ? [{ key: 'closed', label: t('stocktake.event.close'), children: `${fmtTime(st.closedAt)} ${st.closedByName ?? ''}` }] : []),
              ...(st.note ? [{ key: 'note', label: t('stocktake.form.note'), children: st.note }] : []),
            ]} />
          </Card>
          <Card size="small" title={t('stocktake.detail.timeline')} style={{ marginTop: 16 }}>
            <ProcessTimeline events={st.events} ns="stocktake" />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
