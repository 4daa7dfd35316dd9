import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Collapse, Empty, Input, InputNumber, Modal, Progress, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckOutlined, CloseOutlined, StarFilled, SendOutlined } from '@ant-design/icons';
import { SEVERITIES, type InspectionDetail, type ResultInput, type Severity } from '../../../contracts/inspections';
import { ApiError } from '../../api/client';
import { useInspection, useSaveResults, useSubmitInspection } from '../../api/inspections';
import { useI18n } from '../../app/i18n';
import { PhotoGallery } from '../../components/files/PhotoGallery';
import { PhotoUpload } from '../../components/files/PhotoUpload';
import { useIsPhone } from '../../components/useIsPhone';
import { InspectionStateTag, nameOf } from './InspectionListPage';
import { RectStateTag, SeverityTag } from '../safety/hazards/shared';

type Item = InspectionDetail['items'][number];

/** One item as a card: what to check, the two big buttons, and (on a failure) how serious, a note and a photo. */
function ItemCard({ item, editable, save, busy }: { item: Item; editable: boolean; save: (r: ResultInput) => Promise<void>; busy: boolean }) {
  const { t, locale } = useI18n();
  const r = item.result;
  const [note, setNote] = useState(r?.note ?? '');
  const [score, setScore] = useState<number | null>(r?.score ?? null);
  const base = (over: Partial<ResultInput> = {}): ResultInput => ({
    itemId: item.id, outcome: r?.outcome ?? null, note: note.trim() || null, severity: r?.severity ?? null,
    score: item.mode === 'score' ? score ?? r?.score ?? null : null, ...over,
  });
  const mark = (outcome: 'pass' | 'fail') => save(base({
    outcome, severity: outcome === 'fail' ? r?.severity ?? 'medium' : null,
    score: item.mode === 'score' ? score ?? (outcome === 'pass' ? item.maxScore : 0) : null,
  }));
  const photoIds = r?.photos.map((p) => p.id) ?? [];
  const border = r?.outcome === 'fail' ? '#ff4d4f' : r?.outcome === 'pass' ? '#52c41a' : undefined;
  return (
    <Card size="small" data-testid="inspection-item" data-item={item.id} data-outcome={r?.outcome ?? ''} styles={{ body: { padding: 12 } }} style={{ borderColor: border, borderWidth: border ? 2 : 1 }}>
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography.Text strong style={{ fontSize: 15, overflowWrap: 'anywhere' }}>{nameOf(item.text, locale)}</Typography.Text>
        {item.critical && <Tag color="red" icon={<StarFilled />}>{t('inspections.web.form.critical')}</Tag>}
        {item.photoRequired && <Tag color="orange" icon={<CameraOutlined />}>{t('inspections.web.form.photoRequired')}</Tag>}
      </div>
      {item.guidance && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>{t('inspections.web.form.guidance')}：{nameOf(item.guidance, locale)}</Typography.Paragraph>
      )}
      {editable ? (
        <>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8, marginTop: 10 }}>
            <Button size="large" icon={<CheckOutlined />} disabled={busy} onClick={() => mark('pass')} data-testid="item-pass"
              style={{ height: 52, fontSize: 17, ...(r?.outcome === 'pass' ? { background: '#389e0d', borderColor: '#389e0d', color: '#fff' } : { color: '#389e0d', borderColor: '#b7eb8f' }) }}>
              {t('inspections.web.form.pass')}
            </Button>
            <Button size="large" icon={<CloseOutlined />} disabled={busy} onClick={() => mark('fail')} data-testid="item-fail"
              style={{ height: 52, fontSize: 17, ...(r?.outcome === 'fail' ? { background: '#cf1322', borderColor: '#cf1322', color: '#fff' } : { color: '#cf1322', borderColor: '#ffa39e' }) }}>
              {t('inspections.web.form.fail')}
            </Button>
          </div>
          {item.mode === 'score' && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('inspections.web.form.score', { max: item.maxScore ?? 0 })}</Typography.Text>
              <InputNumber size="large" min={0} max={item.maxScore ?? 100} value={score} style={{ width: '100%' }} data-testid="item-score"
                onChange={(v) => setScore(v == null ? null : Number(v))} onBlur={() => r && save(base({ score }))} />
            </div>
          )}
          {r?.outcome === 'fail' && !item.critical && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('inspections.web.form.severity')}</Typography.Text>
              <Select size="large" style={{ width: '100%' }} value={r.severity ?? 'medium'} data-testid="item-severity"
                onChange={(v: Severity) => save(base({ severity: v }))} options={[...SEVERITIES].filter((s) => s !== 'critical').map((s) => ({ value: s, label: t(`inspections.severity.${s}`) }))} />
            </div>
          )}
          {r && (
            <>
              <Input.TextArea rows={2} maxLength={1000} value={note} placeholder={t('inspections.web.form.note')} style={{ marginTop: 8 }} data-testid="item-note"
                onChange={(e) => setNote(e.target.value)} onBlur={() => (note.trim() || null) !== (r.note ?? null) && save(base())} />
              <div style={{ marginTop: 8 }}>
                <PhotoUpload max={6} value={photoIds} known={r.photos} onChange={(ids) => ids.join(',') !== photoIds.join(',') && save({ ...base(), photoIds: ids })} />
              </div>
            </>
          )}
        </>
      ) : r ? (
        <div style={{ marginTop: 6 }}>
          <Space wrap>
            <Tag color={r.outcome === 'pass' ? 'success' : 'error'}>{t(`inspections.outcome.${r.outcome}`)}</Tag>
            {r.outcome === 'fail' && r.severity && <SeverityTag severity={r.severity} />}
            {r.score != null && <span>{r.score}/{item.maxScore}</span>}
          </Space>
          {r.note && <Typography.Paragraph style={{ margin: '4px 0 0', overflowWrap: 'anywhere' }}>{r.note}</Typography.Paragraph>}
          {r.photos.length > 0 && <div style={{ marginTop: 6 }}><PhotoGallery files={r.photos} size={64} /></div>}
        </div>
      ) : null}
    </Card>
  );
}

