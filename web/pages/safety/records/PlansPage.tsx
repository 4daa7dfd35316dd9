import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, Popconfirm, Segmented, Select, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { CheckCircleFilled, FileAddOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CreatePlanInput, NewPlanVersionInput, SAFETY_KINDS, type Plan, type PlanDetail, type SafetyKind } from '../../../../contracts/safetyRecords';
import { ApiError } from '../../../api/client';
import { useAddPlanVersion, useApprovePlan, useCreatePlan, usePlan, usePlanList, useUpdatePlan } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { KindPicker, UserSelect, checkBody, serverErrors } from './pickers';
import { ListCard, RecordList } from '../../../components/lists/RecordList';
import { useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { fmtTime } from '../../../components/lists/format';
import { KindTag, RecordTimeline, SAFETY } from './shared';

interface Values { kind?: SafetyKind; title?: string; note?: string; fileIds?: string[]; approvedById?: number | null; approvedOn?: Dayjs | null }

/** A plan's first version (with the plan) or a new version: the document, a note, the approval if signed on paper. */
function VersionForm({ plan, onDone }: { plan?: PlanDetail; onDone: (p: PlanDetail) => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const { message } = App.useApp();
  const create = useCreatePlan();
  const addVersion = useAddPlanVersion(plan?.id ?? 0);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: Values) => {
    setError(null);
    const common = { note: v.note ?? '', fileIds: v.fileIds ?? [], approvedById: v.approvedById ?? null, approvedOn: v.approvedOn ? v.approvedOn.format('YYYY-MM-DD') : null };
    const parsed = plan ? checkBody(NewPlanVersionInput, { ...common, version: plan.version }, form, t) : checkBody(CreatePlanInput, { ...common, kind: v.kind, title: v.title ?? '' }, form, t);
    if (!parsed) { setError(t('form.invalid')); return; }
    try {
      const saved = plan ? await addVersion.mutateAsync(parsed as NewPlanVersionInput) : await create.mutateAsync(parsed as CreatePlanInput);
      message.success(t('common.saved'));
      onDone(saved);
    } catch (e) {
      setError(serverErrors(form, e, ['kind', 'title', 'note', 'fileIds', 'approvedById', 'approvedOn']));
    }
  };
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="plan-form" initialValues={{ fileIds: [] }}>
        {!plan && (
          <>
            <Form.Item name="kind" label={<strong>{t('safety.fields.kind')}</strong>} rules={[{ required: true, message: t('form.required') }]}><KindPicker /></Form.Item>
            <Form.Item name="title" label={<strong>{t('safety.plans.titleField')}</strong>} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input size="large" maxLength={100} placeholder={t('safety.plans.titlePlaceholder')} data-testid="plan-title" />
            </Form.Item>
          </>
        )}
        <Form.Item name="fileIds" label={<strong>{t('safety.plans.document')}</strong>} extra={t('safety.plans.documentHint')} rules={[{ required: true, type: 'array', min: 1, message: t('safety.plans.documentRequired') }]}>
          <PhotoUpload max={10} allowPdf camera={false} />
        </Form.Item>
        <Form.Item name="note" label={<strong>{t(plan ? 'safety.plans.changeNote' : 'safety.fields.note')}</strong>} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('safety.plans.notePlaceholder')} data-testid="plan-note" />
        </Form.Item>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>{t('safety.plans.paperApproval')}</Typography.Text>
        <Space.Compact block style={{ marginBottom: 12 }}>
          <Form.Item name="approvedById" noStyle><div style={{ flex: 1 }}><UserSelect /></div></Form.Item>
          <Form.Item name="approvedOn" noStyle><DatePicker size="large" inputReadOnly placeholder={t('safety.fields.approvedOn')} disabledDate={(d) => d.isAfter(dayjs(), 'day')} /></Form.Item>
        </Space.Compact>
        <Form.Item shouldUpdate noStyle>{() => <>
          {form.getFieldError('approvedById').concat(form.getFieldError('approvedOn')).map((m) => <Typography.Text key={m} type="danger" style={{ display: 'block' }}>{m}</Typography.Text>)}
        </>}</Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={create.isPending || addVersion.isPending} style={{ height: 48, marginTop: 8 }} data-testid="plan-submit">{t('common.save')}</Button>
      </Form>
    </>
  );
}

