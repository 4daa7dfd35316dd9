import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, EditOutlined } from '@ant-design/icons';
import type { AssetClass } from '../../../contracts/assets';
import { ApiError } from '../../api/client';
import { useAssetClasses, useSaveClass } from '../../api/assets';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { ASSET_ACTIONS } from './shared';
import { AssetsSettingsCard } from './SettingsCard';

interface Values { code?: string; parentCode?: string | null; name?: string; nameEn?: string; lifeYears?: number | null; depreciable?: boolean; active?: boolean }

/** One class: a new one (code, parent) or an edit (name, life, depreciated, active). */
function ClassDialog({ open, onClose, editing, classes }: { open: boolean; onClose: () => void; editing: AssetClass | null; classes: AssetClass[] }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveClass();
  const [error, setError] = useState<string | null>(null);
  const depreciable = Form.useWatch('depreciable', form);
  const submit = async (v: Values) => {
    setError(null);
    try {
      if (editing) await save.mutateAsync({ id: editing.id, body: { name: v.name, nameEn: v.nameEn || null, lifeYears: v.depreciable ? v.lifeYears ?? null : null, depreciable: v.depreciable, active: v.active, version: editing.version } });
      else await save.mutateAsync({ body: { code: v.code!, parentCode: v.parentCode ?? null, name: v.name!, nameEn: v.nameEn || null, lifeYears: v.depreciable ? v.lifeYears ?? null : null, depreciable: v.depreciable ?? true } });
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.fields.map((f) => ({ name: f.path as keyof Values, errors: [f.message.replace(/^[^：:]{1,20}[：:]\s*/, '')] })));
        setError(e.message);
      } else setError(String(e));
    }
  };
  return (
    <Modal open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden width={phone ? '100%' : 480}
      title={editing ? `${editing.code} ${editing.name}` : t('assets.classesWeb.add')} okButtonProps={{ 'data-testid': 'class-save' } as Record<string, string>}
      afterOpenChange={(o) => { if (o) { setError(null); form.setFieldsValue(editing ? { ...editing, nameEn: editing.nameEn ?? undefined } : { depreciable: true, active: true }); } }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} size={phone ? 'large' : 'middle'}>
        {!editing && <>
          <Form.Item name="parentCode" label={t('assets.classesWeb.parent')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={classes.filter((c) => c.code.length < 5).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} />
          </Form.Item>
          <Form.Item name="code" label={t('assets.field.classCode')} rules={[{ required: true, pattern: /^\d{1,12}$/, message: t('assets.field.classCode') }]}><Input inputMode="numeric" maxLength={12} /></Form.Item>
        </>}
        <Form.Item name="name" label={t('assets.field.className')} rules={[{ required: true, message: t('assets.field.className') }]}><Input maxLength={60} /></Form.Item>
        <Form.Item name="nameEn" label={t('assets.classesWeb.nameEn')}><Input maxLength={80} /></Form.Item>
        <Form.Item name="depreciable" label={t('assets.classesWeb.depreciable')} valuePropName="checked"><Switch /></Form.Item>
        {depreciable && <Form.Item name="lifeYears" label={t('assets.classesWeb.life')} rules={[{ required: true, message: t('errors.assets.classLifeRequired') }]}><InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} /></Form.Item>}
        {editing && <Form.Item name="active" label={t('assets.classesWeb.active')} valuePropName="checked"><Switch /></Form.Item>}
      </Form>
    </Modal>
  );
}

/** 资产分类: the school's GB/T 14885 class list with each class's life; keepers add sub-classes and change lives. */
export default function ClassesPage() {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const classes = useAssetClasses();
  const [editing, setEditing] = useState<AssetClass | 'new' | null>(null);
  const writable = can(ASSET_ACTIONS.classesWrite);
  const data = classes.data ?? [];
  const depth = (c: AssetClass) => (c.code.length === 1 ? 0 : c.code.length <= 3 ? 1 : 2);
  const columns: TableColumnsType<AssetClass> = [
    { key: 'code', title: t('assets.field.classCode'), dataIndex: 'code', width: 90 },
    { key: 'name', title: t('assets.field.className'), render: (_, c) => <span style={{ paddingLeft: depth(c) * 14, fontWeight: depth(c) === 0 ? 600 : undefined, color: c.active ? undefined : '#bbb' }}>{locale === 'en-US' ? c.nameEn ?? c.name : c.name}</span> },
    { key: 'life', title: t('assets.classesWeb.life'), width: phone ? 80 : 120, render: (_, c) => (c.depreciable ? c.lifeYears : <Tag>{t('assets.web.notDepreciated')}</Tag>) },
    ...(phone ? [] : [{ key: 'n', title: t('assets.classesWeb.assetCount'), dataIndex: 'assetCount', width: 100, align: 'right' as const }]),
    ...(writable ? [{ key: 'edit', width: 56, render: (_: unknown, c: AssetClass) => <Button type="text" icon={<EditOutlined />} onClick={() => setEditing(c)} aria-label={t('common.edit')} data-testid={`class-edit-${c.code}`} /> }] : []),
  ];
  return (
    <div data-testid="page-asset-classes">
      <PageHeader title={t('assets.classesWeb.title')} extra={writable ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('assets.classesWeb.add')}</Button> : undefined} />
      <AssetsSettingsCard />
      <Typography.Paragraph type="secondary">{t('assets.classesWeb.hint')}</Typography.Paragraph>
      <Table<AssetClass> rowKey="id" size="small" columns={columns} dataSource={data} loading={classes.isPending} pagination={false} data-testid="classes-table" />
      <ClassDialog open={editing !== null} onClose={() => setEditing(null)} editing={editing === 'new' ? null : editing} classes={data} />
    </div>
  );
}
