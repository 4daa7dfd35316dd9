import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Button, Card, Input, Segmented, Space, Tag, Typography } from 'antd';
import { DownloadOutlined, LogoutOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import type { Visitor } from '../../../../contracts/safetyGate';
import { download } from '../../../api/client';
import { useI18n } from '../../../app/i18n';
import { useCan } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { useCheckoutVisitor, useConfirmHost, useVisitors } from '../../../api/gate';
import { ListFrame, cardGrid, when, hm } from './shared';

function VisitorCard({ v }: { v: Visitor }) {
  const { t } = useI18n();
  const can = useCan();
  const { modal, message } = App.useApp();
  const checkout = useCheckoutVisitor();
  const confirm = useConfirmHost();
  const writable = can('gate.visitors.write');
  const out = () => modal.confirm({
    title: t('gate.visitors.checkoutConfirm', { name: v.name }), okText: t('gate.visitors.checkout'), cancelText: t('common.cancel'),
    okButtonProps: { size: 'large', 'data-testid': 'visitor-checkout-ok' } as never, cancelButtonProps: { size: 'large' },
    onOk: async () => {
      try { await checkout.mutateAsync(v.id); message.success(t('gate.visitors.checkedOut')); } catch (e) { message.error((e as Error).message); }
    },
  });
  return (
    <Card size="small" data-testid="visitor-card" style={{ borderColor: v.overstay && v.inside ? '#ff4d4f' : undefined }}
      title={<Space size={6} wrap><span style={{ fontSize: 17 }}>{v.name}</span>
        {v.inside ? <Tag color="purple">{t('gate.visitors.stillInside')}</Tag> : <Tag>{t('gate.visitors.out')} {hm(v.timeOut)}</Tag>}
        {v.overstay && <Tag color="red">{v.inside ? t('gate.visitors.overstay') : t('gate.visitors.leftLate')}</Tag>}</Space>}
      extra={v.badgeNo ? <Typography.Text type="secondary">{t('gate.visitors.badge', { no: v.badgeNo })}</Typography.Text> : null}>
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Typography.Text>{v.organisation ? `${v.organisation} · ` : ''}{v.reason}</Typography.Text>
        <Typography.Text type="secondary">{t(`gate.idType.${v.idType}`)} {v.idMasked} · <a href={`tel:${v.phone}`}><PhoneOutlined /> {v.phone}</a>{v.plate ? ` · ${v.plate}` : ''}</Typography.Text>
        <Typography.Text type="secondary">
          {t('gate.visitors.in')} {when(v.timeIn)}{v.hostName ? ` · ${v.hostName} ` : ' '}
          {v.hostName && (v.hostConfirmed ? <Tag color="green">{t('gate.visitors.hostConfirmedBy', { name: v.hostConfirmedByName ?? '' })}</Tag> : <Tag>{t('gate.visitors.hostNotConfirmed')}</Tag>)}
        </Typography.Text>
        {writable && v.inside && (
          <div style={{ display: 'flex', gap: 8, marginTop: 6 }}>
            {v.hostId && !v.hostConfirmed && (
              <Button size="large" onClick={() => confirm.mutate(v.id)} loading={confirm.isPending} style={{ flex: 1 }}>{t('gate.visitors.confirmHostDo')}</Button>
            )}
            <Button type="primary" size="large" icon={<LogoutOutlined />} onClick={out} style={{ flex: 1, height: 48, fontSize: 17 }} data-testid="visitor-checkout">{t('gate.visitors.checkout')}</Button>
          </div>
        )}
      </Space>
    </Card>
  );
}

/** 来访登记簿: who is inside now (one-tap departure), after-hours flags, search, export. */
export default function VisitorsPage() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const view = params.get('overstay') === 'true' ? 'overstay' : params.get('inside') === 'true' ? 'inside' : 'all';
  const [q, setQ] = useState(params.get('q') ?? '');
  const query = { inside: view === 'all' ? undefined : true, overstay: view === 'overstay' ? true : undefined, q: params.get('q') || undefined };
  const list = useVisitors(query, { refetchInterval: view === 'all' ? undefined : 60_000 });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const setView = (v: string) => {
    const next = new URLSearchParams(params);
    next.delete('inside'); next.delete('overstay');
    if (v === 'inside') next.set('inside', 'true');
    if (v === 'overstay') { next.set('inside', 'true'); next.set('overstay', 'true'); }
    setParams(next, { replace: true });
  };
  const search = (value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim()) next.set('q', value.trim()); else next.delete('q');
    setParams(next, { replace: true });
  };
  const exportXlsx = async () => {
    try { message.success(t('common.exportDone', { name: await download('/visitors/export.xlsx', query) })); } catch (e) { message.error((e as Error).message); }
  };

  return (
    <div data-testid="page-visitors">
      <PageHeader title={t('gate.visitors.title')} extra={<>
        {can('gate.visitors.write') && <Link to="/safety/gate/visitors/new"><Button type="primary" size="large" icon={<PlusOutlined />} data-testid="visitor-new">{t('gate.visitors.new')}</Button></Link>}
        <Button size="large" icon={<DownloadOutlined />} onClick={exportXlsx} data-testid="visitors-export">{t('gate.visitors.export')}</Button>
      </>} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Segmented size="large" value={view} onChange={(v) => setView(String(v))} data-testid="visitor-filter"
          options={[{ value: 'inside', label: t('gate.visitors.inside') }, { value: 'overstay', label: t('gate.visitors.overstay') }, { value: 'all', label: t('gate.visitors.all') }]} />
        <Input.Search size="large" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={search} placeholder={t('gate.visitors.search')} style={{ flex: '1 1 220px' }} data-testid="visitor-search" />
      </div>
      <ListFrame q={list} count={items.length} empty={t('gate.visitors.empty')}>
        <div style={cardGrid} data-testid="visitor-list">{items.map((v) => <VisitorCard key={v.id} v={v} />)}</div>
      </ListFrame>
    </div>
  );
}
