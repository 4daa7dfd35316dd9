import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Empty, Form, Input, Modal, Select, Skeleton, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { CanteenStaff } from '../../../../contracts/canteenStaff';
import { ApiError } from '../../../api/client';
import { useAddCert, useCandidates, useCreateStaff, useStaffDetail, useStaffList, useUpdateStaff } from '../../../api/canteenStaff';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { CERT_COLORS, PostTags, STAFF, usePosts } from './shared';

/** 从业人员与健康证: the canteen staff with posts and certificate state (expiry coloured); details, certificates, posts. */
export default function StaffPage() {
  const { t } = useI18n();
  const can = useCan();
  const [showInactive, setShowInactive] = useState(false);
  const list = useStaffList({ active: showInactive ? 'all' : 'true' });
  const [adding, setAdding] = useState(false);
  const params = useParams();
  const navigate = useNavigate();
  const openId = params.id ? Number(params.id) || null : null;
  const setOpenId = (id: number | null) => navigate(id ? `/canteen/staff/${id}` : '/canteen/staff');
  const columns: TableColumnsType<CanteenStaff> = [
    { title: t('canteen.staff.web.person'), dataIndex: 'name', width: 120, render: (v, r) => <a onClick={() => setOpenId(r.id)} data-testid={`staff-open-${r.id}`}>{v}</a> },
    { title: t('canteen.staff.web.posts'), render: (_, r) => <PostTags codes={r.posts} /> },
    { title: t('canteen.staff.web.certState'), width: 110, render: (_, r) => <Tag color={CERT_COLORS[r.certState]} data-testid={`cert-state-${r.id}`}>{t(`canteen.staff.certState.${r.certState}`)}</Tag> },
    { title: t('canteen.staff.web.expiresOn'), width: 120, render: (_, r) => r.cert?.expiresOn ?? '—' },
    { title: t('fields.certNo'), width: 150, render: (_, r) => r.cert?.certNo ?? '—' },
    ...(showInactive ? [{ title: t('fields.active'), width: 80, render: (_: unknown, r: CanteenStaff) => (r.active ? '✓' : '—') }] : []),
  ];
  return (
    <div data-testid="page-canteen-staff">
      <PageHeader title={t('canteen.staff.web.staffTitle')} sub={t('canteen.staff.web.staffSub')} extra={<Space>
        <Switch checked={showInactive} onChange={setShowInactive} checkedChildren={t('canteen.staff.web.deactivate')} unCheckedChildren={t('canteen.staff.web.deactivate')} />
        {can(STAFF.write) && <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="staff-add">{t('canteen.staff.web.add')}</Button>}
      </Space>} />
      {!list.data ? <Skeleton active /> : <Table rowKey="id" size="middle" columns={columns} dataSource={list.data.items} pagination={false} scroll={{ x: 640 }} />}
      <AddStaff open={adding} onClose={() => setAdding(false)} />
      <StaffDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

function errorsTo(form: { setFields(fields: never[]): void }, e: unknown, message: (s: string) => void) {
  if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path.split('.')[0], errors: [f.message] })) as never[]);
  else message(e instanceof Error ? e.message : String(e));
}