function PlanDetailView({ id }: { id: number }) {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const q = usePlan(id);
  const approve = useApprovePlan(id);
  const update = useUpdatePlan(id);
  const [adding, setAdding] = useState(false);
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active />;
  const p = q.data;
  const act = async (fn: () => Promise<unknown>) => {
    try { await fn(); message.success(t('common.saved')); } catch (e) { message.error(e instanceof ApiError ? e.message : String(e)); }
  };
  return (
    <div data-testid="plan-detail">
      <Space wrap style={{ marginBottom: 12 }}>
        <KindTag kind={p.kind} />
        {!p.active && <Tag>{t('common.inactive')}</Tag>}
        {can(SAFETY.plansWrite) && <Button size="large" icon={<FileAddOutlined />} onClick={() => setAdding(true)} data-testid="plan-new-version">{t('safety.plans.newVersion')}</Button>}
        {can(SAFETY.plansApprove) && p.current && !p.current.approvedById && (
          <Popconfirm title={t('safety.plans.approveConfirm', { n: p.current.number })} onConfirm={() => act(() => approve.mutateAsync({ version: p.version }))}>
            <Button size="large" type="primary" icon={<SafetyCertificateOutlined />} loading={approve.isPending} data-testid="plan-approve">{t('safety.plans.approve')}</Button>
          </Popconfirm>
        )}
        {can(SAFETY.plansWrite) && (
          <Popconfirm title={t(p.active ? 'common.confirmDeactivate' : 'common.confirmActivate', { name: p.title })} onConfirm={() => act(() => update.mutateAsync({ active: !p.active, version: p.version }))}>
            <Button size="large" loading={update.isPending}>{t(p.active ? 'common.deactivate' : 'common.activate')}</Button>
          </Popconfirm>
        )}
      </Space>
      {adding && <Card size="small" title={t('safety.plans.newVersion')} style={{ marginBottom: 12 }}><VersionForm plan={p} onDone={() => setAdding(false)} /></Card>}
      <Typography.Title level={5}>{t('safety.plans.versions')}</Typography.Title>
      <Timeline data-testid="plan-versions"
        items={p.versions.map((v) => ({
          key: v.id, color: v.current ? 'green' : 'gray',
          content: (
            <div data-testid={`plan-version-${v.number}`}>
              <Space wrap size={6}>
                <Typography.Text strong>{t('safety.plans.versionN', { n: v.number })}</Typography.Text>
                {v.current && <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('safety.plans.current')}</Tag>}
                {v.approvedById ? <Tag color="blue" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>{t('safety.plans.approvedBy', { name: v.approvedByName ?? '', date: v.approvedOn ?? '' })}</Tag>
                  : <Tag color="orange" style={{ marginInlineEnd: 0 }}>{t('safety.plans.notApproved')}</Tag>}
              </Space>
              <div style={{ color: '#595959', fontSize: 13, margin: '4px 0' }}>{v.note}</div>
              <div style={{ color: '#8c8c8c', fontSize: 12, marginBottom: 6 }}>{t('safety.plans.uploaded', { name: v.uploadedByName ?? '', at: fmtTime(v.uploadedAt) })}</div>
              <PhotoGallery files={v.files} size={72} />
            </div>
          ),
        }))} />
      <Typography.Title level={5}>{t('detail.timeline')}</Typography.Title>
      <RecordTimeline history={p.history} />
    </div>
  );
}

/** 应急预案: the school's plans by kind, each with its versions (the current one marked, old ones kept). */
export default function PlansPage() {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const school = useSchoolChoice({ optional: true });
  const [kind, setKind] = useParam('kind');
  const [active, setActive] = useParam('active');
  const [idParam, setId] = useParam('id');
  const [creating, setCreating] = useState(false);
  const list = usePlanList({ kind: kind ?? undefined, active: active ?? 'true', schoolId: school.schoolId });
  const id = idParam ? Number(idParam) : null;
  const detail = usePlan(id);
  const approval = (p: Plan) => (p.current?.approvedById ? <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('safety.plans.approved')}</Tag> : <Tag color="orange" style={{ marginInlineEnd: 0 }}>{t('safety.plans.notApproved')}</Tag>);
  return (
    <div data-testid="page-safety-plans">
      <PageHeader title={t('safety.plans.title')} extra={<>
        {school.picker}
        {can(SAFETY.plansWrite) && <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">{t('safety.plans.new')}</Button>}
      </>} />
      <div style={{ marginBottom: 12, display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        <Segmented size="large" value={active ?? 'true'} onChange={(v) => setActive(v === 'true' ? null : String(v))} data-testid="filter-active"
          options={[{ value: 'true', label: t('common.active') }, { value: 'false', label: t('common.inactive') }]} />
        <Select allowClear size="large" placeholder={t('safety.fields.kind')} value={kind ?? undefined} onChange={(v) => setKind(v ?? null)} style={{ width: 200 }}
          options={SAFETY_KINDS.map((k) => ({ value: k, label: t(`safety.kind.${k}`) }))} data-testid="filter-kind" />
      </div>
      <RecordList<Plan> list={list} testId="plan-list" emptyKey="safety.plans.empty"
        columns={[
          { key: 'title', title: t('safety.plans.titleField'), render: (_, p) => <a onClick={() => setId(String(p.id))} data-testid="row-open">{p.title}</a> },
          { key: 'kind', title: t('safety.fields.kind'), render: (_, p) => <KindTag kind={p.kind} /> },
          { key: 'version', title: t('safety.plans.currentVersion'), render: (_, p) => (p.current ? t('safety.plans.versionN', { n: p.current.number }) : '—') },
          { key: 'approval', title: t('safety.plans.approval'), render: (_, p) => approval(p) },
          { key: 'updated', title: t('safety.plans.updated'), render: (_, p) => fmtTime(p.updatedAt) },
        ]}
        card={(p) => (
          <ListCard onClick={() => setId(String(p.id))} title={p.title} tags={<><KindTag kind={p.kind} />{approval(p)}</>}
            lines={[`${p.current ? t('safety.plans.versionN', { n: p.current.number }) : ''} · ${t('safety.plans.versionsN', { n: p.versionCount })} · ${fmtTime(p.updatedAt)}`]} />
        )} />
      <Drawer open={id != null} onClose={() => setId(null)} size={phone ? '100%' : 620} destroyOnHidden title={detail.data?.title ?? t('safety.plans.title')}>
        {id != null && <PlanDetailView id={id} />}
      </Drawer>
      <Drawer open={creating} onClose={() => setCreating(false)} size={phone ? '100%' : 560} destroyOnHidden title={t('safety.plans.new')}>
        {creating && <VersionForm onDone={(p) => { setCreating(false); setId(String(p.id)); }} />}
      </Drawer>
    </div>
  );
}
