import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Drawer, Empty, Input, InputNumber, Select, Skeleton, Space, Switch, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { FREQUENCIES, ITEM_MODES, type Frequency, type InspectionTemplate, type TemplateItemInput } from '../../../contracts/inspections';
import { ApiError } from '../../api/client';
import { useSaveTemplate, useTemplate, useTemplates } from '../../api/inspections';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { nameOf } from './InspectionListPage';

type Draft = TemplateItemInput & { key: string };
let seq = 0;
const keyOf = () => `k${++seq}`;

/** Edits a template's name, frequency and items (saved as a new revision), or makes a new one. */
function Editor({ id, open, onClose, readOnly, domains }: { id: number | null; open: boolean; onClose: () => void; readOnly: boolean; domains: string[] }) {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const detail = useTemplate(open ? id : null);
  const save = useSaveTemplate();
  const [name, setName] = useState('');
  const [frequency, setFrequency] = useState<Frequency>('monthly');
  const [active, setActive] = useState(true);
  const [domain, setDomain] = useState('safety');
  const [items, setItems] = useState<Draft[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!open) return;
    setError(null);
    setFieldErrors({});
    const d = detail.data;
    if (id && d) {
      setName(d.name.zh);
      setFrequency(d.frequency);
      setActive(d.active);
      setItems(d.items.map((i) => ({
        key: keyOf(), section: { zh: i.section.zh, en: i.section.en }, text: { zh: i.text.zh, en: i.text.en },
        guidance: i.guidance ? { zh: i.guidance.zh, en: i.guidance.en } : null, mode: i.mode, maxScore: i.maxScore, photoRequired: i.photoRequired, critical: i.critical, kind: i.kind,
      })));
    } else if (!id) {
      setName(''); setFrequency('monthly'); setActive(true);
      setItems([{ key: keyOf(), section: { zh: '' }, text: { zh: '' }, mode: 'pass_fail', photoRequired: false, critical: false }]);
    }
  }, [open, id, detail.data]);

  const change = (i: number, patch: Partial<Draft>) => setItems((xs) => xs.map((x, n) => (n === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: number) => setItems((xs) => {
    const next = [...xs];
    const [x] = next.splice(i, 1);
    next.splice(Math.max(0, Math.min(next.length, i + by)), 0, x);
    return next;
  });
  const lastSection = items[items.length - 1]?.section;

  const submit = async () => {
    setError(null);
    setFieldErrors({});
    const list = items.map(({ key: _key, ...x }) => ({ ...x, guidance: x.guidance?.zh ? x.guidance : null, maxScore: x.mode === 'score' ? x.maxScore : null }));
    try {
      if (id) await save.mutateAsync({ id, body: { version: detail.data!.version, name: { zh: name, en: name === detail.data!.name.zh ? detail.data!.name.en : null }, frequency, active, items: list } });
      else await save.mutateAsync({ body: { domain, name: { zh: name }, frequency, items: list } });
      message.success(t('inspections.web.templates.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError) {
        setFieldErrors(Object.fromEntries(e.fields.map((f) => [f.path, f.message])));
        setError(e.message);
      } else setError(String(e));
    }
  };
  const err = (path: string) => fieldErrors[path] ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{fieldErrors[path]}</Typography.Text> : null;

  return (
    <Drawer open={open} onClose={onClose} size={phone ? '100%' : 720} destroyOnHidden title={id ? t('inspections.web.templates.edit') : t('inspections.web.templates.create')}
      footer={readOnly ? undefined : (
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button size="large" onClick={onClose}>{t('common.cancel')}</Button>
          <Button size="large" type="primary" loading={save.isPending} onClick={submit} data-testid="template-save">{t('inspections.web.templates.save')}</Button>
        </Space>
      )}>
      {id && detail.isPending ? <Skeleton active /> : (
        <div data-testid="template-editor">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Alert type="info" showIcon title={t('inspections.web.templates.revisionNote')} style={{ marginBottom: 12 }} />
          <div style={{ display: 'grid', gap: 8, gridTemplateColumns: phone ? '1fr' : '2fr 1fr auto', alignItems: 'end', marginBottom: 12 }}>
            <div><Typography.Text>{t('inspections.web.templates.name')}</Typography.Text><Input size="large" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} data-testid="template-name" />{err('name.zh')}</div>
            <div><Typography.Text>{t('inspections.web.templates.frequency')}</Typography.Text>
              <Select size="large" style={{ width: '100%' }} value={frequency} onChange={setFrequency} options={FREQUENCIES.map((f) => ({ value: f, label: t(`inspections.frequency.${f}`) }))} /></div>
            {id ? <Space><Switch checked={active} onChange={setActive} /> {t(active ? 'inspections.web.templates.active' : 'inspections.web.templates.inactive')}</Space> : (
              <div><Typography.Text>{t('inspections.web.templates.domain')}</Typography.Text>
                <Select size="large" style={{ width: '100%', minWidth: 120 }} value={domain} onChange={setDomain} options={domains.map((d) => ({ value: d, label: t(`inspections.domain.${d}`) }))} /></div>
            )}
          </div>
          <Typography.Title level={5}>{t('inspections.web.templates.items')}（{items.length}）</Typography.Title>
          <div style={{ display: 'grid', gap: 8 }}>
            {items.map((x, i) => (
              <Card key={x.key} size="small" styles={{ body: { padding: 10 } }} data-testid="template-item">
                <div style={{ display: 'grid', gap: 6, gridTemplateColumns: phone ? '1fr' : '140px 1fr' }}>
                  <Input placeholder={t('inspections.web.templates.section')} value={x.section.zh} maxLength={40}
                    onChange={(e) => change(i, { section: { zh: e.target.value, en: e.target.value === x.section.zh ? x.section.en : null } })} />
                  <Input placeholder={t('inspections.web.templates.text')} value={x.text.zh} maxLength={200}
                    onChange={(e) => change(i, { text: { zh: e.target.value, en: null } })} data-testid="template-item-text" />
                </div>
                {err(`items.${i}.section.zh`)}{err(`items.${i}.text.zh`)}
                <Input.TextArea placeholder={t('inspections.web.templates.guidance')} rows={1} autoSize={{ minRows: 1, maxRows: 4 }} value={x.guidance?.zh ?? ''} maxLength={500} style={{ marginTop: 6 }}
                  onChange={(e) => change(i, { guidance: { zh: e.target.value, en: null } })} />
                <Space wrap style={{ marginTop: 6 }}>
                  <Select size="small" value={x.mode} style={{ width: 130 }} onChange={(v) => change(i, { mode: v, maxScore: v === 'score' ? x.maxScore ?? 10 : null })}
                    options={ITEM_MODES.map((m) => ({ value: m, label: t(`inspections.mode.${m}`) }))} />
                  {x.mode === 'score' && <InputNumber size="small" min={1} max={100} value={x.maxScore ?? 10} onChange={(v) => change(i, { maxScore: Number(v) || 10 })} addonBefore={t('inspections.web.templates.maxScore')} style={{ width: 140 }} />}
                  <span><Switch size="small" checked={x.photoRequired} onChange={(v) => change(i, { photoRequired: v })} /> {t('inspections.web.templates.photoRequired')}</span>
                  <span><Switch size="small" checked={x.critical} onChange={(v) => change(i, { critical: v })} /> {t('inspections.web.templates.critical')}</span>
                  <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('inspections.web.templates.moveUp')} />
                  <Button size="small" icon={<ArrowDownOutlined />} disabled={i === items.length - 1} onClick={() => move(i, 1)} aria-label={t('inspections.web.templates.moveDown')} />
                  <Button size="small" danger icon={<DeleteOutlined />} disabled={items.length === 1} onClick={() => setItems((xs) => xs.filter((_, n) => n !== i))} aria-label={t('inspections.web.templates.remove')} />
                </Space>
              </Card>
            ))}
          </div>
          <Button block icon={<PlusOutlined />} style={{ marginTop: 8 }} size="large" data-testid="template-add-item"
            onClick={() => setItems((xs) => [...xs, { key: keyOf(), section: { zh: lastSection?.zh ?? '', en: lastSection?.en ?? null }, text: { zh: '' }, mode: 'pass_fail', photoRequired: false, critical: false, kind: null }])}>
            {t('inspections.web.templates.addItem')}
          </Button>
          {locale === 'en-US' && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('inspections.web.templates.zhFirst')}</Typography.Paragraph>}
        </div>
      )}
    </Drawer>
  );
}

