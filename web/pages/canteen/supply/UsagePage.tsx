import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Tag } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { Usage } from '../../../../contracts/canteenSupply';
import { ApiError } from '../../../api/client';
import { useCreateUsage, useDeleteUsage, useStoreBatches, useUsageList } from '../../../api/canteenSupply';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { ListCard, RecordList } from '../../../components/lists/RecordList';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { SUPPLY, applyNestedErrors, yuan } from './shared';

/** 出库领用: stock taken from the store's batches (oldest first: FIFO), costed on the day used. */
export default function UsagePage() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const school = useSchoolChoice();
  const batches = useStoreBatches({ schoolId: school.schoolId });
  const list = useUsageList({ schoolId: school.schoolId });
  const create = useCreateUsage();
  const del = useDeleteUsage();
  const [form] = Form.useForm<{ usedOn: Dayjs; itemId: number; quantity: number; note?: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const itemId = Form.useWatch('itemId', form);
  const chosen = batches.data?.items.find((b) => b.itemId === itemId);
  const submit = async (v: { usedOn: Dayjs; itemId: number; quantity: number; note?: string }) => {
    setErrors([]);
    try {
      await create.mutateAsync({ usedOn: v.usedOn.format('YYYY-MM-DD'), itemId: v.itemId, quantity: v.quantity, note: v.note ?? null });
      message.success(t('canteen.supply.web.save'));
      form.resetFields(['quantity', 'note']);
    } catch (e) { setErrors(applyNestedErrors(form, e, (p) => ['usedOn', 'itemId', 'quantity'].includes(String(p[0])))); }
  };
  const remove = async (u: Usage) => {
    try { await del.mutateAsync(u.id); } catch (e) { message.error(e instanceof ApiError ? e.message : String(e)); }
  };
  return (
    <div data-testid="page-canteen-usage">
      <PageHeader title={t('canteen.supply.web.usageTitle')} sub={t('canteen.supply.web.usageSub')} extra={school.picker} />
      {can(SUPPLY.usageWrite) && !school.district && (
        <Card size="small" title={t('canteen.supply.web.newUsage')} style={{ marginBottom: 12, maxWidth: 720 }}>
          <Form form={form} layout="vertical" size="large" onFinish={submit} initialValues={{ usedOn: dayjs() }}>
            <Form.Item name="itemId" label={t('canteen.supply.web.batch')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" loading={batches.isPending} data-testid="f-batch"
                options={(batches.data?.items ?? []).map((b) => ({ value: b.itemId, label: `${b.name} · ${b.receivedOn} · ${b.supplierName} · ${t('canteen.supply.web.remaining')} ${b.remaining}${b.unit}` }))} />
            </Form.Item>
            <Space wrap align="start">
              <Form.Item name="usedOn" label={t('fields.usedOn')} rules={[{ required: true }]}><DatePicker inputReadOnly allowClear={false} /></Form.Item>
              <Form.Item name="quantity" label={`${t('fields.quantity')}${chosen ? `（${chosen.unit}）` : ''}`} rules={[{ required: true }]}>
                <InputNumber min={0.001} max={chosen?.remaining} precision={3} inputMode="decimal" style={{ width: 160 }} data-testid="f-quantity" />
              </Form.Item>
              <Form.Item name="note" label={t('fields.note')}><Input maxLength={200} style={{ width: 200 }} /></Form.Item>
            </Space>
            {chosen && <div style={{ marginBottom: 8, color: '#595959' }}>{yuan(chosen.unitPriceFen)}/{chosen.unit}{chosen.expiresOn && ` · ${t('canteen.supply.web.expiresOn')} ${chosen.expiresOn}`}</div>}
            {errors.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={errors.join('；')} />}
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="usage-save">{t('canteen.supply.web.save')}</Button>
          </Form>
        </Card>
      )}
      <RecordList<Usage> list={list} testId="usage-list"
        columns={[
          { key: 'usedOn', title: t('fields.usedOn'), render: (_, u) => u.usedOn },
          { key: 'name', title: t('fields.name'), render: (_, u) => u.name },
          { key: 'qty', title: t('fields.quantity'), align: 'right', render: (_, u) => `${u.quantity} ${u.unit}` },
          { key: 'amount', title: t('canteen.supply.web.amount'), align: 'right', render: (_, u) => yuan(u.amountFen) },
          { key: 'note', title: t('fields.note'), render: (_, u) => u.note },
          { key: 'x', title: '', render: (_, u) => can(SUPPLY.usageWrite) && <Popconfirm title="?" onConfirm={() => remove(u)}><Button size="small" icon={<DeleteOutlined />} /></Popconfirm> },
        ]}
        card={(u) => <ListCard title={`${u.name} ${u.quantity}${u.unit}`} tags={<Tag>{yuan(u.amountFen)}</Tag>} lines={[u.usedOn, u.note]} />} />
    </div>
  );
}
