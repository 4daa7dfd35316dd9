import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Drawer, Form, Row, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { keys, useSave, type AnyRecord } from '../../api/hooks';
import { useIsPhone } from '../useIsPhone';
import { useI18n } from '../../app/i18n';
import { fieldLabel } from './display';
import { FieldInput, issueMessage, useZodLocale, acceptsNull, applyServerErrors, isRequired, toApiValue, toFormValue, zodRule } from './formKit';
import type { Ctx, ResourceConfig } from './types';

interface Props<R extends AnyRecord> {
  config: ResourceConfig<R>;
  ctx: Ctx;
  /** The record to edit, or null to create one. */
  record: R | null;
  open: boolean;
  onClose: () => void;
  onSaved: (r: R) => void;
  /** After a 409: the latest version replaces the record being edited. */
  onReplace: (r: R) => void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Create or edit a record: labels above fields, the contract's rules as the user types,
 * the server's field errors on the fields, and the values kept when the server refuses.
 */
export function RecordForm<R extends AnyRecord>({ config, ctx, record, open, onClose, onSaved, onReplace }: Props<R>) {
  const { t } = ctx;
  useZodLocale(useI18n().locale);
  const phone = useIsPhone();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const save = useSave<R>(config.resource);
  const [banner, setBanner] = useState<{ text: string; extra?: string[]; conflict?: boolean } | null>(null);
  const mode = record ? 'edit' : 'create';
  const schema = mode === 'create' ? config.createSchema : config.updateSchema;
  const fields = useMemo(() => config.fields.filter((f) => (mode === 'create' ? f.create !== false : f.edit !== false)), [config.fields, mode]);
  const names = fields.map((f) => f.name);

  const initial = useMemo(() => {
    const v: Record<string, unknown> = {};
    for (const f of fields) v[f.name] = toFormValue(f.type, record ? record[f.name] : config.createDefaults?.[f.name]);
    return v;
  }, [fields, record, config.createDefaults]);

  useEffect(() => {
    if (open) { form.resetFields(); form.setFieldsValue(initial); setBanner(null); }
  }, [open, initial, form]);

  const submit = async (values: Record<string, unknown>) => {
    setBanner(null);
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      const v = toApiValue(f.type, values[f.name]);
      if (mode === 'create') {
        if (v !== null) body[f.name] = v;
      } else if (!same(v, toApiValue(f.type, initial[f.name]))) {
        // A field the contract cannot set to null stays as it was when cleared.
        if (v === null && !acceptsNull(schema, f.name)) continue;
        body[f.name] = v;
      }
    }
    if (record) {
      if (!Object.keys(body).length) { onClose(); return; }
      body.version = record.version;
    }
    // The whole contract once more, as the server will check it.
    const parsed = schema?.safeParse(body);
    if (parsed && !parsed.success) {
      form.setFields(parsed.error.issues.filter((i) => names.includes(String(i.path[0]))).map((i) => ({ name: String(i.path[0]), errors: [issueMessage(i, t)] })));
      setBanner({ text: t('form.invalid') });
      return;
    }
    try {
      const saved = await save.mutateAsync({ id: record?.id, body });
      message.success(t(record ? 'common.saved' : 'common.created'));
      onSaved(saved);
    } catch (e) {
      const rest = applyServerErrors(form, e, names);
      const err = e instanceof ApiError ? e : null;
      setBanner({ text: err?.message ?? String(e), extra: rest.filter((m) => m !== err?.message), conflict: err?.status === 409 && err.code === 'conflict' });
    }
  };

  const reloadLatest = async () => {
    if (!record) return;
    await qc.invalidateQueries({ queryKey: [config.resource] });
    const latest = await qc.fetchQuery<R>({ queryKey: keys.detail(config.resource, record.id), queryFn: () => api<R>(`/${config.resource}/${record.id}`) });
    onReplace(latest);
  };

  const what = t(config.entityKey);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(record ? 'form.editTitle' : 'form.createTitle', { what })}
      size={phone ? '100%' : 600}
      destroyOnHidden
      mask={{ closable: false }}
      footer={(
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="form-submit">{t('form.submit')}</Button>
        </Space>
      )}
    >
      {banner && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="form-error"
          title={banner.conflict ? t('form.conflict') : banner.text}
          description={banner.extra?.length ? banner.extra.join('；') : undefined}
          action={banner.conflict ? <Button size="small" onClick={reloadLatest}>{t('form.reloadLatest')}</Button> : undefined} />
      )}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial} scrollToFirstError data-testid="record-form"
        onFinishFailed={() => setBanner({ text: t('form.invalid') })}>
        <Row gutter={16}>
          {fields.map((f) => {
            const required = isRequired(config.createSchema, f.name);
            const state = config.fieldState?.(f.name, record, ctx);
            return (
              <Col key={f.name} span={phone || f.full || f.type.kind === 'roles' ? 24 : 12}>
                <Form.Item
                  name={f.name}
                  label={fieldLabel(f, t)}
                  required={required}
                  rules={[zodRule(schema, f, t, required)]}
                  extra={state?.note ?? (f.help ? t(f.help) : undefined)}
                  validateDebounce={200}
                >
                  <FieldInput field={f} t={t} disabled={state?.disabled} excludeId={record?.id} />
                </Form.Item>
              </Col>
            );
          })}
        </Row>
        {mode === 'edit' && record && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('fields.version')} {record.version}</Typography.Text>
        )}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
