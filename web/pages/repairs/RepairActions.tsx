import { useEffect, useMemo, useState } from 'react';
import { Alert, App, AutoComplete, Button, Drawer, Form, Input, InputNumber, Modal, Rate, Select, Typography, type FormInstance } from 'antd';
import {
  SendOutlined, CheckOutlined, ToolOutlined, LikeOutlined, RollbackOutlined, StopOutlined, PlusOutlined, DeleteOutlined,
} from '@ant-design/icons';
import {
  CancelInput, CompleteInput, ConfirmInput, DispatchInput, ReopenInput, type RepairAction, type RepairOrder,
} from '../../../contracts/repairs';
import { ApiError } from '../../api/client';
import { useCategoryRules, useRepairAction, useWorkers } from '../../api/repairs';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PhotoUpload } from '../../components/files/PhotoUpload';
import { issueMessage, useZodLocale } from '../../components/resource/formKit';
import { useIsPhone } from '../../components/useIsPhone';
import { REPAIR_ACTIONS } from './shared';
import type { z } from 'zod';

const ICONS: Record<RepairAction, React.ReactNode> = {
  dispatch: <SendOutlined />, accept: <CheckOutlined />, complete: <ToolOutlined />, confirm: <LikeOutlined />,
  reopen: <RollbackOutlined />, cancel: <StopOutlined />,
};
/** The next step of the order is the primary button; going back or stopping is never primary. */
const PRIMARY: RepairAction[] = ['dispatch', 'accept', 'complete', 'confirm'];

/** Zod issues onto the form's fields; returns whether the input was valid. */
function check<S extends z.ZodType, V>(schema: S, body: unknown, f: FormInstance<V>, t: (k: string, p?: Record<string, string | number>) => string): z.infer<S> | null {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const form = f as unknown as FormInstance;
  form.setFields(r.error.issues.map((i) => ({ name: i.path.length > 1 ? i.path.map((p) => (typeof p === 'number' ? p : String(p))) : String(i.path[0]), errors: [issueMessage(i, t)] })));
  return null;
}

function serverErrors<V>(e: unknown, f: FormInstance<V>): string {
  if (!(e instanceof ApiError)) return String(e);
  const form = f as unknown as FormInstance;
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  form.setFields(e.fields.filter((f) => known.has(f.path.split('.')[0]))
    .map((f) => ({ name: f.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message.replace(/^[^：:]{1,20}[：:]\s*/, '')] })));
  return e.message;
}

interface DialogProps { orders: RepairOrder[]; open: boolean; onClose: () => void; onDone?: () => void }

