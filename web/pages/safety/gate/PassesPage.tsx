import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Input, Segmented, Space, Typography } from 'antd';
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { ExitPass } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { useCan } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { usePasses } from '../../../api/gate';
import { ListFrame, PassStatusTag, cardGrid, klass, when } from './shared';

const FILTERS = ['all', 'valid', 'pending', 'out', 'overdueReturn', 'returned', 'cancelled'] as const;

function PassCard({ p }: { p: ExitPass }) {
  const { t } = useI18n();
  return (
    <Link to={`/safety/gate/passes/${p.id}`} data-testid="pass-card">
      <Card size="small" hoverable title={<Space size={6} wrap><span style={{ fontSize: 17 }}>{p.studentName}</span><Typography.Text type="secondary">{klass(t, p.grade, p.className)}</Typography.Text></Space>}
        extra={<PassStatusTag status={p.status} overdue={p.overdueReturn} />}>
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          <Typography.Text>{p.reason}</Typography.Text>
          <Typography.Text type="secondary">{when(p.validFrom)} – {when(p.validUntil)} · {p.withGuardian ? t('gate.passes.withGuardian') : t('gate.passes.alone')}</Typography.Text>
          <Typography.Text type="secondary">
            <QrcodeOutlined /> <span style={{ fontFamily: 'ui-monospace, monospace', letterSpacing: 2 }}>{p.code}</span> · {p.issuedByName}
            {p.exitedAt ? ` · ${t('gate.passes.exited', { at: when(p.exitedAt) })}` : ''}{p.returnedAt ? ` · ${t('gate.passes.returned', { at: when(p.returnedAt) })}` : ''}
          </Typography.Text>
        </Space>
      </Card>
    </Link>
  );
}

/** 出门条: the head teacher's (their classes) or the school's, by state; a tap opens the QR. */
export default function PassesPage() {
  const { t } = useI18n();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const status = (FILTERS as readonly string[]).includes(params.get('status') ?? '') ? params.get('status')! : 'all';
  const [q, setQ] = useState(params.get('q') ?? '');
  const list = usePasses({ status: status === 'all' ? undefined : status, q: params.get('q') || undefined, mine: params.get('mine') === 'true' ? true : undefined });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: string, v: string | null) => { const next = new URLSearchParams(params); if (v) next.set(k, v); else next.delete(k); setParams(next, { replace: true }); };
  return (
    <div data-testid="page-passes">
      <PageHeader title={t('gate.passes.title')} extra={can('gate.passes.issue') ? (
        <Link to="/safety/gate/passes/new"><Button type="primary" size="large" icon={<PlusOutlined />} data-testid="pass-new">{t('gate.passes.new')}</Button></Link>
      ) : undefined} />
      <div style={{ overflowX: 'auto', marginBottom: 8, maxWidth: '100%' }}>
        <Segmented value={status} onChange={(v) => set('status', v === 'all' ? null : String(v))} data-testid="pass-filter"
          options={FILTERS.map((f) => ({ value: f, label: t(`gate.passes.filter.${f}`) }))} />
      </div>
      <Input.Search size="large" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => set('q', v.trim() || null)}
        placeholder={t('gate.passes.search')} style={{ marginBottom: 12 }} data-testid="pass-search" />
      <ListFrame q={list} count={items.length} empty={t('gate.passes.empty')}>
        <div style={cardGrid} data-testid="pass-list">{items.map((p) => <PassCard key={p.id} p={p} />)}</div>
      </ListFrame>
    </div>
  );
}
