import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Drawer, Empty, Form, Input, Progress, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, EnvironmentOutlined, PlusOutlined, SearchOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
import type { StocktakeLine, StocktakeRoom } from '../../../../contracts/assetsProcess';
import { ApiError } from '../../../api/client';
import { useAddSurplus, useCount, useRoomLines, useStocktake, useStocktakeRooms, useSurplus, useUncount } from '../../../api/assetsProcess';
import { useI18n } from '../../../app/i18n';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { QrScanner } from '../../../components/scan/QrScanner';
import { LoadError, StocktakeTag } from './shared';

/** The rooms of the stocktake: search, then one big button per room with what is counted there. */
function RoomPicker({ rooms, onPick }: { rooms: StocktakeRoom[]; onPick: (id: number) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    const hit = rooms.filter((r) => !s || r.name.toLowerCase().includes(s) || r.code.toLowerCase().includes(s) || r.path.toLowerCase().includes(s));
    // Rooms with assets to count first; finished rooms last.
    const rank = (r: StocktakeRoom) => (r.expected === 0 ? 2 : r.counted >= r.expected ? 1 : 0);
    return [...hit].sort((a, b) => rank(a) - rank(b));
  }, [rooms, q]);
  return (
    <div data-testid="count-rooms">
      <Input size="large" allowClear prefix={<SearchOutlined />} placeholder={t('stocktake.count.searchRoom')} value={q} onChange={(e) => setQ(e.target.value)}
        style={{ marginBottom: 12 }} data-testid="count-room-search" />
      {!shown.length && <Empty description={t('stocktake.count.noRooms')} />}
      <div style={{ display: 'grid', gap: 8 }}>
        {shown.map((r) => {
          const done = r.expected > 0 && r.counted >= r.expected;
          return (
            <Button key={r.locationId} size="large" block onClick={() => onPick(r.locationId)} data-testid="count-room" data-code={r.code}
              style={{ height: 'auto', padding: '10px 14px', textAlign: 'left', display: 'flex', alignItems: 'center', gap: 10, whiteSpace: 'normal' }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <div style={{ fontWeight: 600 }}>{r.name} <span style={{ color: '#8c8c8c', fontWeight: 400, fontSize: 12 }}>{r.code}</span></div>
                <div style={{ color: '#8c8c8c', fontSize: 12, overflowWrap: 'anywhere' }}>{r.path}</div>
              </div>
              <div style={{ textAlign: 'right', flexShrink: 0 }}>
                {done ? <CheckCircleFilled style={{ color: '#52c41a', fontSize: 18 }} /> : null}
                <div style={{ fontSize: 13 }}>{t('stocktake.count.roomProgress', { counted: r.counted, expected: r.expected })}</div>
              </div>
            </Button>
          );
        })}
      </div>
    </div>
  );
}

