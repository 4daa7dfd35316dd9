import { Alert, App, Button, Descriptions, Drawer, Popconfirm, Space, Spin, Typography, Divider } from 'antd';
import { EditOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useRecord, useSetActive, type AnyRecord } from '../../api/hooks';
import { ApiError } from '../../api/client';
import { HistoryTimeline } from '../History';
import { useIsPhone } from '../useIsPhone';
import { StatusTag, fieldLabel, renderField } from './display';
import type { Ctx, ResourceConfig } from './types';

interface Props<R extends AnyRecord> {
  config: ResourceConfig<R>;
  ctx: Ctx;
  id: number | null;
  onClose: () => void;
  onEdit: (r: R) => void;
}

/** A record: header with its name, status and the actions allowed now; its fields; its history. */
export function RecordDetail<R extends AnyRecord>({ config, ctx, id, onClose, onEdit }: Props<R>) {
  const { t, can } = ctx;
  const phone = useIsPhone();
  const { message } = App.useApp();
  const q = useRecord<R>(config.resource, id);
  const setActive = useSetActive(config.resource);
  const r = q.data;
  const writable = can(config.write);

  const toggle = async () => {
    if (!r) return;
    try {
      await setActive.mutateAsync({ id: r.id, active: !r.active });
      message.success(t(r.active ? 'common.deactivated' : 'common.activated'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const actions = r && (
    <Space wrap size={8}>
      {writable && r.active && <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(r)} data-testid="detail-edit">{t('common.edit')}</Button>}
      {config.detailActions?.(r, ctx)}
      {writable && (
        <Popconfirm
          title={t(r.active ? 'common.confirmDeactivate' : 'common.confirmActivate', { name: config.title(r, t) })}
          onConfirm={toggle} okButtonProps={{ danger: r.active, loading: setActive.isPending }}
        >
          <Button danger={r.active} icon={r.active ? <StopOutlined /> : <CheckCircleOutlined />} data-testid={r.active ? 'detail-deactivate' : 'detail-activate'}>
            {t(r.active ? 'common.deactivate' : 'common.activate')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <Drawer open={id != null} onClose={onClose} size={phone ? '100%' : 640} destroyOnHidden data-testid="record-detail"
      title={r ? (
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', minWidth: 0 }}>
          <span style={{ overflowWrap: 'anywhere' }}>{config.title(r, t)}</span>
          <StatusTag active={r.active} t={t} />
        </div>
      ) : t('common.details')}>
      {q.isPending && id != null && <Spin />}
      {q.isError && <Alert type="error" showIcon title={q.error instanceof ApiError && q.error.status === 404 ? t('detail.notFound') : (q.error as Error).message} />}
      {r && (
        <>
          {config.subtitle && <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>{config.subtitle(r, ctx)}</Typography.Paragraph>}
          {actions}
          <Divider titlePlacement="start" style={{ marginTop: 16 }}>{t('detail.fields')}</Divider>
          <Descriptions column={phone ? 1 : 2} size="small" bordered
            items={config.fields.filter((f) => f.detail !== false && can(f.action)).map((f, i, all) => ({
              key: f.name, label: fieldLabel(f, t), children: renderField(f, r, t),
              // Wide fields take the whole line; the last one fills what is left of its line.
              span: f.full || f.type.kind === 'roles' || i === all.length - 1 ? 'filled' as const : 1,
            }))} />
          <Divider titlePlacement="start">{t('detail.timeline')}</Divider>
          <HistoryTimeline resource={config.resource} id={r.id} />
        </>
      )}
    </Drawer>
  );
}
