import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Skeleton, Space } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ACQUIRED_WAYS, EDITABLE_STATUSES, type AssetDetail, type CreateAssetInput } from '../../../contracts/assets';
import { ApiError } from '../../api/client';
import { useAsset, useAssetsSettings, useCreateAsset, useUpdateAsset, yuan } from '../../api/assets';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { PhotoUpload } from '../../components/files/PhotoUpload';
import { LocationTreeSelect, RefSelect } from '../../components/refs';
import { useIsPhone } from '../../components/useIsPhone';
import { ClassSelect, PersonSelect } from './shared';

interface Values {
  code?: string; name?: string; classCode?: string; model?: string; serialNo?: string; unit?: string; quantity?: number;
  unitPrice?: number; originalValue?: number | null; acquiredOn?: Dayjs; enteredOn?: Dayjs | null; acquiredWay?: string; status?: string;
  lowValue?: 'auto' | 'yes' | 'no'; locationId?: number | null; departmentId?: number | null; custodianId?: number | null; notes?: string; photoIds?: string[];
}

/** Server field paths → this form's fields (money travels in fen, the form shows yuan). */
const FIELD_OF: Record<string, keyof Values> = { unitPriceFen: 'unitPrice', originalValueFen: 'originalValue' };
const fen = (yuanValue: number | null | undefined) => (yuanValue == null ? null : Math.round(yuanValue * 100));

function toForm(a: AssetDetail): Values {
  return {
    code: a.code, name: a.name, classCode: a.classCode, model: a.model ?? undefined, serialNo: a.serialNo ?? undefined, unit: a.unit ?? undefined,
    quantity: a.quantity, unitPrice: a.unitPriceFen / 100, originalValue: a.originalValueFen / 100, acquiredOn: dayjs(a.acquiredOn),
    enteredOn: dayjs(a.enteredOn), acquiredWay: a.acquiredWay, status: a.status, lowValue: a.lowValue ? 'yes' : 'no', locationId: a.locationId,
    departmentId: a.departmentId, custodianId: a.custodianId, notes: a.notes ?? undefined, photoIds: a.photos.map((p) => p.id),
  };
}