/** 盘盈: an item found here that is not on the register, with a required photo. */
function SurplusDrawer({ open, onClose, stocktakeId, locationId }: { open: boolean; onClose: () => void; stocktakeId: number; locationId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const add = useAddSurplus(stocktakeId);
  const [form] = Form.useForm<{ name: string; description?: string; photoIds: string[] }>();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { name: string; description?: string; photoIds: string[] }) => {
    setError(null);
    try {
      await add.mutateAsync({ locationId, name: v.name, description: v.description || null, photoIds: v.photoIds ?? [] });
      message.success(t('stocktake.count.surplusSaved'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path as 'name', errors: [f.message] })));
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Drawer open={open} onClose={onClose} placement="bottom" size="auto" title={t('stocktake.count.surplusTitle')} destroyOnHidden
      styles={{ body: { paddingBottom: 24 } }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" initialValues={{ photoIds: [] }}>
        <Form.Item name="name" label={t('stocktake.count.surplusName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input size="large" data-testid="surplus-name" />
        </Form.Item>
        <Form.Item name="description" label={t('stocktake.count.surplusDescription')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} data-testid="surplus-description" />
        </Form.Item>
        <Form.Item name="photoIds" label={t('stocktake.count.surplusPhoto')} rules={[{ required: true, type: 'array', min: 1, message: t('stocktake.count.surplusPhoto') }]}>
          <PhotoUpload max={3} />
        </Form.Item>
        <Button type="primary" size="large" block htmlType="submit" loading={add.isPending} data-testid="surplus-submit">{t('common.save')}</Button>
      </Form>
    </Drawer>
  );
}

type Feedback = { type: 'success' | 'info' | 'warning' | 'error'; text: string } | null;

/** One room: scan or tick what is here, see what is still missing, record what is not on the register. */
function RoomCount({ stocktakeId, room, onBack }: { stocktakeId: number; room: StocktakeRoom; onBack: () => void }) {
  const { t } = useI18n();
  const lines = useRoomLines(stocktakeId, room.locationId);
  const surplus = useSurplus(stocktakeId, room.locationId);
  const count = useCount(stocktakeId);
  const uncount = useUncount(stocktakeId);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [surplusOpen, setSurplusOpen] = useState(false);
  const [busyAsset, setBusyAsset] = useState<number | null>(null);
  const all = lines.data ?? [];
  const expected = all.filter((l) => l.expected && l.expectedLocationId === room.locationId);
  const foundHere = all.filter((l) => l.foundLocationId === room.locationId && l.expectedLocationId !== room.locationId);
  const counted = expected.filter((l) => l.result === 'found' || l.result === 'wrong_place').length;

  const report = (line: StocktakeLine, changed: boolean) => {
    if (!changed) setFeedback({ type: 'info', text: t('stocktake.count.already', { code: line.assetCode }) });
    else if (line.result === 'wrong_place') setFeedback({ type: 'warning', text: t('stocktake.count.movedIn', { code: line.assetCode, name: line.assetName, path: line.expectedLocationPath }) });
    else setFeedback({ type: 'success', text: t('stocktake.count.scanned', { code: line.assetCode, name: line.assetName }) });
  };
  const tick = async (body: { assetId?: number; code?: string }) => {
    setBusyAsset(body.assetId ?? -1);
    try {
      const r = await count.mutateAsync({ locationId: room.locationId, ...body });
      report(r.line, r.changed);
    } catch (e) {
      setFeedback({ type: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally { setBusyAsset(null); }
  };
  const untick = async (assetId: number) => {
    setBusyAsset(assetId);
    try { await uncount.mutateAsync(assetId); setFeedback(null); } catch (e) { setFeedback({ type: 'error', text: e instanceof Error ? e.message : String(e) }); } finally { setBusyAsset(null); }
  };

  const lineRow = (l: StocktakeLine, elsewhere: boolean) => {
    const isCounted = l.result === 'found' || l.result === 'wrong_place';
    const here = l.foundLocationId === room.locationId;
    return (
      <Card key={l.id} size="small" data-testid="count-line" data-code={l.assetCode} data-counted={isCounted && here ? 'yes' : 'no'}
        styles={{ body: { padding: '10px 12px', display: 'flex', alignItems: 'center', gap: 10 } }}
        style={{ borderColor: isCounted && here ? '#b7eb8f' : undefined, background: isCounted && here ? '#f6ffed' : undefined }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{l.assetName}</div>
          <div style={{ color: '#8c8c8c', fontSize: 12, overflowWrap: 'anywhere' }}>{l.assetCode}{l.model ? ` · ${l.model}` : ''}</div>
          {elsewhere && <div style={{ color: '#d48806', fontSize: 12 }}><SwapOutlined /> {t('stocktake.count.wrongPlace', { path: l.expectedLocationPath })}</div>}
          {isCounted && !here && <div style={{ color: '#d48806', fontSize: 12 }}>{t('stocktake.count.foundAt', { path: l.foundLocationPath })}</div>}
          {isCounted && here && l.countedByName && <div style={{ color: '#389e0d', fontSize: 12 }}>{t('stocktake.count.counted')} · {l.countedByName}</div>}
        </div>
        {isCounted && here ? (
          <Button size="large" icon={<UndoOutlined />} loading={busyAsset === l.assetId} onClick={() => untick(l.assetId)} data-testid="count-untick" aria-label={t('stocktake.count.untick')}>
            {t('stocktake.count.untick')}
          </Button>
        ) : (
          <Button type="primary" size="large" icon={<CheckCircleFilled />} loading={busyAsset === l.assetId} onClick={() => tick({ assetId: l.assetId })}
            style={{ minWidth: 88, height: 48 }} data-testid="count-tick">{t('stocktake.count.tick')}</Button>
        )}
      </Card>
    );
  };

  return (
    <div data-testid="count-room-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8 }}>
        <Button size="large" icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="count-back">{t('stocktake.count.back')}</Button>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="count-room-name">{room.name}</Typography.Text>
          <div style={{ color: '#8c8c8c', fontSize: 12, overflowWrap: 'anywhere' }}><EnvironmentOutlined /> {room.path}</div>
        </div>
      </div>
      <Progress percent={expected.length ? Math.round((counted / expected.length) * 100) : 0} format={() => `${counted}/${expected.length}`} data-testid="count-progress" />

      <Card size="small" style={{ margin: '10px 0' }} styles={{ body: { padding: 10 } }}>
        {/* The camera starts on a tap: the room's list stays in view on a phone until the counter wants to scan. */}
        <QrScanner onResult={(text) => tick({ code: text })} paused={count.isPending} cameraOff upperCase={false} placeholder={t('stocktake.count.typeCode')} testId="count-scan" />
      </Card>
      {feedback && <Alert type={feedback.type} showIcon title={feedback.text} closable onClose={() => setFeedback(null)} style={{ marginBottom: 10 }} data-testid="count-feedback" />}

      {lines.isError ? <LoadError error={lines.error} retry={() => lines.refetch()} /> : lines.isPending ? <Skeleton active /> : (
        <>
          <Typography.Title level={5} style={{ margin: '8px 0' }}>{t('stocktake.count.expected')}（{expected.length}）</Typography.Title>
          {!expected.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stocktake.count.empty')} />}
          <div style={{ display: 'grid', gap: 8 }} data-testid="count-expected">{expected.map((l) => lineRow(l, false))}</div>
          {foundHere.length > 0 && (
            <>
              <Typography.Title level={5} style={{ margin: '16px 0 8px' }}>{t('stocktake.count.foundHere')}（{foundHere.length}）</Typography.Title>
              <div style={{ display: 'grid', gap: 8 }} data-testid="count-found-here">{foundHere.map((l) => lineRow(l, true))}</div>
            </>
          )}
        </>
      )}

      <Button size="large" block icon={<PlusOutlined />} style={{ marginTop: 16, height: 48 }} onClick={() => setSurplusOpen(true)} data-testid="count-surplus">
        {t('stocktake.count.surplus')}
      </Button>
      {(surplus.data?.length ?? 0) > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: '16px 0 8px' }}>{t('stocktake.count.surplusList')}</Typography.Title>
          <div style={{ display: 'grid', gap: 8 }} data-testid="count-surplus-list">
            {surplus.data!.map((x) => (
              <Card key={x.id} size="small" styles={{ body: { padding: 10 } }} data-testid="count-surplus-item">
                <Space align="start">
                  <PhotoGallery files={x.photos} size={56} />
                  <div><div style={{ fontWeight: 600 }}>{x.name} <Tag color="purple">{t('stocktake.result.surplus')}</Tag></div>
                    {x.description && <div style={{ color: '#8c8c8c', fontSize: 12 }}>{x.description}</div>}</div>
                </Space>
              </Card>
            ))}
          </div>
        </>
      )}
      <SurplusDrawer open={surplusOpen} onClose={() => setSurplusOpen(false)} stocktakeId={stocktakeId} locationId={room.locationId} />
    </div>
  );
}

/** Counting on a phone: pick a room, then scan labels or tick assets; 盘盈 with a photo. */
export default function StocktakeCountPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const n = Number(id);
  const st = useStocktake(Number.isInteger(n) && n > 0 ? n : null);
  const rooms = useStocktakeRooms(n, Number.isInteger(n) && n > 0);
  const [params, setParams] = useSearchParams();
  const roomId = params.get('room') ? Number(params.get('room')) : null;
  const room = rooms.data?.find((r) => r.locationId === roomId) ?? null;
  const pick = (rid: number | null) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    if (rid == null) next.delete('room'); else next.set('room', String(rid));
    return next;
  });

  if (st.isError) return <LoadError error={st.error} retry={() => st.refetch()} />;
  if (!st.data || rooms.isPending) return <Skeleton active />;
  return (
    <div data-testid="page-stocktake-count" style={{ maxWidth: 640, margin: '0 auto' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, marginBottom: 10, flexWrap: 'wrap' }}>
        <Link to={`/assets/stocktakes/${n}`} data-testid="count-to-detail"><Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} /></Link>
        <Typography.Title level={5} style={{ margin: 0, flex: 1, minWidth: 0 }} data-testid="page-title">{st.data.name}</Typography.Title>
        <StocktakeTag state={st.data.state} />
      </div>
      {st.data.state !== 'counting' && <Alert type="warning" showIcon title={t('stocktake.count.notCounting')} style={{ marginBottom: 10 }} />}
      {rooms.isError ? <LoadError error={rooms.error} retry={() => rooms.refetch()} />
        : room && st.data.state === 'counting' ? <RoomCount stocktakeId={n} room={room} onBack={() => pick(null)} />
          : <RoomPicker rooms={rooms.data ?? []} onPick={(rid) => pick(rid)} />}
    </div>
  );
}