/** Picks a worker for one order or several (the board's bulk dispatch); the category's default worker first. */
export function DispatchDialog({ orders, open, onClose, onDone }: DialogProps) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<{ assigneeId?: number; note?: string }>();
  const workers = useWorkers(open);
  const rules = useCategoryRules(open && can(REPAIR_ACTIONS.rulesRead));
  const act = useRepairAction();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = orders[0];

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
  }, [open, form]);
  // The worker the order had before (a reopened order goes back to them), else the category's default; never over a choice made.
  const rule = rules.data?.rules.find((r) => r.category === first?.category)?.assigneeId;
  const suggested = first?.assigneeId ?? rule ?? undefined;
  useEffect(() => {
    if (open && suggested && form.getFieldValue('assigneeId') == null) form.setFieldsValue({ assigneeId: suggested });
  }, [open, suggested, form]);

  const options = useMemo(() => (workers.data ?? []).map((w) => ({
    value: w.id,
    label: `${w.name}${w.phone ? ` · ${w.phone}` : ''} · ${t('repairs.dispatch.openCount', { n: w.openCount })}`,
  })), [workers.data, t]);

  const submit = async (v: { assigneeId?: number; note?: string }) => {
    const body = check(DispatchInput, { assigneeId: v.assigneeId, note: v.note || null }, form, t);
    if (!body) return;
    setBusy(true);
    setError(null);
    let ok = 0;
    const failed: string[] = [];
    for (const o of orders) {
      try {
        await act.mutateAsync({ id: o.id, action: 'dispatch', body });
        ok++;
      } catch (e) {
        failed.push(`${o.code}：${serverErrors(e, form)}`);
      }
    }
    setBusy(false);
    if (failed.length) setError(failed.join('；'));
    if (ok) message.success(orders.length > 1 ? t('repairs.dispatch.doneMany', { n: ok }) : t('repairs.dispatch.done'));
    if (!failed.length) { onClose(); onDone?.(); }
  };

  return (
    <Modal open={open} onCancel={onClose} destroyOnHidden title={orders.length > 1 ? t('repairs.dispatch.titleMany', { n: orders.length }) : t('repairs.dispatch.title', { code: first?.code ?? '' })}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="dispatch-confirm">{t('repairs.actions.dispatch')}</Button>,
      ]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {orders.length === 1 && first && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>{first.locationPath} · {first.description}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="assigneeId" label={t('repairs.dispatch.worker')} required extra={workers.data && !workers.data.length ? t('repairs.dispatch.noWorkers') : undefined}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} loading={workers.isPending} placeholder={t('list.selectPlaceholder')}
            data-testid="dispatch-worker" size="large" notFoundContent={t('repairs.dispatch.noWorkers')} />
        </Form.Item>
        <Form.Item name="note" label={t('repairs.dispatch.note')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('repairs.dispatch.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CompleteValues { note?: string; hours?: number; items?: { name?: string; quantity?: number; unit?: string }[]; photoIds?: string[] }

/** Words a worker types most: the seed's lamps, valves and small repairs. */
const COMMON_ITEMS = ['灯管', '灯泡', '开关', '插座', '阀门水嘴', '水龙头', '门锁', '合页', '玻璃', '螺丝', '网线', '零星维修'];
const COMMON_UNITS = ['支', '只', '个', '套', '块', '米', '次'];

/** The worker closes the job: what was done, how long, what was used, photos. Full screen on a phone. */
export function CompleteDrawer({ orders, open, onClose, onDone }: DialogProps) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<CompleteValues>();
  const act = useRepairAction();
  const [error, setError] = useState<string | null>(null);
  const order = orders[0];

  useEffect(() => { if (open) { setError(null); form.resetFields(); } }, [open, form]);

  const submit = async (v: CompleteValues) => {
    const items = (v.items ?? []).filter((i) => i && (i.name || i.quantity)).map((i) => ({ name: i.name ?? '', quantity: i.quantity as number, unit: i.unit || null }));
    const body = check(CompleteInput, { note: v.note ?? '', hours: v.hours, items, photoIds: v.photoIds ?? [] }, form, t);
    if (!body || !order) return;
    setError(null);
    try {
      await act.mutateAsync({ id: order.id, action: 'complete', body });
      message.success(t('repairs.complete.done'));
      onClose();
      onDone?.();
    } catch (e) {
      setError(serverErrors(e, form));
    }
  };

  return (
    <Drawer open={open} onClose={onClose} destroyOnHidden size={phone ? '100%' : 520} mask={{ closable: false }}
      title={t('repairs.complete.title', { code: order?.code ?? '' })}
      footer={(
        <Button type="primary" block size="large" loading={act.isPending} onClick={() => form.submit()} data-testid="complete-submit">{t('repairs.complete.submit')}</Button>
      )}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {order && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>{order.locationPath} · {order.description}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ items: [], photoIds: [] }}>
        <Form.Item name="note" label={t('repairs.complete.note')} required>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('repairs.complete.notePlaceholder')} data-testid="complete-note" />
        </Form.Item>
        <Form.Item name="hours" label={t('repairs.complete.hours')} required>
          <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} size="large" inputMode="decimal" suffix={t('repairs.complete.hoursUnit')} data-testid="complete-hours" />
        </Form.Item>
        <Typography.Text strong>{t('repairs.complete.items')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('repairs.complete.itemsHint')}</Typography.Paragraph>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <div style={{ display: 'grid', gap: 8, marginBottom: 16 }}>
              {fields.map((f) => (
                <div key={f.key} style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 76px 64px 32px', gap: 6, alignItems: 'start' }} data-testid="complete-item">
                  <Form.Item name={[f.name, 'name']} style={{ margin: 0 }}>
                    <AutoComplete options={COMMON_ITEMS.map((x) => ({ value: x }))} placeholder={t('repairs.complete.itemName')} aria-label={t('repairs.complete.itemName')}
                      filterOption={(input, o) => String(o?.value ?? '').includes(input)} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} style={{ margin: 0 }}>
                    <InputNumber min={0} max={100000} placeholder={t('repairs.complete.quantity')} aria-label={t('repairs.complete.quantity')} style={{ width: '100%' }} inputMode="decimal" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} style={{ margin: 0 }}>
                    <AutoComplete options={COMMON_UNITS.map((x) => ({ value: x }))} placeholder={t('repairs.complete.unit')} aria-label={t('repairs.complete.unit')}
                      filterOption={(input, o) => !input || String(o?.value ?? '').includes(input)} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('repairs.complete.removeItem')} />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} data-testid="complete-add-item">{t('repairs.complete.addItem')}</Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="photoIds" label={t('repairs.complete.photos')}>
          <PhotoUpload max={6} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** The reporter confirms the repair with stars and a word. */
