import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, Segmented, Select, Skeleton, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { CheckCircleFilled, ExclamationCircleFilled, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CreatePostInput, SignAgreementInput, UpdateAgreementInput, UpdatePostInput, type AgreementRow, type SafetyPost } from '../../../../contracts/safetyRecords';
import { ApiError } from '../../../api/client';
import { useAgreements, useCreatePost, usePosts, usePostsFromClasses, useSignAgreement, useUpdateAgreement, useUpdatePost } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { ClassSelect, UserSelect, checkBody, serverErrors } from './pickers';
import { ListCard } from '../../../components/lists/RecordList';
import { useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { ExportButton, SAFETY } from './shared';

interface SignValues { signerId?: number | null; signedOn?: Dayjs; note?: string; scanIds?: string[] }

function SignForm({ row, year, onDone }: { row: AgreementRow; year: number; onDone: () => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const { message } = App.useApp();
  const sign = useSignAgreement();
  const update = useUpdateAgreement();
  const [form] = Form.useForm<SignValues>();
  const [error, setError] = useState<string | null>(null);
  const a = row.agreement;
  const submit = async (v: SignValues) => {
    setError(null);
    const common = { signerId: v.signerId ?? undefined, signedOn: v.signedOn?.format('YYYY-MM-DD'), note: v.note ?? '', scanIds: v.scanIds ?? [] };
    const parsed = a ? checkBody(UpdateAgreementInput, { ...common, version: a.version }, form, t) : checkBody(SignAgreementInput, { ...common, postId: row.post.id, year }, form, t);
    if (!parsed) { setError(t('form.invalid')); return; }
    try {
      if (a) await update.mutateAsync({ ...(parsed as UpdateAgreementInput), id: a.id }); else await sign.mutateAsync(parsed as SignAgreementInput);
      message.success(t('common.saved'));
      onDone();
    } catch (e) {
      setError(serverErrors(form, e, ['signerId', 'signedOn', 'note', 'scanIds', 'postId']));
    }
  };
  return (
    <>
      <Typography.Paragraph><strong>{row.post.name}</strong> · {t('safety.agreements.yearN', { year })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="sign-form"
        initialValues={{ signerId: a?.signerId ?? row.post.holderId, signedOn: a ? dayjs(a.signedOn) : dayjs(), note: a?.note ?? '', scanIds: a?.scans.map((s) => s.id) ?? [] }}>
        <Form.Item name="signerId" label={<strong>{t('safety.fields.signerId')}</strong>} rules={[{ required: true, message: t('form.required') }]}><UserSelect /></Form.Item>
        <Form.Item name="signedOn" label={<strong>{t('safety.fields.signedOn')}</strong>} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker size="large" style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="scanIds" label={<strong>{t('safety.fields.scanIds')}</strong>}><PhotoUpload max={6} allowPdf known={a?.scans} /></Form.Item>
        <Form.Item name="note" label={t('safety.fields.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={sign.isPending || update.isPending} style={{ height: 48 }} data-testid="sign-submit">{t(a ? 'common.save' : 'safety.agreements.sign')}</Button>
      </Form>
    </>
  );
}

interface PostValues { name?: string; classId?: number | null; holderId?: number | null; note?: string; active?: boolean }

function PostForm({ post, onDone }: { post?: SafetyPost; onDone: () => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const { message } = App.useApp();
  const create = useCreatePost();
  const update = useUpdatePost();
  const [form] = Form.useForm<PostValues>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (post) form.setFieldsValue({ ...post, note: post.note ?? '' }); }, [post, form]);
  const submit = async (v: PostValues) => {
    setError(null);
    const body = { name: v.name ?? '', classId: v.classId ?? null, holderId: v.holderId ?? null, note: v.note ?? '' };
    const parsed = post ? checkBody(UpdatePostInput, { ...body, active: v.active, version: post.version }, form, t) : checkBody(CreatePostInput, body, form, t);
    if (!parsed) { setError(t('form.invalid')); return; }
    try {
      if (post) await update.mutateAsync({ ...(parsed as UpdatePostInput), id: post.id }); else await create.mutateAsync(parsed as CreatePostInput);
      message.success(t('common.saved'));
      onDone();
    } catch (e) {
      setError(serverErrors(form, e, ['name', 'classId', 'holderId', 'note', 'active']));
    }
  };
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="post-form" initialValues={{ active: true }}>
        <Form.Item name="name" label={<strong>{t('safety.fields.name')}</strong>} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input size="large" maxLength={60} placeholder={t('safety.agreements.postPlaceholder')} data-testid="post-name" />
        </Form.Item>
        <Form.Item name="holderId" label={<strong>{t('safety.fields.holderId')}</strong>}><UserSelect /></Form.Item>
        <Form.Item name="classId" label={t('safety.fields.classId')} extra={t('safety.agreements.classHint')}><ClassSelect /></Form.Item>
        <Form.Item name="note" label={t('safety.fields.note')}><Input size="large" maxLength={200} /></Form.Item>
        {post && <Form.Item name="active" valuePropName="checked" label={t('safety.fields.active')}><Switch /></Form.Item>}
        <Button type="primary" htmlType="submit" block size="large" loading={create.isPending || update.isPending} style={{ height: 48 }} data-testid="post-submit">{t('common.save')}</Button>
      </Form>
    </>
  );
}

function PostsTab({ schoolId }: { schoolId?: number }) {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const posts = usePosts({ schoolId });
  const fromClasses = usePostsFromClasses();
  const [editing, setEditing] = useState<SafetyPost | 'new' | null>(null);
  const writable = can(SAFETY.agreementsWrite);
  const items = posts.data?.items ?? [];
  const gen = async () => {
    try { const r = await fromClasses.mutateAsync(undefined); message.success(t('safety.agreements.generated', { n: r.created })); } catch (e) { message.error(e instanceof ApiError ? e.message : String(e)); }
  };
  return (
    <div data-testid="posts-tab">
      {writable && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button size="large" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="post-new">{t('safety.agreements.newPost')}</Button>
          <Button size="large" icon={<TeamOutlined />} onClick={gen} loading={fromClasses.isPending} data-testid="posts-from-classes">{t('safety.agreements.fromClasses')}</Button>
        </Space>
      )}
      {posts.isPending ? <Skeleton active /> : phone ? (
        <div style={{ display: 'grid', gap: 8 }}>
          {items.map((p) => <ListCard key={p.id} title={p.name} onClick={writable ? () => setEditing(p) : undefined} tags={!p.active && <Tag>{t('common.inactive')}</Tag>} lines={[`${t('safety.fields.holderId')}：${p.holderName ?? '—'}`]} />)}
        </div>
      ) : (
        <Table rowKey="id" size="middle" pagination={false} dataSource={items}
          columns={[
            { key: 'name', title: t('safety.fields.name'), render: (_, p) => (writable ? <a onClick={() => setEditing(p)}>{p.name}</a> : p.name) },
            { key: 'holder', title: t('safety.fields.holderId'), render: (_, p) => p.holderName ?? '—' },
            { key: 'class', title: t('safety.fields.classId'), render: (_, p) => p.className ?? '—' },
            { key: 'active', title: t('common.status'), render: (_, p) => (p.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
          ]} />
      )}
      <Drawer open={editing != null} onClose={() => setEditing(null)} size={phone ? '100%' : 480} destroyOnHidden title={editing === 'new' ? t('safety.agreements.newPost') : t('safety.agreements.editPost')}>
        {editing && <PostForm post={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Drawer>
    </div>
  );
}

/** 安全责任书: each post's agreement of the year — who signed, when, the scan; the unsigned posts first to chase. */
export default function AgreementsPage() {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const school = useSchoolChoice();
  const [tab, setTab] = useParam('tab');
  const [yearParam, setYear] = useParam('year');
  const [signed, setSigned] = useParam('signed');
  const year = Number(yearParam) || dayjs().year();
  const view = useAgreements({ year, signed: signed ?? undefined, schoolId: school.schoolId });
  const [signing, setSigning] = useState<AgreementRow | null>(null);
  const writable = can(SAFETY.agreementsWrite);
  const status = (r: AgreementRow) => (r.agreement
    ? <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>{t('safety.agreements.signedOn', { date: r.agreement.signedOn })}</Tag>
    : <Tag color="error" icon={<ExclamationCircleFilled />} style={{ marginInlineEnd: 0 }} data-testid="unsigned-tag">{t('safety.agreements.unsigned')}</Tag>);
  const action = (r: AgreementRow) => (writable ? (
    <Button size={phone ? 'large' : 'middle'} type={r.agreement ? 'default' : 'primary'} onClick={() => setSigning(r)} data-testid={`sign-${r.post.id}`}>
      {t(r.agreement ? 'common.edit' : 'safety.agreements.sign')}
    </Button>
  ) : null);
  const rows = view.data?.items ?? [];
  const signedView = (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12, alignItems: 'center' }}>
        <Select size="large" value={year} onChange={(v) => setYear(String(v))} style={{ width: 120 }} data-testid="year-select"
          options={[1, 0, -1, -2].map((n) => ({ value: dayjs().year() + n, label: t('safety.agreements.yearN', { year: dayjs().year() + n }) }))} />
        <Segmented size="large" value={signed ?? 'all'} onChange={(v) => setSigned(v === 'all' ? null : String(v))} data-testid="filter-signed"
          options={[{ value: 'all', label: t('common.all') }, { value: 'false', label: t('safety.agreements.unsigned') }, { value: 'true', label: t('safety.agreements.signed') }]} />
        <ExportButton path="/safety/agreements/export.xlsx" query={{ year, signed: signed ?? undefined, schoolId: school.schoolId }} />
      </div>
      {view.isError ? <Alert type="error" showIcon title={(view.error as Error).message} /> : !view.data ? <Skeleton active /> : (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Typography.Text strong type={view.data.unsigned ? 'danger' : 'success'} data-testid="agreements-summary">
              {t('safety.agreements.summary', { year: view.data.year, posts: view.data.posts, signed: view.data.signed, unsigned: view.data.unsigned })}
            </Typography.Text>
          </Card>
          {phone ? (
            <div style={{ display: 'grid', gap: 8 }} data-testid="agreement-list">
              {rows.map((r) => (
                <ListCard key={r.post.id} title={r.post.name} tags={status(r)}
                  lines={[`${t('safety.fields.holderId')}：${r.post.holderName ?? '—'}`, r.agreement ? `${t('safety.fields.signerId')}：${r.agreement.signerName ?? ''}` : null,
                    r.agreement?.scans.length ? <PhotoGallery files={r.agreement.scans} size={56} /> : null, action(r)]} />
              ))}
            </div>
          ) : (
            <Table rowKey={(r) => r.post.id} size="middle" pagination={false} dataSource={rows} data-testid="agreement-list"
              columns={[
                { key: 'post', title: t('safety.fields.postId'), render: (_, r) => r.post.name },
                { key: 'holder', title: t('safety.fields.holderId'), render: (_, r) => r.post.holderName ?? '—' },
                { key: 'status', title: t('common.status'), render: (_, r) => status(r) },
                { key: 'signer', title: t('safety.fields.signerId'), render: (_, r) => r.agreement?.signerName ?? '—' },
                { key: 'scan', title: t('safety.fields.scanIds'), render: (_, r) => (r.agreement?.scans.length ? <PhotoGallery files={r.agreement.scans} size={40} /> : '—') },
                { key: 'act', title: '', render: (_, r) => action(r) },
              ]} />
          )}
        </>
      )}
    </>
  );
  return (
    <div data-testid="page-safety-agreements">
      <PageHeader title={t('safety.agreements.title')} extra={school.picker} />
      <Tabs activeKey={tab === 'posts' ? 'posts' : 'year'} onChange={(k) => setTab(k === 'year' ? null : k)}
        items={[
          { key: 'year', label: t('safety.agreements.yearTab'), children: signedView },
          { key: 'posts', label: t('safety.agreements.postsTab'), children: <PostsTab schoolId={school.schoolId} /> },
        ]} />
      <Drawer open={signing != null} onClose={() => setSigning(null)} size={phone ? '100%' : 480} destroyOnHidden title={t('safety.agreements.signTitle')}>
        {signing && <SignForm row={signing} year={year} onDone={() => setSigning(null)} />}
      </Drawer>
    </div>
  );
}
