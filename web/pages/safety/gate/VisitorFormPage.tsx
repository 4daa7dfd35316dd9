import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Form, Input, Result, Select, Space } from 'antd';
import { CheckCircleFilled, PlusOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { ID_TYPES, PHONE, isResidentId, normaliseIdNumber, type IdType, type Visitor } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { applyServerErrors, useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { useCreateVisitor, useDutyPeople, useFindVisitor } from '../../../api/gate';

interface Values {
  name?: string; idType: IdType; idNumber?: string; phone?: string; organisation?: string; reason?: string;
  hostId?: number; hostConfirmed: boolean; plate?: string; badgeNo?: string; note?: string;
}
const NAMES = ['name', 'idType', 'idNumber', 'phone', 'organisation', 'reason', 'hostId', 'hostConfirmed', 'plate', 'badgeNo', 'note'];

/** 来访登记: one screen, big fields; a returning visitor is found by the full ID number (never shown back). */
export default function VisitorFormPage() {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateVisitor();
  const find = useFindVisitor();
  const people = useDutyPeople();
  const [done, setDone] = useState<Visitor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<string | null>(null);
  const idType = Form.useWatch('idType', form) ?? 'resident_id';
  const hostId = Form.useWatch('hostId', form);

  const lookup = async () => {
    const v = form.getFieldsValue();
    setFound(null);
    if (!v.idNumber) return;
    try {
      const r = await find.mutateAsync({ idType: v.idType, idNumber: v.idNumber });
      const last = r.items[0];
      if (last) {
        form.setFieldsValue({ name: last.name, phone: last.phone, organisation: last.organisation ?? undefined, plate: last.plate ?? undefined });
        setFound(t('gate.visitorForm.found', { count: r.items.length }));
      } else setFound(t('gate.visitorForm.notFound'));
    } catch (e) { applyServerErrors(form, e, NAMES); }
  };

  const submit = async (v: Values) => {
    setError(null);
    try {
      const visitor = await create.mutateAsync({
        name: v.name ?? '', idType: v.idType, idNumber: v.idNumber ?? '', phone: v.phone ?? '', organisation: v.organisation || null, reason: v.reason ?? '',
        hostId: v.hostId ?? null, hostConfirmed: !!v.hostConfirmed && !!v.hostId, plate: v.plate || null, badgeNo: v.badgeNo || null, note: v.note || null,
      });
      message.success(t('gate.visitorForm.done', { name: visitor.name }));
      setDone(visitor);
      window.scrollTo({ top: 0 });
    } catch (e) {
      const rest = applyServerErrors(form, e, NAMES);
      setError(rest[0] ?? (e as Error).message);
    }
  };

  const again = () => { setDone(null); setFound(null); form.resetFields(); };
  const big = { size: 'large' as const, style: { fontSize: 17 } };

  return (
    <div data-testid="page-visitor-new" style={{ maxWidth: 640, margin: '0 auto' }}>
      <PageHeader title={t('gate.visitorForm.title')} extra={<Link to="/safety/gate/visitors?inside=true"><Button icon={<TeamOutlined />}>{t('gate.home.inside')}</Button></Link>} />
      {done ? (
        <Card data-testid="visitor-registered">
          <Result icon={<CheckCircleFilled style={{ color: '#0f6e5a' }} />} title={t('gate.visitorForm.done', { name: done.name })}
            subTitle={`${done.idMasked} · ${done.reason}${done.badgeNo ? ` · ${t('gate.visitors.badge', { no: done.badgeNo })}` : ''}`}
            extra={[
              <Button key="again" type="primary" size="large" icon={<PlusOutlined />} onClick={again} data-testid="visitor-again">{t('gate.visitorForm.another')}</Button>,
              <Link key="inside" to="/safety/gate/visitors?inside=true"><Button size="large">{t('gate.home.inside')}</Button></Link>,
            ]} />
        </Card>
      ) : (
        <Card styles={{ body: { padding: phone ? 12 : 20 } }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ idType: 'resident_id', hostConfirmed: false }} requiredMark={false} data-testid="visitor-form">
            <Form.Item name="idType" label={<strong>{t('gate.visitorForm.idType')}</strong>}>
              <Select {...big} options={ID_TYPES.map((x) => ({ value: x, label: t(`gate.idType.${x}`) }))} data-testid="visitor-id-type" />
            </Form.Item>
            <Form.Item label={<strong>{t('gate.visitorForm.idNumber')}</strong>} extra={found ?? t('gate.visitorForm.idHint')} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="idNumber" noStyle validateTrigger={['onBlur', 'onChange']} rules={[
                  { required: true, whitespace: true, message: t('gate.visitorForm.required.idNumber') },
                  { validator: (_, v: string | undefined) => (!v || idType !== 'resident_id' || normaliseIdNumber(v).length < 18 || isResidentId(normaliseIdNumber(v)) ? Promise.resolve() : Promise.reject(new Error(t('gate.visitorForm.idInvalid')))) },
                ]}>
                  <Input {...big} maxLength={40} autoComplete="off" inputMode={idType === 'resident_id' ? 'numeric' : 'text'} data-testid="visitor-id-number" />
                </Form.Item>
                <Button size="large" icon={<SearchOutlined />} onClick={lookup} loading={find.isPending} title={t('gate.visitorForm.returning')} data-testid="visitor-find">
                  {phone ? null : t('gate.visitorForm.find')}
                </Button>
              </Space.Compact>
            </Form.Item>
            <Form.Item name="name" label={<strong>{t('gate.visitorForm.name')}</strong>} rules={[{ required: true, whitespace: true, message: t('gate.visitorForm.required.name') }]}>
              <Input {...big} maxLength={50} data-testid="visitor-name" />
            </Form.Item>
            <Form.Item name="phone" label={<strong>{t('gate.visitorForm.phone')}</strong>} rules={[
              { required: true, whitespace: true, message: t('gate.visitorForm.required.phone') }, { pattern: PHONE, message: t('gate.visitorForm.phoneInvalid') },
            ]}>
              <Input {...big} inputMode="tel" maxLength={20} data-testid="visitor-phone" />
            </Form.Item>
            <Form.Item name="organisation" label={<strong>{t('gate.visitorForm.organisation')}</strong>}>
              <Input {...big} maxLength={100} data-testid="visitor-organisation" />
            </Form.Item>
            <Form.Item name="reason" label={<strong>{t('gate.visitorForm.reason')}</strong>} rules={[{ required: true, whitespace: true, message: t('gate.visitorForm.required.reason') }]}>
              <Input {...big} maxLength={200} placeholder={t('gate.visitorForm.reasonPlaceholder')} data-testid="visitor-reason" />
            </Form.Item>
            <Form.Item name="hostId" label={<strong>{t('gate.visitorForm.host')}</strong>}>
              <Select {...big} allowClear showSearch optionFilterProp="label" placeholder={t('gate.visitorForm.hostPlaceholder')} loading={people.isPending} data-testid="visitor-host"
                options={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
            <Form.Item name="hostConfirmed" valuePropName="checked">
              <Checkbox disabled={!hostId} style={{ fontSize: 16 }} data-testid="visitor-host-confirmed">{t('gate.visitorForm.hostConfirmed')}</Checkbox>
            </Form.Item>
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
              <Form.Item name="plate" label={<strong>{t('gate.visitorForm.plate')}</strong>}>
                <Input {...big} maxLength={16} style={{ ...big.style, textTransform: 'uppercase' }} data-testid="visitor-plate" />
              </Form.Item>
              <Form.Item name="badgeNo" label={<strong>{t('gate.visitorForm.badgeNo')}</strong>}>
                <Input {...big} maxLength={20} data-testid="visitor-badge" />
              </Form.Item>
            </div>
            <Form.Item name="note" label={<strong>{t('gate.visitorForm.note')}</strong>}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={create.isPending} data-testid="visitor-submit" style={{ height: 52, fontSize: 18 }}>
              {t('gate.visitorForm.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
