import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, Result, Typography } from 'antd';
import { CheckCircleFilled, FileSearchOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateRepairInput, URGENCIES, type RepairOrder, type Urgency } from '../../../contracts/repairs';
import { ApiError } from '../../api/client';
import { useCreateRepair, useRepairSettings } from '../../api/repairs';
import { useAsset } from '../../api/assets';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { PhotoUpload } from '../../components/files/PhotoUpload';
import { LocationTreeSelect } from '../../components/refs';
import { issueMessage, useZodLocale } from '../../components/resource/formKit';
import { useIsPhone } from '../../components/useIsPhone';

interface Values { locationId?: number; category?: string; description?: string; urgency: Urgency; plannedDate?: Dayjs; photoIds: string[] }

/** Big tappable buttons, one per active category of the school. */
function CategoryPicker({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { locale } = useI18n();
  const phone = useIsPhone();
  const { settings } = useRepairSettings();
  const cats = settings.categories.filter((c) => c.active);
  return (
    <div id={id} role="radiogroup" style={{ display: 'grid', gridTemplateColumns: `repeat(${phone ? 4 : 8}, minmax(0, 1fr))`, gap: 8 }}>
      {cats.map((c) => {
        const label = locale === 'zh-CN' ? c.zh : c.en;
        const on = value === c.code;
        return (
          <Button key={c.code} role="radio" aria-checked={on} type={on ? 'primary' : 'default'} onClick={() => onChange?.(c.code)}
            data-testid={`repair-category-${c.code}`} title={label} autoInsertSpace={false}
            style={{ height: 52, padding: '0 4px', fontSize: label.length > 3 ? 13 : 16, fontWeight: on ? 600 : 400, whiteSpace: 'normal', lineHeight: 1.15 }}>
            {label}
          </Button>
        );
      })}
    </div>
  );
}

const URGENCY_STYLE: Record<Urgency, { color: string }> = { urgent: { color: '#cf1322' }, normal: { color: '#0f6e5a' }, planned: { color: '#531dab' } };

function UrgencyPicker({ value, onChange, id }: { value?: Urgency; onChange?: (v: Urgency) => void; id?: string }) {
  const { t } = useI18n();
  return (
    <div id={id} role="radiogroup" style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 8 }}>
      {URGENCIES.map((u) => {
        const on = value === u;
        return (
          <Button key={u} role="radio" aria-checked={on} onClick={() => onChange?.(u)} data-testid={`repair-urgency-${u}`}
            style={{ height: 52, whiteSpace: 'normal', lineHeight: 1.2, borderColor: on ? URGENCY_STYLE[u].color : undefined, color: on ? '#fff' : URGENCY_STYLE[u].color, background: on ? URGENCY_STYLE[u].color : undefined }}>
            <span>
              <span style={{ display: 'block', fontWeight: 600 }}>{t(`enums.urgency.${u}`)}</span>
              <span style={{ display: 'block', fontSize: 11, opacity: 0.85 }}>{t(`repairs.report.urgencyHint.${u}`)}</span>
            </span>
          </Button>
        );
      })}
    </div>
  );
}

/** The location tree picker, searchable by room name or code. */
function LocationField({ value, onChange, id, placeholder }: { value?: number; onChange?: (v: number | null) => void; id?: string; placeholder: string }) {
  return (
    <div data-testid="repair-location">
      <LocationTreeSelect id={id} value={value ?? null} onChange={(v) => onChange?.(v)} placeholder={placeholder} style={{ width: '100%' }} />
    </div>
  );
}

/** After reporting: the order's code, and where to follow it. */
function Reported({ order, onAnother }: { order: RepairOrder; onAnother: () => void }) {
  const { t } = useI18n();
  return (
    <Card data-testid="repair-reported">
      <Result
        icon={<CheckCircleFilled style={{ color: '#0f6e5a' }} />}
        title={t('repairs.report.done')}
        subTitle={(
          <span>
            {t('repairs.report.codeIs')} <Typography.Text strong copyable style={{ fontSize: 18 }} data-testid="repair-code">{order.code}</Typography.Text>
            <br />{order.assigneeName ? t('repairs.report.autoDispatched', { name: order.assigneeName }) : t('repairs.report.waitDispatch')}
          </span>
        )}
        extra={[
          <Link key="open" to={`/repairs/${order.id}`} data-testid="repair-open-reported"><Button type="primary" icon={<FileSearchOutlined />}>{t('repairs.report.open')}</Button></Link>,
          <Button key="again" icon={<PlusOutlined />} onClick={onAnother} data-testid="repair-report-again">{t('repairs.report.another')}</Button>,
          <Link key="mine" to="/repairs/mine"><Button icon={<UnorderedListOutlined />}>{t('repairs.menu.mine')}</Button></Link>,
        ]}
      />
    </Card>
  );
}

