import { useState } from 'react';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { PATROL_KINDS, type PatrolKind, type PatrolRoute } from '../../../../contracts/safetyGate';
import { download } from '../../../api/client';
import { useI18n } from '../../../app/i18n';
import { useCan } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { LocationTreeSelect } from '../../../components/refs';
import { useIsPhone } from '../../../components/useIsPhone';
import { applyServerErrors } from '../../../components/resource/formKit';
import { useCreateRoute, usePatrolRoutes, useUpdateRoute } from '../../../api/gate';
import { cardGrid } from './shared';

interface Values { name: string; kind: PatrolKind; intervalMinutes: number; description?: string; active: boolean; checkpoints: { id?: number; name: string; locationId?: number | null }[] }

function RouteForm({ route, onClose }: { route: PatrolRoute | 'new'; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateRoute();
  const update = useUpdateRoute();
  const editing = route !== 'new' ? route : null;
  const initial: Values = editing
    ? { name: editing.name, kind: editing.kind, intervalMinutes: editing.intervalMinutes, description: editing.description ?? undefined, active: editing.active,
      checkpoints: editing.checkpoints.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name, locationId: c.locationId })) }
    : { name: '', kind: 'key_area', intervalMinutes: 15, active: true, checkpoints: [{ name: '' }] };
  const save = async (v: Values) => {
    const checkpoints = v.checkpoints.map((c) => ({ ...(c.id ? { id: c.id } : {}), name: c.name, locationId: c.locationId ?? null }));
    try {
      if (editing) await update.mutateAsync({ id: editing.id, body: { name: v.name, kind: v.kind, intervalMinutes: v.intervalMinutes, description: v.description || null, active: v.active, checkpoints, version: editing.version } });
      else await create.mutateAsync({ name: v.name, kind: v.kind, intervalMinutes: v.intervalMinutes, description: v.description || null, checkpoints });
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      const rest = applyServerErrors(form, e, ['name', 'kind', 'intervalMinutes', 'description']);
      if (rest.length || !(e as { fields?: unknown[] }).fields?.length) message.error(rest[0] ?? (e as Error).message);
    }
  };
  return (
    <Drawer open title={editing ? t('patrol.routes.edit') : t('patrol.routes.new')} onClose={onClose} size={phone ? '100%' : 560} destroyOnHidden
      extra={<Button type="primary" onClick={() => form.submit()} loading={create.isPending || update.isPending} data-testid="route-save">{t('patrol.routes.save')}</Button>}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save}>
        <Form.Item name="name" label={t('patrol.routes.name')} rules={[{ required: true, whitespace: true }]}><Input size="large" maxLength={60} data-testid="route-name" /></Form.Item>
        <Form.Item name="kind" label={t('patrol.routes.kind')}><Select size="large" options={PATROL_KINDS.map((k) => ({ value: k, label: t(`patrol.kind.${k}`) }))} /></Form.Item>
        <Form.Item name="intervalMinutes" label={t('patrol.routes.interval')} extra={t('patrol.routes.intervalHint')} rules={[{ required: true }]}>
          <InputNumber size="large" min={1} max={1440} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('patrol.routes.description')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        {editing && <Form.Item name="active" label={t('patrol.routes.active')} valuePropName="checked"><Switch /></Form.Item>}
        <Typography.Title level={5}>{t('patrol.routes.checkpoints')}</Typography.Title>
        <Form.List name="checkpoints">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`${i + 1}.`} extra={fields.length > 1 ? <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} /> : null}>
                  <Form.Item name={[f.name, 'id']} hidden><Input /></Form.Item>
                  <Form.Item name={[f.name, 'name']} label={t('patrol.routes.checkpointName')} rules={[{ required: true, whitespace: true }]}><Input maxLength={60} data-testid="checkpoint-name" /></Form.Item>
                  <Form.Item name={[f.name, 'locationId']} label={t('patrol.routes.place')} style={{ marginBottom: 0 }}>
                    <LocationTreeSelect value={form.getFieldValue(['checkpoints', f.name, 'locationId']) ?? null} onChange={(v) => form.setFieldValue(['checkpoints', f.name, 'locationId'], v)} style={{ width: '100%' }} />
                  </Form.Item>
                </Card>
              ))}
              <Button block icon={<PlusOutlined />} onClick={() => add({ name: '' })} data-testid="checkpoint-add">{t('patrol.routes.addCheckpoint')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

/** 巡查路线: routes, their checkpoints, and the printable sheet of QR codes. */
export default function PatrolRoutesPage() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const routes = usePatrolRoutes();
  const [editing, setEditing] = useState<PatrolRoute | 'new' | null>(null);
  const writable = can('patrol.routes.write');
  const print = async (r: PatrolRoute) => {
    try { await download(`/patrols/routes/${r.id}/checkpoints.pdf`, undefined, 'checkpoints.pdf'); } catch (e) { message.error((e as Error).message); }
  };
  return (
    <div data-testid="page-patrol-routes">
      <PageHeader title={t('patrol.routes.title')} extra={writable ? <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="route-new">{t('patrol.routes.new')}</Button> : undefined} />
      {routes.data && !routes.data.length && <Typography.Text type="secondary">{t('patrol.routes.empty')}</Typography.Text>}
      <div style={cardGrid}>
        {(routes.data ?? []).map((r) => (
          <Card key={r.id} size="small" data-testid="route-card"
            title={<Space wrap size={6}>{r.name}<Tag>{t(`patrol.kind.${r.kind}`)}</Tag>{!r.active && <Tag>{t('patrol.routes.inactive')}</Tag>}</Space>}
            extra={writable ? <Space>
              <Button icon={<PrinterOutlined />} onClick={() => print(r)} data-testid="route-print">{t('patrol.routes.print')}</Button>
              <Button icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={t('patrol.routes.edit')} />
            </Space> : undefined}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>
              {t('patrol.routes.count', { n: r.checkpoints.filter((c) => c.active).length })} · {t('patrol.routes.every', { n: r.intervalMinutes })}{r.description ? ` · ${r.description}` : ''}
            </Typography.Paragraph>
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {r.checkpoints.filter((c) => c.active).map((c) => <li key={c.id}>{c.name}{c.locationName && c.locationName !== c.name ? <Typography.Text type="secondary">（{c.locationName}）</Typography.Text> : null}</li>)}
            </ol>
          </Card>
        ))}
      </div>
      {editing && <RouteForm route={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