/**
 * An inspection walked on a phone: items by section, 合格/不合格 big buttons (each tap saved at once),
 * severity, note and photos on a failure, then submit — failed items become rectifications.
 */
export default function InspectionFormPage() {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { id } = useParams();
  const n = Number(id);
  const q = useInspection(Number.isInteger(n) && n > 0 ? n : null);
  const save = useSaveResults(n);
  const submit = useSubmitInspection(n);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const d = q.data;
  const sections = useMemo(() => {
    const out: { name: string; items: Item[] }[] = [];
    for (const item of d?.items ?? []) {
      const name = nameOf(item.section, locale);
      const last = out[out.length - 1];
      if (last && last.name === name) last.items.push(item); else out.push({ name, items: [item] });
    }
    return out;
  }, [d, locale]);

  if (!Number.isInteger(n) || n <= 0 || (q.isError && q.error instanceof ApiError && q.error.status === 404)) return <Alert type="warning" showIcon title={t('detail.notFound')} />;
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!d) return <Skeleton active />;
  const editable = d.actions.includes('edit');
  const answered = d.items.filter((i) => i.result).length;

  const saveOne = async (r: ResultInput) => {
    setError(null);
    try {
      await save.mutateAsync({ results: [r] });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const send = async () => {
    setError(null);
    try {
      await submit.mutateAsync(d.version);
      message.success(t('inspections.web.form.submitted'));
      setConfirm(false);
      window.scrollTo({ top: 0 });
    } catch (e) {
      setConfirm(false);
      const field = e instanceof ApiError ? e.fields[0]?.path : undefined;
      setError((e as Error).message);
      // Scroll to the item the server named (items.<id>).
      const itemId = field?.startsWith('items.') ? field.slice(6) : null;
      if (itemId) document.querySelector(`[data-item="${itemId}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    }
  };

  return (
    <div data-testid="page-inspection" style={{ maxWidth: 860, margin: '0 auto', paddingBottom: editable && phone ? 72 : 0 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 8 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/inspections')} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 200px' }} data-testid="page-title">{nameOf(d.templateName, locale)}</Typography.Title>
        <InspectionStateTag state={d.state} />
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {d.locationPath || d.zone} · {d.inspectorName} · {d.day}
      </Typography.Paragraph>
      <Progress percent={Math.round((answered / Math.max(1, d.items.length)) * 100)} format={() => t('inspections.web.form.progress', { answered, total: d.items.length })} data-testid="inspection-progress" />
      {error && <Alert type="error" showIcon title={error} style={{ margin: '8px 0' }} data-testid="inspection-error" closable onClose={() => setError(null)} />}
      {d.findings.length > 0 && (
        <Card size="small" title={t('inspections.web.form.findings')} style={{ margin: '8px 0' }} data-testid="inspection-findings">
          <div style={{ display: 'grid', gap: 6 }}>
            {d.findings.map((f) => (
              <Link key={f.id} to={d.domain === 'safety' ? `/safety/hazards/${f.id}` : '#'} style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                <SeverityTag severity={f.severity} /><RectStateTag state={f.state} /><span style={{ overflowWrap: 'anywhere' }}>{f.title}</span>
              </Link>
            ))}
          </div>
        </Card>
      )}
      {!d.items.length ? <Empty /> : (
        <Collapse defaultActiveKey={sections.map((s) => s.name)} ghost style={{ marginTop: 8 }}
          items={sections.map((s) => ({
            key: s.name,
            label: <strong>{s.name}（{s.items.filter((i) => i.result).length}/{s.items.length}）</strong>,
            styles: { body: { padding: '4px 0' } },
            children: <div style={{ display: 'grid', gap: 10 }}>{s.items.map((i) => <ItemCard key={i.id} item={i} editable={editable} save={saveOne} busy={save.isPending} />)}</div>,
          }))} />
      )}
      {editable && (
        <div style={phone ? { position: 'fixed', left: 0, right: 0, bottom: 0, padding: '8px 12px', background: '#fff', boxShadow: '0 -2px 8px rgba(0,0,0,0.08)', zIndex: 10 } : { marginTop: 16 }}>
          <Button type="primary" size="large" block icon={<SendOutlined />} onClick={() => setConfirm(true)} data-testid="inspection-submit" style={{ height: 48 }}>
            {t('inspections.web.form.submit')}{answered < d.items.length ? `（${t('inspections.web.form.unanswered', { count: d.items.length - answered })}）` : ''}
          </Button>
        </div>
      )}
      <Modal open={confirm} onCancel={() => setConfirm(false)} onOk={send} confirmLoading={submit.isPending} title={t('inspections.web.form.submit')}
        okText={t('inspections.web.form.submit')} okButtonProps={{ size: 'large', ...({ 'data-testid': 'inspection-submit-confirm' } as object) }} cancelButtonProps={{ size: 'large' }}>
        {t('inspections.web.form.submitConfirm')}
      </Modal>
    </div>
  );
}