/**
 * 报修: a teacher with a phone reports a fault in under a minute. A room's or an asset's QR code
 * opens this page with `?locationId=` or `?assetId=` already set.
 */
export default function ReportPage() {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const create = useCreateRepair();
  const [done, setDone] = useState<RepairOrder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const urgency = Form.useWatch('urgency', form);

  const preset = useMemo(() => {
    const loc = Number(params.get('locationId'));
    const asset = Number(params.get('assetId'));
    return { locationId: loc > 0 ? loc : undefined, assetId: asset > 0 ? asset : undefined };
  }, [params]);
  const asset = useAsset(preset.assetId ?? null).data;

  useEffect(() => {
    if (preset.locationId) form.setFieldsValue({ locationId: preset.locationId });
  }, [preset.locationId, form]);

  const submit = async (v: Values) => {
    setError(null);
    const body = {
      locationId: v.locationId,
      assetId: preset.assetId ?? null,
      category: v.category,
      description: v.description ?? '',
      urgency: v.urgency,
      plannedDate: v.urgency === 'planned' && v.plannedDate ? v.plannedDate.format('YYYY-MM-DD') : null,
      photoIds: v.photoIds ?? [],
    };
    const parsed = CreateRepairInput.safeParse(body);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]) as keyof Values, errors: [i.path[0] === 'plannedDate' ? t('repairs.report.plannedRequired') : body[i.path[0] as keyof typeof body] == null ? t('repairs.report.required.' + String(i.path[0])) : issueMessage(i, t)] })));
      setError(t('form.invalid'));
      return;
    }
    try {
      const order = await create.mutateAsync(parsed.data);
      message.success(t('repairs.report.done'));
      setDone(order);
      window.scrollTo({ top: 0 });
    } catch (e) {
      if (e instanceof ApiError) {
        const names = ['locationId', 'category', 'description', 'urgency', 'plannedDate', 'photoIds'];
        form.setFields(e.fields.filter((f) => names.includes(f.path.split('.')[0]))
          .map((f) => ({ name: f.path.split('.')[0] as keyof Values, errors: [f.message.replace(/^[^：:]{1,20}[：:]\s*/, '')] })));
        setError(e.message);
      } else setError(String(e));
    }
  };

  const another = () => {
    setDone(null);
    form.resetFields();
    if (preset.locationId) form.setFieldsValue({ locationId: preset.locationId });
  };

  return (
    <div data-testid="page-repair-report" style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={t('repairs.report.title')} sub={phone ? undefined : t('repairs.report.sub')} />
      {done ? <Reported order={done} onAnother={another} /> : (
        <Card styles={{ body: { padding: phone ? 12 : 20 } }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
          {preset.assetId && <Alert type="info" showIcon title={t('repairs.report.fromAsset', { id: asset ? `${asset.code} ${asset.name}` : preset.assetId })} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ urgency: 'normal', photoIds: [] }} requiredMark={false} data-testid="repair-form">
            <Form.Item name="locationId" label={<strong>{t('repairs.report.location')}</strong>} rules={[{ required: true, message: t('repairs.report.required.locationId') }]}
              extra={t('repairs.report.locationHint')}>
              <LocationField placeholder={t('repairs.report.locationPlaceholder')} />
            </Form.Item>
            <Form.Item name="category" label={<strong>{t('repairs.report.category')}</strong>} rules={[{ required: true, message: t('repairs.report.required.category') }]}>
              <CategoryPicker />
            </Form.Item>
            <Form.Item name="description" label={<strong>{t('repairs.report.description')}</strong>} rules={[{ required: true, whitespace: true, message: t('repairs.report.required.description') }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('repairs.report.descriptionPlaceholder')} data-testid="repair-description" />
            </Form.Item>
            <Form.Item name="urgency" label={<strong>{t('repairs.report.urgency')}</strong>}>
              <UrgencyPicker />
            </Form.Item>
            {urgency === 'planned' && (
              <Form.Item name="plannedDate" label={<strong>{t('repairs.report.plannedDate')}</strong>} rules={[{ required: true, message: t('repairs.report.plannedRequired') }]}>
                <DatePicker style={{ width: '100%' }} size="large" disabledDate={(d) => d.isBefore(dayjs(), 'day')} inputReadOnly data-testid="repair-planned-date" />
              </Form.Item>
            )}
            <Form.Item name="photoIds" label={<strong>{t('repairs.report.photos')}</strong>} extra={t('repairs.report.photosHint')}>
              <PhotoUpload max={6} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={create.isPending} data-testid="repair-submit" style={{ height: 48, fontSize: 17 }}>
              {t('repairs.report.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