export function ConfirmDialog({ orders, open, onClose, onDone }: DialogProps) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ rating?: number; comment?: string }>();
  const act = useRepairAction();
  const [error, setError] = useState<string | null>(null);
  const order = orders[0];
  useEffect(() => { if (open) { setError(null); form.resetFields(); } }, [open, form]);
  const rating = Form.useWatch('rating', form);
  const submit = async (v: { rating?: number; comment?: string }) => {
    const body = check(ConfirmInput, { rating: v.rating, comment: v.comment || null }, form, t);
    if (!body || !order) return;
    try {
      await act.mutateAsync({ id: order.id, action: 'confirm', body });
      message.success(t('repairs.confirm.done'));
      onClose();
      onDone?.();
    } catch (e) {
      setError(serverErrors(e, form));
    }
  };
  return (
    <Modal open={open} onCancel={onClose} destroyOnHidden title={t('repairs.confirm.title', { code: order?.code ?? '' })}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" loading={act.isPending} onClick={() => form.submit()} data-testid="confirm-submit">{t('repairs.confirm.submit')}</Button>,
      ]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ rating: 5 }}>
        <Form.Item name="rating" label={t('repairs.confirm.rating')} required extra={rating ? t(`repairs.confirm.stars${rating}`) : undefined}>
          <Rate style={{ fontSize: 32 }} data-testid="confirm-rating" />
        </Form.Item>
        <Form.Item name="comment" label={t('repairs.confirm.comment')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('repairs.confirm.commentPlaceholder')} data-testid="confirm-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Reopen (the fault is back) or cancel (no longer needed): both need a reason. */
export function ReasonDialog({ orders, open, onClose, onDone, action }: DialogProps & { action: 'reopen' | 'cancel' }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const act = useRepairAction();
  const [error, setError] = useState<string | null>(null);
  const order = orders[0];
  useEffect(() => { if (open) { setError(null); form.resetFields(); } }, [open, form]);
  const submit = async (v: { reason?: string }) => {
    const body = check(action === 'reopen' ? ReopenInput : CancelInput, { reason: v.reason ?? '' }, form, t);
    if (!body || !order) return;
    try {
      await act.mutateAsync({ id: order.id, action, body });
      message.success(t(`repairs.${action}.done`));
      onClose();
      onDone?.();
    } catch (e) {
      setError(serverErrors(e, form));
    }
  };
  return (
    <Modal open={open} onCancel={onClose} destroyOnHidden title={t(`repairs.${action}.title`, { code: order?.code ?? '' })}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" danger={action === 'cancel'} loading={act.isPending} onClick={() => form.submit()} data-testid={`${action}-submit`}>{t(`repairs.actions.${action}`)}</Button>,
      ]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t(`repairs.${action}.reason`)} required>
          <Input.TextArea rows={3} maxLength={500} placeholder={t(`repairs.${action}.reasonPlaceholder`)} data-testid={`${action}-reason`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The buttons of what the caller may do now, exactly as the order's `actions` say (the server decides),
 * and the dialog each opens. Accept needs no form.
 */
export function RepairActions({ order, block, size = 'middle', onDone }: { order: RepairOrder; block?: boolean; size?: 'small' | 'middle' | 'large'; onDone?: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const act = useRepairAction();
  const [open, setOpen] = useState<RepairAction | null>(null);
  if (!order.actions.length) return null;
  const accept = async () => {
    try {
      await act.mutateAsync({ id: order.id, action: 'accept', body: {} });
      message.success(t('repairs.accept.done'));
      onDone?.();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const sorted = [...order.actions].sort((a, b) => Number(PRIMARY.includes(b)) - Number(PRIMARY.includes(a)));
  const props = { orders: [order], onClose: () => setOpen(null), onDone };
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, width: block ? '100%' : undefined }}>
        {sorted.map((a) => (
          <Button key={a} size={size} icon={ICONS[a]} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={a === 'cancel'}
            loading={a === 'accept' && act.isPending} data-testid={`repair-action-${a}`}
            style={block ? { flex: PRIMARY.includes(a) ? '2 1 0' : '1 1 0', minWidth: 0 } : undefined}
            onClick={(e) => { e.preventDefault(); e.stopPropagation(); if (a === 'accept') void accept(); else setOpen(a); }}>
            {t(`repairs.actions.${a}`)}
          </Button>
        ))}
      </div>
      {order.actions.includes('dispatch') && <DispatchDialog {...props} open={open === 'dispatch'} />}
      {order.actions.includes('complete') && <CompleteDrawer {...props} open={open === 'complete'} />}
      {order.actions.includes('confirm') && <ConfirmDialog {...props} open={open === 'confirm'} />}
      {order.actions.includes('reopen') && <ReasonDialog {...props} action="reopen" open={open === 'reopen'} />}
      {order.actions.includes('cancel') && <ReasonDialog {...props} action="cancel" open={open === 'cancel'} />}
    </>
  );
}