/** 检查表: the school's checklists; leaders edit them (a new revision each time) or make their own. */
export default function TemplatesPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const list = useTemplates();
  const [editing, setEditing] = useState<{ id: number | null } | null>(null);
  const writable = can('inspections.template.write');
  const items = list.data?.items ?? [];
  return (
    <div data-testid="page-inspection-templates">
      <PageHeader title={t('inspections.web.templates.title')} extra={writable ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ id: null })} data-testid="template-create">{t('inspections.web.templates.create')}</Button>
      ) : undefined} />
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} />}
      {list.isPending ? <Skeleton active /> : !items.length ? <Empty /> : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 }} data-testid="template-list">
          {items.map((x: InspectionTemplate) => (
            <Card key={x.id} size="small" data-testid="template-row" styles={{ body: { padding: 12 } }}>
              <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                <Typography.Text strong style={{ fontSize: 15 }}>{nameOf(x.name, locale)}</Typography.Text>
                <Tag>{t(`inspections.frequency.${x.frequency}`)}</Tag>
                {!x.active && <Tag>{t('inspections.web.templates.inactive')}</Tag>}
                <Tag color={x.customized ? 'gold' : 'default'}>{t(x.customized ? 'inspections.web.templates.customized' : 'inspections.web.templates.seed')}</Tag>
              </div>
              <div style={{ fontSize: 12, color: '#8c8c8c', marginTop: 4 }}>
                {t('inspections.web.templates.itemCount', { count: x.itemCount })} · {t('inspections.web.templates.revision', { revision: x.revision })} · {t(`inspections.domain.${x.domain}`)}
              </div>
              <Space wrap style={{ marginTop: 8 }}>
                {x.active && can('inspections.inspection.write') && (
                  <Link to={`/inspections?start=1&templateId=${x.id}`}><Button size="small" type="primary" icon={<PlayCircleOutlined />}>{t('inspections.web.list.start')}</Button></Link>
                )}
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ id: x.id })} data-testid="template-edit">{writable ? t('inspections.web.templates.edit') : t('common.view')}</Button>
              </Space>
            </Card>
          ))}
        </div>
      )}
      <Editor id={editing?.id ?? null} open={!!editing} onClose={() => setEditing(null)} readOnly={!writable} domains={[...new Set(['safety', ...items.map((x) => x.domain)])]} />
    </div>
  );
}
