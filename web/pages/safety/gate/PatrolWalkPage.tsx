import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Collapse, Input, Progress, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import type { PatrolPoint } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { QrScanner } from '../../../components/scan/QrScanner';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { useFinishPatrol, usePatrol, useScanCheckpoint } from '../../../api/gate';
import { hm, when } from './shared';

function PointRow({ p, finished }: { p: PatrolPoint; finished: boolean }) {
  const { t } = useI18n();
  const icon = p.scannedAt ? <CheckCircleFilled style={{ color: p.late ? '#d48806' : '#389e0d', fontSize: 22 }} />
    : finished ? <CloseCircleFilled style={{ color: '#cf1322', fontSize: 22 }} /> : <MinusCircleOutlined style={{ color: '#bfbfbf', fontSize: 22 }} />;
  return (
    <div style={{ display: 'flex', gap: 10, padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="patrol-point" data-scanned={!!p.scannedAt}>
      {icon}
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontSize: 16, fontWeight: 600 }}>{p.position}. {p.name}</div>
        <Space size={4} wrap>
          {p.scannedAt ? <Typography.Text type="secondary">{hm(p.scannedAt)}</Typography.Text> : <Typography.Text type="secondary">{finished ? '' : t('patrol.walk.notYet')}</Typography.Text>}
          {p.late && <Tag color="gold" icon={<ClockCircleOutlined />}>{t('patrol.walk.lateMark', { n: p.gapMinutes ?? 0 })}</Tag>}
          {p.missed && <Tag color="red">{t('patrol.walk.missed')}</Tag>}
        </Space>
        {p.note && <div><Typography.Text>{p.note}</Typography.Text></div>}
        {p.photos.length > 0 && <PhotoGallery files={p.photos} size={56} />}
      </div>
    </div>
  );
}

/**
 * 巡查 on a phone in a dark corridor: the progress list, the scanner (or the code typed from the
 * sheet), an optional note and photo for the next checkpoint, and "finish".
 */
export default function PatrolWalkPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const q = usePatrol(Number(id) || null);
  const scan = useScanCheckpoint();
  const finish = useFinishPatrol();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [extraKey, setExtraKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const p = q.data;
  if (q.isError) return <Result status="404" title={(q.error as Error).message} />;
  if (!p) return <Skeleton active />;
  const finished = p.state === 'finished';
  const left = p.points.filter((x) => !x.scannedAt).length;

  const onToken = async (token: string) => {
    setError(null);
    try {
      const next = await scan.mutateAsync({ id: p.id, body: { token, note: note || null, photoIds: photos } });
      const last = next.points.filter((x) => x.scannedAt).sort((a, b) => (a.scannedAt! < b.scannedAt! ? 1 : -1))[0];
      message.success(last ? `${t('patrol.walk.scanned', { name: last.name })}${last.late ? ` · ${t('patrol.walk.lateMark', { n: last.gapMinutes ?? 0 })}` : ''}` : t('common.saved'));
      setNote(''); setPhotos([]); setExtraKey((k) => k + 1);
      if (navigator.vibrate) navigator.vibrate(80);
    } catch (e) { setError((e as Error).message); }
  };
  const end = () => {
    const run = async () => { try { await finish.mutateAsync({ id: p.id }); message.success(t('patrol.walk.finished')); } catch (e) { message.error((e as Error).message); } };
    if (left > 0) modal.confirm({ title: t('patrol.walk.finishConfirm', { n: left }), onOk: run, okText: t('patrol.walk.finish'), cancelText: t('common.cancel'), okButtonProps: { danger: true, size: 'large' }, cancelButtonProps: { size: 'large' } });
    else void run();
  };

  return (
    <div data-testid="page-patrol-walk" style={{ maxWidth: 560, margin: '0 auto' }}>
      <PageHeader title={<Space wrap>{p.routeName}<Tag>{t(`patrol.kind.${p.kind}`)}</Tag>{finished && <Tag color="green">{t('patrol.walk.finished')}</Tag>}</Space>}
        extra={<Link to="/safety/patrols"><Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button></Link>} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Progress percent={Math.round((p.scannedCount / Math.max(1, p.expectedCount)) * 100)} format={() => t('patrol.walk.progress', { done: p.scannedCount, total: p.expectedCount })} data-testid="patrol-progress" />
        <Typography.Text type="secondary">
          {t('patrol.walk.patroller')} {p.patrollerName} · {t('patrol.walk.started')} {when(p.startedAt)}{p.finishedAt ? ` · ${t('patrol.walk.ended')} ${hm(p.finishedAt)}` : ''} · {t('patrol.walk.counts', { date: p.countsFor })}
        </Typography.Text>
        {finished && <div data-testid="patrol-summary"><Typography.Text strong>{t('patrol.walk.summary', { expected: p.expectedCount, scanned: p.scannedCount, missed: p.missedCount, late: p.lateCount })}</Typography.Text></div>}
      </Card>
      {p.canWalk && (
        <Card size="small" title={t('patrol.walk.scanNext')} style={{ marginBottom: 12 }}>
          {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 8 }} data-testid="patrol-error" />}
          <QrScanner onResult={onToken} paused={scan.isPending} testId="checkpoint-scanner" />
          <Collapse ghost key={extraKey} style={{ marginTop: 8 }} items={[{
            key: 'extra', label: `${t('patrol.walk.note')} / ${t('patrol.walk.photos')}`,
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('patrol.walk.note')} />
                <PhotoUpload max={3} value={photos} onChange={setPhotos} />
              </Space>
            ),
          }]} />
          <Button danger size="large" block onClick={end} loading={finish.isPending} style={{ marginTop: 8, height: 52 }} data-testid="patrol-finish">{t('patrol.walk.finish')}</Button>
        </Card>
      )}
      <Card size="small">{p.points.map((x) => <PointRow key={x.checkpointId} p={x} finished={finished} />)}</Card>
    </div>
  );
}
