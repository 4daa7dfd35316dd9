import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { useTransfer } from '../../api/assets';
import { useI18n } from '../../app/i18n';
import { LocationTreeSelect, RefSelect } from '../../components/refs';
import { useIsPhone } from '../../components/useIsPhone';
import { PersonSelect } from './shared';

interface Values { locationId?: number | null; departmentId?: number | null; custodianId?: number | null; note?: string }

/**
 * 调拨: a new place, department or person for one asset (with its version) or several; what is
 * left empty stays as it is. The server keeps the history (a timeline entry per asset, audited).
 */
export function TransferDialog({ open, onClose, ids, version, onDone }: { open: boolean; onClose: () => void; ids: number[]; version?: number; onDone?: (moved: number) => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const transfer = useTransfer();
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setError(null);
    const to = {
      ...(v.locationId ? { locationId: v.locationId } : {}),
      ...(v.departmentId ? { departmentId: v.departmentId } : {}),
      ...(v.custodianId ? { custodianId: v.custodianId } : {}),
      note: v.note?.trim() || null,
    };
    if (!to.locationId && !to.departmentId && !to.custodianId) { setError(t('errors.assets.transferEmpty')); return; }
    try {
      const r = ids.length === 1 ? await transfer.mutateAsync({ id: ids[0], body: { ...to, version } }) : await transfer.mutateAsync({ bulk: { ids, ...to } });
      message.success(t('assets.web.transferDone', { n: r.moved }));
      form.resetFields();
      onDone?.(r.moved);
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Modal open={open} onCancel={onClose} title={`${t('assets.web.transferTitle')}${ids.length > 1 ? ` · ${t('assets.web.selected', { n: ids.length })}` : ''}`}
      onOk={() => form.submit()} okText={t('assets.web.transfer')} confirmLoading={transfer.isPending} destroyOnHidden width={phone ? '100%' : 520}
      okButtonProps={{ size: phone ? 'large' : 'middle', 'data-testid': 'transfer-submit' } as Record<string, string>} cancelButtonProps={{ size: phone ? 'large' : 'middle' }}>
      <Typography.Paragraph type="secondary">{t('assets.web.transferHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="transfer-error" />}
      <Form form={form} layout="vertical" onFinish={submit} size={phone ? 'large' : 'middle'}>
        <Form.Item name="locationId" label={t('assets.field.location')}><LocationTreeSelect /></Form.Item>
        <Form.Item name="departmentId" label={t('assets.field.department')}><RefSelect kind="departments" /></Form.Item>
        <Form.Item name="custodianId" label={t('assets.field.custodian')}><PersonSelect testId="transfer-custodian" /></Form.Item>
        <Form.Item name="note" label={t('assets.web.transferNote')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}
