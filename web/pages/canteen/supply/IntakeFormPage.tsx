import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Segmented, Select, Skeleton, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { DISPOSALS, ITEM_CATEGORIES, ITEM_CERT_CATEGORIES, type ItemCategory } from '../../../../contracts/canteenSupply';
import { useInspectorChoices, useIntake, useSaveIntake, useSupplierOptions, useSupplySettings } from '../../../api/canteenSupply';
import { useCurrentUser } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { applyNestedErrors, yuan } from './shared';

interface ItemValues {
  id?: number; name: string; spec?: string; category: ItemCategory; bulk: boolean; quantity: number | null; unit: string; unitPriceYuan: number | null;
  productionDate: Dayjs | null; batch?: string; shelfLifeDays: number | null; temperature: number | null;
  destination: 'kitchen' | 'store'; result: 'accepted' | 'refused'; refuseReason?: string; disposal?: 'returned' | 'destroyed'; certFileIds: string[];
}
interface Values { supplierId: number; receivedAt: Dayjs; inspectorIds: number[]; certFileIds: string[]; note?: string; reason?: string; items: ItemValues[] }

const newItem = (): Partial<ItemValues> => ({ category: 'vegetable', bulk: false, unit: 'kg', destination: 'kitchen', result: 'accepted', certFileIds: [], productionDate: null, shelfLifeDays: null, temperature: null });

/**
 * 进货查验 on a phone (390 px): supplier, items one card each (quantity, price, dates, temperature,
 * accepted or refused with the reason and disposal, the meat's quarantine certificate), the delivery's
 * certificate photos, inspectors — two or more as soon as an item is a bulk staple. Also the
 * correction of an existing intake (with a reason).
 */