function AddStaff({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const candidates = useCandidates(q, open);
  const create = useCreateStaff();
  const { posts } = usePosts();
  const [form] = Form.useForm<{ userId: number; posts: string[]; note?: string }>();
  const submit = async (v: { userId: number; posts: string[]; note?: string }) => {
    try { await create.mutateAsync({ userId: v.userId, posts: v.posts ?? [], note: v.note?.trim() || null }); form.resetFields(); onClose(); } catch (e) { errorsTo(form, e, message.error); }
  };
  return (
    <Modal open={open} title={t('canteen.staff.web.addTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="userId" label={t('canteen.staff.web.person')} rules={[{ required: true, message: t('canteen.staff.web.person') }]}>
          <Select showSearch filterOption={false} onSearch={setQ} data-testid="staff-user"
            options={(candidates.data?.items ?? []).map((c) => ({ value: c.userId, label: `${c.name}${c.post ? ` · ${c.post}` : ''}${c.department ? ` · ${c.department}` : ''}` }))} />
        </Form.Item>
        <Form.Item name="posts" label={t('fields.posts')} initialValue={[]}>
          <Checkbox.Group options={posts.map((p) => ({ value: p.code, label: p.name }))} />
        </Form.Item>
        <Form.Item name="note" label={t('fields.note')}><Input maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

function StaffDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const detail = useStaffDetail(id);
  const update = useUpdateStaff();
  const addCert = useAddCert();
  const { posts } = usePosts();
  const [certOpen, setCertOpen] = useState(false);
  const [postsOpen, setPostsOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [form] = Form.useForm<{ certNo: string; issuedOn: Dayjs; expiresOn?: Dayjs | null; issuer?: string; scanIds?: string[] }>();
  const d = detail.data;
  const writer = can(STAFF.write);
  const saveCert = async (v: { certNo: string; issuedOn: Dayjs; expiresOn?: Dayjs | null; issuer?: string; scanIds?: string[] }) => {
    if (!d) return;
    try {
      await addCert.mutateAsync({ staffId: d.id, certNo: v.certNo, issuedOn: v.issuedOn.format('YYYY-MM-DD'), expiresOn: v.expiresOn ? v.expiresOn.format('YYYY-MM-DD') : null, issuer: v.issuer?.trim() || null, scanIds: v.scanIds ?? [] });
      form.resetFields();
      setCertOpen(false);
    } catch (e) { errorsTo(form, e, message.error); }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} width={560} title={d?.name ?? ''} destroyOnHidden>
      {!d ? <Skeleton active /> : (
        <>
          <Descriptions column={1} size="small" bordered items={[
            { key: 'post', label: t('fields.post'), children: d.post ?? '—' },
            { key: 'posts', label: t('canteen.staff.web.posts'), children: <PostTags codes={d.posts} /> },
            { key: 'cert', label: t('canteen.staff.web.certState'), children: <Tag color={CERT_COLORS[d.certState]}>{t(`canteen.staff.certState.${d.certState}`)}</Tag> },
            { key: 'note', label: t('fields.note'), children: d.note ?? '—' },
          ]} />
          {writer && (
            <Space style={{ margin: '12px 0' }} wrap>
              <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setCertOpen(true)} data-testid="cert-add">{t('canteen.staff.web.addCert')}</Button>
              <Button onClick={() => { setChosen(d.posts); setPostsOpen(true); }}>{t('canteen.staff.web.editPosts')}</Button>
              <Button danger={d.active} onClick={() => update.mutateAsync({ id: d.id, active: !d.active, version: d.version }).catch((e) => message.error(String(e?.message ?? e)))}>
                {d.active ? t('canteen.staff.web.deactivate') : t('canteen.staff.web.activate')}
              </Button>
            </Space>
          )}
          <Typography.Title level={5}>{t('canteen.staff.web.certificates')}</Typography.Title>
          {!d.certificates.length && <Empty description={t('canteen.staff.web.noCert')} />}
          {d.certificates.map((c) => (
            <Card key={c.id} size="small" style={{ marginBottom: 8 }}>
              <div><Typography.Text strong>{c.certNo}</Typography.Text> · {c.issuedOn} ~ {c.expiresOn}{c.issuer ? ` · ${c.issuer}` : ''}</div>
              {c.scans.length > 0 && <PhotoGallery files={c.scans} />}
            </Card>
          ))}
          <Modal open={certOpen} title={t('canteen.staff.web.addCert')} onCancel={() => setCertOpen(false)} onOk={() => form.submit()} confirmLoading={addCert.isPending} destroyOnHidden>
            <Form form={form} layout="vertical" onFinish={saveCert}>
              <Form.Item name="certNo" label={t('fields.certNo')} rules={[{ required: true, message: t('fields.certNo') }]}><Input maxLength={50} data-testid="cert-no" /></Form.Item>
              <Form.Item name="issuedOn" label={t('fields.issuedOn')} rules={[{ required: true, message: t('fields.issuedOn') }]}><DatePicker style={{ width: '100%' }} data-testid="cert-issued" /></Form.Item>
              <Form.Item name="expiresOn" label={t('fields.expiresOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
              <Form.Item name="issuer" label={t('fields.issuer')}><Input maxLength={100} /></Form.Item>
              <Form.Item name="scanIds" label={t('fields.scanIds')}><PhotoUpload max={4} allowPdf camera={false} /></Form.Item>
            </Form>
          </Modal>
          <Modal open={postsOpen} title={t('canteen.staff.web.editPosts')} onCancel={() => setPostsOpen(false)} confirmLoading={update.isPending} destroyOnHidden
            onOk={() => update.mutateAsync({ id: d.id, posts: chosen, version: d.version }).then(() => setPostsOpen(false)).catch((e) => message.error(String(e?.message ?? e)))}>
            <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} options={posts.map((p) => ({ value: p.code, label: p.name }))} />
          </Modal>
        </>
      )}
    </Drawer>
  );
}