/** Registering an asset (登记资产) and editing its card: the national card fields, photos; validated by the server. */
export default function AssetFormPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { id } = useParams();
  const editId = id ? Number(id) : null;
  const existing = useAsset(editId);
  const { settings } = useAssetsSettings();
  const create = useCreateAsset();
  const update = useUpdateAsset();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const unitPrice = Form.useWatch('unitPrice', form);
  const quantity = Form.useWatch('quantity', form);

  useEffect(() => { if (existing.data) form.setFieldsValue(toForm(existing.data)); }, [existing.data, form]);

  const submit = async (v: Values) => {
    setError(null);
    const body = {
      name: v.name!, classCode: v.classCode!, model: v.model || null, serialNo: v.serialNo || null, unit: v.unit || null, quantity: v.quantity ?? 1,
      unitPriceFen: fen(v.unitPrice) ?? 0, originalValueFen: fen(v.originalValue), acquiredOn: v.acquiredOn!.format('YYYY-MM-DD'),
      enteredOn: v.enteredOn ? v.enteredOn.format('YYYY-MM-DD') : null, acquiredWay: v.acquiredWay as CreateAssetInput['acquiredWay'],
      status: v.status as CreateAssetInput['status'], lowValue: v.lowValue === 'yes' ? true : v.lowValue === 'no' ? false : null,
      locationId: v.locationId ?? null, departmentId: v.departmentId ?? null, custodianId: v.custodianId ?? null, notes: v.notes || null, photoIds: v.photoIds ?? [],
    };
    try {
      if (existing.data) {
        const a = await update.mutateAsync({ id: existing.data.id, body: { ...body, code: v.code!, version: existing.data.version } });
        message.success(t('assets.web.saved'));
        navigate(`/assets/${a.id}`, { replace: true });
      } else {
        const a = await create.mutateAsync({ ...body, code: v.code?.trim() || null });
        message.success(t('assets.web.created', { code: a.code }));
        navigate(`/assets/${a.id}`, { replace: true });
      }
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.fields.map((f) => ({ name: FIELD_OF[f.path.split('.')[0]] ?? (f.path.split('.')[0] as keyof Values), errors: [f.message.replace(/^[^：:]{1,20}[：:]\s*/, '')] })));
        setError(e.message);
      } else setError(String(e));
    }
  };

  if (editId && existing.isError) return <Alert type="warning" showIcon title={t('assets.web.notFound')} />;
  if (editId && !existing.data) return <Skeleton active />;
  const req = (name: string) => [{ required: true, message: `${t(`assets.field.${name}`)}：${t('errors.assets.required')}` }];
  const col = (span: number) => ({ xs: 24, md: span });
  const autoLow = unitPrice != null && Math.round(unitPrice * 100) < settings.capitalisationThresholdFen;
  return (
    <div data-testid="page-asset-form">
      <PageHeader title={<Space><Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />{existing.data ? t('assets.web.edit') : t('assets.web.add')}</Space>} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} size={phone ? 'large' : 'middle'} scrollToFirstError
        initialValues={{ quantity: 1, acquiredWay: 'purchase', status: 'in_use', lowValue: 'auto', acquiredOn: dayjs() }}>
        <Card size="small">
          <Row gutter={16}>
            <Col {...col(8)}><Form.Item name="code" label={t('assets.field.code')} extra={existing.data ? undefined : t('assets.web.codeAuto')} rules={existing.data ? req('code') : []}><Input maxLength={40} data-testid="field-code" /></Form.Item></Col>
            <Col {...col(16)}><Form.Item name="name" label={t('assets.field.name')} rules={req('name')}><Input maxLength={100} data-testid="field-name" /></Form.Item></Col>
            <Col {...col(12)}><Form.Item name="classCode" label={t('assets.field.className')} rules={req('classCode')}><ClassSelect testId="field-class" /></Form.Item></Col>
            <Col {...col(12)}><Form.Item name="model" label={t('assets.field.model')}><Input maxLength={100} /></Form.Item></Col>
            <Col {...col(8)}><Form.Item name="serialNo" label={t('assets.field.serialNo')}><Input maxLength={100} /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="quantity" label={t('assets.field.quantity')} rules={req('quantity')}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="unit" label={t('assets.field.unit')}><Input maxLength={10} /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="unitPrice" label={t('assets.field.unitPrice')} rules={req('unitPrice')}><InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="field-price" /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="originalValue" label={t('assets.field.originalValue')} extra={unitPrice != null ? `${yuan(Math.round(unitPrice * 100) * (quantity ?? 1))}` : undefined}><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
            <Col {...col(8)}><Form.Item name="lowValue" label={t('assets.field.lowValue')}>
              <Select options={[
                { value: 'auto', label: `${t('assets.web.lowValueAuto')}（${t(autoLow ? 'common.yes' : 'common.no')}）` },
                { value: 'yes', label: t('assets.web.lowValueYes') }, { value: 'no', label: t('assets.web.lowValueNo') },
              ]} />
            </Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="acquiredOn" label={t('assets.field.acquiredOn')} rules={req('acquiredOn')}><DatePicker style={{ width: '100%' }} inputReadOnly={phone} /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="enteredOn" label={t('assets.field.enteredOn')}><DatePicker style={{ width: '100%' }} inputReadOnly={phone} /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="acquiredWay" label={t('assets.field.acquiredWay')}><Select options={ACQUIRED_WAYS.map((w) => ({ value: w, label: t(`assets.way.${w}`) }))} /></Form.Item></Col>
            <Col xs={12} md={8}><Form.Item name="status" label={t('assets.field.status')}>
              <Select disabled={existing.data ? !(EDITABLE_STATUSES as readonly string[]).includes(existing.data.status) : false}
                options={(existing.data && !(EDITABLE_STATUSES as readonly string[]).includes(existing.data.status) ? [existing.data.status] : [...EDITABLE_STATUSES]).map((s) => ({ value: s, label: t(`assets.status.${s}`) }))} />
            </Form.Item></Col>
            <Col {...col(12)}><Form.Item name="locationId" label={t('assets.field.location')}><LocationTreeSelect /></Form.Item></Col>
            <Col {...col(6)}><Form.Item name="departmentId" label={t('assets.field.department')}><RefSelect kind="departments" /></Form.Item></Col>
            <Col {...col(6)}><Form.Item name="custodianId" label={t('assets.field.custodian')}><PersonSelect /></Form.Item></Col>
            <Col span={24}><Form.Item name="notes" label={t('assets.field.notes')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item></Col>
            <Col span={24}><Form.Item name="photoIds" label={t('assets.field.photos')}><PhotoUpload known={existing.data?.photos} /></Form.Item></Col>
          </Row>
        </Card>
        <div style={{ marginTop: 16, display: 'flex', gap: 8, justifyContent: phone ? 'stretch' : 'flex-end' }}>
          <Button onClick={() => navigate(-1)} block={phone}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending} block={phone} data-testid="asset-save">{t('common.save')}</Button>
        </div>
      </Form>
    </div>
  );
}
