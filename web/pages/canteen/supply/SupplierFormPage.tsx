import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Select, Skeleton, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { LICENCE_KINDS, SUPPLIER_STATUSES } from '../../../../contracts/canteenSupply';
import { useSaveSupplier, useSupplier } from '../../../api/canteenSupply';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { applyNestedErrors } from './shared';

interface LicenceValues { id?: number; kind: string; number: string; expiresOn: Dayjs | null; scanFileIds: string[] }
interface Values {
  name: string; address: string; contact: string; phone: string; creditCode: string; status: string; noIncidentDeclared: boolean; note?: string;
  licences: LicenceValues[]; incidents: { occurredOn: Dayjs | null; description: string }[];
}

/** New or edited supplier: contact, credit code, licences with scans and expiry, the no-incident declaration, incidents. */
export default function SupplierFormPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = Number(useParams().id) || undefined;
  const existing = useSupplier(id);
  const save = useSaveSupplier();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const d = existing.data;
  useEffect(() => {
    if (!d) return;
    form.setFieldsValue({
      name: d.name, address: d.address, contact: d.contact, phone: d.phone, creditCode: d.creditCode, status: d.status, noIncidentDeclared: d.noIncidentDeclared, note: d.note ?? '',
      licences: d.licences.map((l) => ({ id: l.id, kind: l.kind, number: l.number, expiresOn: dayjs(l.expiresOn), scanFileIds: l.scans.map((f) => f.id) })),
      incidents: d.incidents.map((i) => ({ occurredOn: dayjs(i.occurredOn), description: i.description })),
    });
  }, [d, form]);
  if (id && existing.isPending) return <Skeleton active />;
  const known = d?.licences.flatMap((l) => l.scans) ?? [];
  const submit = async (v: Values) => {
    setErrors([]);
    const body = {
      name: v.name, address: v.address, contact: v.contact, phone: v.phone, creditCode: v.creditCode, status: v.status as 'admitted', noIncidentDeclared: !!v.noIncidentDeclared, note: v.note ?? null,
      licences: (v.licences ?? []).map((l) => ({ ...(l.id ? { id: l.id } : {}), kind: l.kind as 'other', number: l.number, expiresOn: l.expiresOn?.format('YYYY-MM-DD') ?? '', scanFileIds: l.scanFileIds ?? [] })),
      incidents: (v.incidents ?? []).map((i) => ({ occurredOn: i.occurredOn?.format('YYYY-MM-DD') ?? '', description: i.description })),
    };
    try {
      const saved = await save.mutateAsync({ id, body: id ? { ...body, version: d!.version } : body });
      navigate(`/canteen/supply/suppliers/${saved.id}`);
    } catch (e) {
      setErrors(applyNestedErrors(form, e, (p) => ['name', 'address', 'contact', 'phone', 'creditCode', 'licences', 'incidents'].includes(String(p[0]))));
    }
  };
  return (
    <div data-testid="page-canteen-supplier-form" style={{ maxWidth: 760 }}>
      <PageHeader title={t(id ? 'canteen.supply.web.editSupplier' : 'canteen.supply.web.newSupplier')} />
      {errors.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errors.join('；')} data-testid="form-errors" />}
      <Form form={form} layout="vertical" size="large" onFinish={submit} initialValues={{ status: 'admitted', noIncidentDeclared: false, licences: [{ kind: 'food_business', scanFileIds: [] }], incidents: [] }}>
        <Form.Item name="name" label={t('fields.name')} rules={[{ required: true }]}><Input maxLength={100} data-testid="f-name" /></Form.Item>
        <Form.Item name="creditCode" label={t('fields.creditCode')} rules={[{ required: true, len: 18 }]}><Input maxLength={18} data-testid="f-credit" /></Form.Item>
        <Form.Item name="address" label={t('fields.address')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
        <Space wrap>
          <Form.Item name="contact" label={t('fields.contact')} rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="phone" label={t('fields.phone')} rules={[{ required: true }]}><Input maxLength={30} inputMode="tel" /></Form.Item>
          <Form.Item name="status" label={t('fields.status')}><Select style={{ width: 140 }} options={SUPPLIER_STATUSES.map((s) => ({ value: s, label: t(`canteen.supply.status.${s}`) }))} /></Form.Item>
        </Space>
        <Card size="small" title={t('canteen.supply.web.licences')} style={{ marginBottom: 16 }}>
          <Form.List name="licences">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <div key={f.key} style={{ borderBottom: '1px solid #f0f0f0', marginBottom: 12 }} data-testid="licence-form">
                    <Form.Item name={[f.name, 'id']} hidden><Input /></Form.Item>
                    <Space wrap align="start">
                      <Form.Item name={[f.name, 'kind']} label={t('canteen.supply.web.licences')} rules={[{ required: true }]}>
                        <Select style={{ width: 180 }} options={LICENCE_KINDS.map((k) => ({ value: k, label: t(`canteen.supply.licenceKind.${k}`) }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'number']} label={t('fields.number')} rules={[{ required: true }]}><Input style={{ width: 200 }} maxLength={60} /></Form.Item>
                      <Form.Item name={[f.name, 'expiresOn']} label={t('fields.expiresOn')} rules={[{ required: true }]}><DatePicker inputReadOnly /></Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }}>{t('canteen.supply.web.removeLicence')}</Button>
                    </Space>
                    <Form.Item name={[f.name, 'scanFileIds']} label={t('fields.scanFileIds')}><PhotoUpload max={6} allowPdf known={known} /></Form.Item>
                  </div>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'food_business', scanFileIds: [] })}>{t('canteen.supply.web.addLicence')}</Button>
              </>
            )}
          </Form.List>
        </Card>
        <Form.Item name="noIncidentDeclared" valuePropName="checked"><Checkbox>{t('fields.noIncidentDeclared')}</Checkbox></Form.Item>
        <Card size="small" title={t('canteen.supply.web.incidents')} style={{ marginBottom: 16 }}>
          <Form.List name="incidents">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item name={[f.name, 'occurredOn']} label={t('fields.occurredOn')} rules={[{ required: true }]}><DatePicker inputReadOnly /></Form.Item>
                    <Form.Item name={[f.name, 'description']} label={t('fields.description')} rules={[{ required: true }]}><Input style={{ width: 300 }} maxLength={500} /></Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ occurredOn: null, description: '' })}>{t('canteen.supply.web.addIncident')}</Button>
              </>
            )}
          </Form.List>
        </Card>
        <Form.Item name="note" label={t('fields.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="supplier-save">{t('canteen.supply.web.save')}</Button>
          <Button onClick={() => navigate(-1)}>{t('canteen.supply.web.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}