export default function IntakeFormPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const id = Number(useParams().id) || undefined;
  const existing = useIntake(id);
  const suppliers = useSupplierOptions();
  const inspectors = useInspectorChoices();
  const settings = useSupplySettings();
  const save = useSaveIntake();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const items = Form.useWatch('items', form) ?? [];
  const d = existing.data;
  useEffect(() => {
    if (!d) return;
    form.setFieldsValue({
      supplierId: d.supplierId, receivedAt: dayjs(d.receivedAt), inspectorIds: d.inspectorIds, certFileIds: d.certs.map((f) => f.id), note: d.note ?? '',
      items: d.items.map((i) => ({
        id: i.id, name: i.name, spec: i.spec ?? '', category: i.category, bulk: i.bulk, quantity: i.quantity, unit: i.unit, unitPriceYuan: i.unitPriceFen / 100,
        productionDate: i.productionDate ? dayjs(i.productionDate) : null, batch: i.batch ?? '', shelfLifeDays: i.shelfLifeDays, temperature: i.temperature,
        destination: i.destination, result: i.result, refuseReason: i.refuseReason ?? '', disposal: i.disposal ?? undefined, certFileIds: i.certs.map((f) => f.id),
      })),
    });
  }, [d, form]);
  if (id && existing.isPending) return <Skeleton active />;
  const known = d ? [...d.certs, ...d.items.flatMap((i) => i.certs)] : [];
  const hasBulk = items.some((i) => i?.bulk);
  const total = items.reduce((a, i) => a + (i?.result === 'accepted' && i.quantity && i.unitPriceYuan != null ? Math.round(i.quantity * Math.round(i.unitPriceYuan * 100)) : 0), 0);
  const staple = (name: string) => settings.values.bulkStaples.some((s) => name.includes(s));

  const submit = async (v: Values) => {
    setErrors([]);
    const body = {
      supplierId: v.supplierId, receivedAt: v.receivedAt.toISOString(), inspectorIds: v.inspectorIds ?? [], certFileIds: v.certFileIds ?? [], note: v.note ?? null,
      items: (v.items ?? []).map((i) => ({
        ...(i.id ? { id: i.id } : {}), name: i.name, spec: i.spec ?? null, category: i.category, bulk: !!i.bulk, quantity: i.quantity ?? 0, unit: i.unit,
        unitPriceFen: Math.round((i.unitPriceYuan ?? 0) * 100), productionDate: i.productionDate?.format('YYYY-MM-DD') ?? null, batch: i.batch || null,
        shelfLifeDays: i.shelfLifeDays ?? null, temperature: i.temperature ?? null, destination: i.destination, result: i.result,
        refuseReason: i.result === 'refused' ? i.refuseReason ?? null : null, disposal: i.result === 'refused' ? i.disposal ?? null : null, certFileIds: i.certFileIds ?? [],
      })),
    };
    try {
      const saved = await save.mutateAsync({ id, body: id ? { ...body, version: d!.version, reason: v.reason ?? '' } : body });
      navigate(`/canteen/supply/intakes/${saved.id}`);
    } catch (e) {
      setErrors(applyNestedErrors(form, e, (p) => ['supplierId', 'receivedAt', 'inspectorIds', 'certFileIds', 'items', 'reason'].includes(String(p[0])) && (p[0] !== 'items' || p.length === 3)));
    }
  };

  return (
    <div data-testid="page-canteen-intake-form" style={{ maxWidth: 720 }}>
      <PageHeader title={t(id ? 'canteen.supply.web.correctIntake' : 'canteen.supply.web.newIntake')} />
      <Form form={form} layout="vertical" size="large" onFinish={submit} scrollToFirstError
        initialValues={{ receivedAt: dayjs(), inspectorIds: [me.id], certFileIds: [], items: [newItem()] }}>
        <Form.Item name="supplierId" label={t('fields.supplierId')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" loading={suppliers.isPending} data-testid="f-supplier"
            options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: s.admissible ? s.name : `${s.name}（${s.problems.map((p) => t(`canteen.supply.problem.${p}`)).join('、')}）`, disabled: !s.admissible && s.id !== d?.supplierId }))} />
        </Form.Item>
        <Form.Item name="receivedAt" label={t('fields.receivedAt')} rules={[{ required: true }]}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" inputReadOnly style={{ width: '100%' }} /></Form.Item>

        <Typography.Title level={5}>{t('canteen.supply.web.items')}</Typography.Title>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, idx) => {
                const it = items[idx] ?? {};
                const refused = it.result === 'refused';
                const needsCert = !refused && ITEM_CERT_CATEGORIES.includes(it.category);
                const amount = it.quantity && it.unitPriceYuan != null ? Math.round(it.quantity * Math.round(it.unitPriceYuan * 100)) : null;
                return (
                  <Card key={f.key} size="small" style={{ marginBottom: 12, borderColor: refused ? '#ffa39e' : undefined }} data-testid="item-card"
                    title={<span>{idx + 1}. {it.name || t('canteen.supply.web.items')}</span>}
                    extra={<Space>{amount != null && <span>{yuan(amount)}</span>}{fields.length > 1 && <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('canteen.supply.web.removeItem')} />}</Space>}>
                    <Form.Item name={[f.name, 'id']} hidden><Input /></Form.Item>
                    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))', columnGap: 8 }}>
                      <Form.Item name={[f.name, 'name']} label={t('fields.name')} rules={[{ required: true }]}>
                        <Input maxLength={60} data-testid="f-item-name" onBlur={(e) => { if (staple(e.target.value)) form.setFieldValue(['items', f.name, 'bulk'], true); }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'category']} label={t('fields.category')} rules={[{ required: true }]}>
                        <Select options={ITEM_CATEGORIES.map((c) => ({ value: c, label: t(`canteen.supply.category.${c}`) }))} data-testid="f-item-category" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'quantity']} label={t('fields.quantity')} rules={[{ required: true }]}><InputNumber min={0.001} step={1} precision={3} inputMode="decimal" style={{ width: '100%' }} data-testid="f-item-quantity" /></Form.Item>
                      <Form.Item name={[f.name, 'unit']} label={t('fields.unit')} rules={[{ required: true }]}><Input maxLength={10} /></Form.Item>
                      <Form.Item name={[f.name, 'unitPriceYuan']} label={`${t('fields.unitPriceFen').replace(/（分）|\(fen\)/, '')}（${t('canteen.supply.web.yuan')}）`} rules={[{ required: true }]}>
                        <InputNumber min={0} step={0.1} precision={2} inputMode="decimal" style={{ width: '100%' }} data-testid="f-item-price" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'spec']} label={t('fields.spec')}><Input maxLength={60} /></Form.Item>
                      <Form.Item name={[f.name, 'productionDate']} label={t('fields.productionDate')}><DatePicker inputReadOnly style={{ width: '100%' }} /></Form.Item>
                      <Form.Item name={[f.name, 'shelfLifeDays']} label={t('fields.shelfLifeDays')}><InputNumber min={1} max={3650} inputMode="numeric" style={{ width: '100%' }} /></Form.Item>
                      <Form.Item name={[f.name, 'batch']} label={t('fields.batch')}><Input maxLength={60} /></Form.Item>
                      <Form.Item name={[f.name, 'temperature']} label={t('fields.temperature')}><InputNumber min={-40} max={60} step={0.5} inputMode="decimal" style={{ width: '100%' }} /></Form.Item>
                    </div>
                    <Space wrap style={{ marginBottom: 8 }}>
                      <Form.Item name={[f.name, 'bulk']} valuePropName="checked" noStyle><Switch data-testid="f-item-bulk" /></Form.Item><span>{t('fields.bulk')}</span>
                      <Form.Item name={[f.name, 'destination']} noStyle>
                        <Segmented options={(['kitchen', 'store'] as const).map((x) => ({ value: x, label: t(`canteen.supply.destination.${x}`) }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'result']} noStyle>
                        <Segmented data-testid="f-item-result" options={(['accepted', 'refused'] as const).map((x) => ({ value: x, label: t(`canteen.supply.result.${x}`) }))} />
                      </Form.Item>
                    </Space>
                    {refused && (
                      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', columnGap: 8 }}>
                        <Form.Item name={[f.name, 'refuseReason']} label={t('fields.refuseReason')} rules={[{ required: true }]}><Input maxLength={200} data-testid="f-item-reason" /></Form.Item>
                        <Form.Item name={[f.name, 'disposal']} label={t('fields.disposal')} rules={[{ required: true }]}>
                          <Select options={DISPOSALS.map((x) => ({ value: x, label: t(`canteen.supply.disposal.${x}`) }))} data-testid="f-item-disposal" />
                        </Form.Item>
                      </div>
                    )}
                    <Form.Item name={[f.name, 'certFileIds']} label={t('canteen.supply.web.itemCerts')} rules={needsCert ? [{ required: true, type: 'array', min: 1 }] : []} style={{ marginBottom: 0 }}>
                      <PhotoUpload max={6} allowPdf known={known} />
                    </Form.Item>
                  </Card>
                );
              })}
              <Button block icon={<PlusOutlined />} onClick={() => add(newItem())} style={{ marginBottom: 16 }} data-testid="item-add">{t('canteen.supply.web.addItem')}</Button>
            </>
          )}
        </Form.List>
        <div style={{ textAlign: 'right', marginBottom: 12 }}><strong>{t('canteen.supply.web.total')}：{yuan(total)}</strong></div>

        {hasBulk && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('canteen.supply.web.bulkHint', { n: settings.values.bulkInspectors })} data-testid="bulk-hint" />}
        <Form.Item name="inspectorIds" label={t('fields.inspectorIds')} rules={[{ required: true, type: 'array', min: hasBulk ? settings.values.bulkInspectors : 1 }]}>
          <Select mode="multiple" optionFilterProp="label" loading={inspectors.isPending} data-testid="f-inspectors"
            options={(inspectors.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="certFileIds" label={t('canteen.supply.web.intakeCerts')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <PhotoUpload max={20} allowPdf known={known} />
        </Form.Item>
        <Form.Item name="note" label={t('fields.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        {id && <Form.Item name="reason" label={t('canteen.supply.web.correctionReason')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>}
        {errors.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errors.join('；')} data-testid="form-errors" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="intake-save">{t('canteen.supply.web.save')}</Button>
          <Button onClick={() => navigate(-1)}>{t('canteen.supply.web.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}
