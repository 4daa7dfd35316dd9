import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Segmented, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckCircleFilled, EditOutlined, ExclamationCircleFilled, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateEducationInput, UpdateEducationInput, type EducationCompliance, type EducationKind, type EducationRecord } from '../../../../contracts/safetyRecords';
import { useCompliance, useCreateEducation, useEducation, useEducationList, useUpdateEducation } from '../../../api/safetyRecords';
import { useCan, useCurrentUser } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { ClassSelect, UserSelect, checkBody, serverErrors } from './pickers';
import { ListCard, RecordList } from '../../../components/lists/RecordList';
import { MonthSwitcher } from '../../../components/lists/MonthSwitcher';
import { useMonthParam, useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { Fields } from '../../../components/lists/Fields';
import { ExportButton, RecordTimeline, SAFETY } from './shared';

const LEADERS = ['admin', 'principal', 'vice_principal', 'director'];
interface Values { kind: EducationKind; heldOn?: Dayjs; classId?: number | null; topic?: string; teacherId?: number | null; attendees?: number | null; note?: string; photoIds?: string[] }
const NAMES = ['kind', 'heldOn', 'classId', 'topic', 'teacherId', 'attendees', 'note', 'photoIds'];

/** Which classes this person may record sessions for: leaders and teachers any; a head teacher only the classes they lead. */
function useMyClasses(): { leader: boolean; only: number[] | undefined } {
  const me = useCurrentUser();
  const leader = me.roles.some((r) => LEADERS.includes(r));
  const restricted = !leader && me.roles.includes('head_teacher');
  const c = useCompliance({}, restricted);
  const only = useMemo(() => (restricted ? (c.data?.classes ?? []).filter((x) => x.headTeacherId === me.id).map((x) => x.classId) : undefined), [restricted, c.data, me.id]);
  return { leader, only };
}

function EducationForm({ existing, preset, onDone }: { existing?: EducationRecord; preset?: Partial<Values>; onDone: () => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const can = useCan();
  const { message } = App.useApp();
  const { leader, only } = useMyClasses();
  const create = useCreateEducation();
  const update = useUpdateEducation(existing?.id ?? 0);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  // Only leaders choose the kind (a meeting); everyone else records class sessions.
  const watched = Form.useWatch('kind', form);
  const kind: EducationKind = (leader ? watched : undefined) ?? existing?.kind ?? preset?.kind ?? 'class_session';

  useEffect(() => {
    if (existing) form.setFieldsValue({ ...existing, heldOn: dayjs(existing.heldOn), note: existing.note ?? '', photoIds: existing.photos.map((p) => p.id) });
    else if (only?.length === 1 && !preset?.classId) form.setFieldsValue({ classId: only[0] });
  }, [existing, form, only, preset]);

  const submit = async (v: Values) => {
    setError(null);
    const common = {
      heldOn: v.heldOn?.format('YYYY-MM-DD'), topic: v.topic ?? '', attendees: v.attendees ?? null, note: v.note ?? '', photoIds: v.photoIds ?? [],
      ...(v.teacherId ? { teacherId: v.teacherId } : {}),
    };
    const parsed = existing
      ? checkBody(UpdateEducationInput, { ...common, ...(existing.kind === 'class_session' && v.classId ? { classId: v.classId } : {}), version: existing.version }, form, t)
      : checkBody(CreateEducationInput, { ...common, kind, classId: kind === 'class_session' ? v.classId ?? null : null }, form, t);
    if (!parsed) { setError(t('form.invalid')); return; }
    try {
      if (existing) await update.mutateAsync(parsed as UpdateEducationInput); else await create.mutateAsync(parsed as CreateEducationInput);
      message.success(t('common.saved'));
      onDone();
    } catch (e) {
      setError(serverErrors(form, e, NAMES));
    }
  };

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="education-form"
        initialValues={{ kind: 'class_session', heldOn: dayjs(), photoIds: [], ...preset }}>
        {!existing && leader && (
          <Form.Item name="kind" label={<strong>{t('safety.fields.kind')}</strong>}>
            <Segmented block size="large" options={(['class_session', 'meeting'] as const).map((k) => ({ value: k, label: t(`safety.educationKind.${k}`) }))} data-testid="education-kind" />
          </Form.Item>
        )}
        <Form.Item name="heldOn" label={<strong>{t('safety.fields.heldOn')}</strong>} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker size="large" style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {kind === 'class_session' && (
          <Form.Item name="classId" label={<strong>{t('safety.fields.classId')}</strong>} rules={[{ required: true, message: t('errors.safety.classRequired') }]}>
            <ClassSelect only={only} />
          </Form.Item>
        )}
        <Form.Item name="topic" label={<strong>{t('safety.fields.topic')}</strong>} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input size="large" maxLength={200} placeholder={t('safety.education.topicPlaceholder')} data-testid="education-topic" />
        </Form.Item>
        {can('org.staff.read') && <Form.Item name="teacherId" label={<strong>{t('safety.fields.teacherId')}</strong>} extra={t('safety.education.teacherHint')}><UserSelect /></Form.Item>}
        <Form.Item name="attendees" label={<strong>{t('safety.fields.attendees')}</strong>}>
          <InputNumber size="large" style={{ width: '100%' }} min={0} max={10000} inputMode="numeric" data-testid="education-attendees" />
        </Form.Item>
        <Form.Item name="note" label={<strong>{t('safety.fields.note')}</strong>}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item name="photoIds" label={<strong>{t('safety.fields.photoIds')}</strong>}><PhotoUpload max={12} camera={false} known={existing?.photos} /></Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={create.isPending || update.isPending} style={{ height: 48 }} data-testid="education-submit">{t('common.save')}</Button>
      </Form>
    </>
  );
}

function EducationDetail({ id, onEdit }: { id: number; onEdit: (r: EducationRecord) => void }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const can = useCan();
  const q = useEducation(id);
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active />;
  const r = q.data;
  const mayEdit = can(SAFETY.educationWrite) && (me.roles.some((x) => LEADERS.includes(x)) || r.createdById === me.id);
  return (
    <div data-testid="education-detail">
      <Fields rows={[
        [t('safety.fields.kind'), <Tag color={r.kind === 'meeting' ? 'purple' : 'blue'}>{t(`safety.educationKind.${r.kind}`)}</Tag>],
        [t('safety.fields.heldOn'), r.heldOn],
        [t('safety.fields.classId'), r.className],
        [t('safety.fields.topic'), r.topic],
        [t('safety.fields.teacherId'), r.teacherName],
        [t('safety.fields.attendees'), r.attendees == null ? null : t('common.people', { count: r.attendees })],
        [t('safety.fields.note'), r.note],
      ]} />
      <div style={{ margin: '12px 0' }}><PhotoGallery files={r.photos} /></div>
      {mayEdit && <Button size="large" icon={<EditOutlined />} onClick={() => onEdit(r)} style={{ marginBottom: 12 }} data-testid="education-edit">{t('common.edit')}</Button>}
      <Typography.Title level={5}>{t('detail.timeline')}</Typography.Title>
      <RecordTimeline history={r.history} />
    </div>
  );
}

function ComplianceView({ data, onRecord, canRecord }: { data: EducationCompliance; onRecord: (classId: number) => void; canRecord: (classId: number) => boolean }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const ok = (c: EducationCompliance['classes'][number]) => c.sessions >= data.sessionsRequired;
  const status = (c: EducationCompliance['classes'][number]) => (!data.schoolMonth ? <Tag>{t('safety.monthStatus.holiday')}</Tag>
    : ok(c) ? <Tag color="success" icon={<CheckCircleFilled />}>{t('safety.education.sessionsN', { n: c.sessions })}</Tag>
      : <Tag color="error" icon={<ExclamationCircleFilled />} data-testid="class-short">{t('safety.education.none')}</Tag>);
  const action = (c: EducationCompliance['classes'][number]) => (canRecord(c.classId) && !ok(c)
    ? <Button size={phone ? 'large' : 'middle'} type="primary" ghost onClick={() => onRecord(c.classId)} data-testid={`record-class-${c.classId}`}>{t('safety.education.record')}</Button> : null);
  return (
    <div data-testid="education-compliance">
      <Space wrap style={{ marginBottom: 12 }}>
        <Card size="small"><Typography.Text type={data.classesShort ? 'danger' : 'success'} strong data-testid="classes-short">
          {data.schoolMonth ? t('safety.education.shortSummary', { n: data.classesShort, total: data.classes.length }) : t('safety.education.holidayMonth')}
        </Typography.Text></Card>
        <Card size="small"><Typography.Text type={data.meetingsTerm >= data.meetingsRequired ? 'success' : 'warning'} strong data-testid="meetings-term">
          {data.term ? t('safety.education.meetingsSummary', { term: data.term.name, n: data.meetingsTerm, required: data.meetingsRequired }) : t('safety.education.noTerm')}
        </Typography.Text></Card>
      </Space>
      {phone ? (
        <div style={{ display: 'grid', gap: 8 }}>
          {data.classes.map((c) => (
            <ListCard key={c.classId} title={c.name} tags={status(c)} lines={[`${t('safety.education.headTeacher')}：${c.headTeacherName ?? '—'}`, c.lastOn ? t('safety.education.lastOn', { date: c.lastOn }) : null, action(c)]} />
          ))}
        </div>
      ) : (
        <Table rowKey="classId" size="middle" pagination={false} dataSource={data.classes}
          columns={[
            { key: 'name', title: t('safety.fields.classId'), render: (_, c) => c.name },
            { key: 'head', title: t('safety.education.headTeacher'), render: (_, c) => c.headTeacherName ?? '—' },
            { key: 'status', title: t('safety.education.thisMonth'), render: (_, c) => status(c) },
            { key: 'last', title: t('safety.education.last'), render: (_, c) => c.lastOn ?? '—' },
            { key: 'act', title: '', render: (_, c) => action(c) },
          ]} />
      )}
    </div>
  );
}

/** 安全教育: meetings and class sessions, and the month's compliance (every class once, two meetings a term). */
export default function EducationPage() {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const school = useSchoolChoice();
  const [tab, setTab] = useParam('tab');
  const [kind, setKind] = useParam('kind');
  const [classId, setClassId] = useParam('classId');
  const [q, setQ] = useParam('q');
  const [month, setMonth] = useMonthParam();
  const [open, setOpen] = useState<number | null>(null);
  const [form, setForm] = useState<{ existing?: EducationRecord; preset?: Partial<Values> } | null>(null);
  const query = { kind: kind ?? undefined, classId: classId ?? undefined, q: q ?? undefined, schoolId: school.schoolId };
  const list = useEducationList(query);
  const compliance = useCompliance({ month, schoolId: school.schoolId }, tab === 'compliance');
  const { only } = useMyClasses();
  const writable = can(SAFETY.educationWrite);

  const records = (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Input.Search allowClear size="large" placeholder={t('safety.education.search')} defaultValue={q ?? ''} onSearch={(v) => setQ(v.trim() || null)} style={{ width: 200 }} />
        <Segmented size="large" value={kind ?? 'all'} onChange={(v) => setKind(v === 'all' ? null : String(v))} data-testid="filter-kind"
          options={[{ value: 'all', label: t('common.all') }, { value: 'class_session', label: t('safety.education.sessions') }, { value: 'meeting', label: t('safety.education.meetings') }]} />
        <div style={{ width: phone ? '100%' : 180 }}><ClassSelect value={classId ? Number(classId) : null} onChange={(v) => setClassId(v ? String(v) : null)} /></div>
        <ExportButton path="/safety/education/export.xlsx" query={query} />
      </div>
      <RecordList<EducationRecord> list={list} testId="education-list" emptyKey="safety.education.empty"
        columns={[
          { key: 'heldOn', title: t('safety.fields.heldOn'), render: (_, r) => <a onClick={() => setOpen(r.id)} data-testid="row-open">{r.heldOn}</a> },
          { key: 'kind', title: t('safety.fields.kind'), render: (_, r) => <Tag color={r.kind === 'meeting' ? 'purple' : 'blue'}>{t(`safety.educationKind.${r.kind}`)}</Tag> },
          { key: 'class', title: t('safety.fields.classId'), render: (_, r) => r.className ?? '—' },
          { key: 'topic', title: t('safety.fields.topic'), render: (_, r) => r.topic },
          { key: 'teacher', title: t('safety.fields.teacherId'), render: (_, r) => r.teacherName },
          { key: 'attendees', title: t('safety.fields.attendees'), render: (_, r) => r.attendees ?? '—' },
        ]}
        card={(r) => (
          <ListCard onClick={() => setOpen(r.id)} title={r.topic} tags={<Tag color={r.kind === 'meeting' ? 'purple' : 'blue'} style={{ marginInlineEnd: 0 }}>{t(`safety.educationKind.${r.kind}`)}</Tag>}
            lines={[`${r.heldOn} · ${r.className ?? t('safety.education.wholeSchool')}`, `${r.teacherName ?? ''}${r.attendees != null ? ` · ${t('common.people', { count: r.attendees })}` : ''}`]} />
        )} />
    </>
  );

  return (
    <div data-testid="page-safety-education">
      <PageHeader title={t('safety.education.title')} extra={<>
        {school.picker}
        {writable && <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setForm({})} data-testid="education-new">{t('safety.education.new')}</Button>}
      </>} />
      <Tabs activeKey={tab === 'compliance' ? 'compliance' : 'records'} onChange={(k) => setTab(k === 'records' ? null : k)}
        items={[
          { key: 'records', label: t('safety.education.records'), children: records },
          {
            key: 'compliance', label: t('safety.education.compliance'),
            children: (
              <>
                <div style={{ marginBottom: 12 }}><MonthSwitcher month={month} onChange={setMonth} /></div>
                {compliance.isError ? <Alert type="error" showIcon title={(compliance.error as Error).message} /> : !compliance.data ? <Skeleton active />
                  : <ComplianceView data={compliance.data} canRecord={(id) => writable && (!only || only.includes(id))} onRecord={(id) => setForm({ preset: { kind: 'class_session', classId: id } })} />}
              </>
            ),
          },
        ]} />
      <Drawer open={open != null} onClose={() => setOpen(null)} size={phone ? '100%' : 560} title={t('safety.education.detail')} destroyOnHidden>
        {open != null && <EducationDetail id={open} onEdit={(r) => { setOpen(null); setForm({ existing: r }); }} />}
      </Drawer>
      <Drawer open={form != null} onClose={() => setForm(null)} size={phone ? '100%' : 560} destroyOnHidden
        title={form?.existing ? t('safety.education.edit') : t('safety.education.new')}>
        {form && <EducationForm existing={form.existing} preset={form.preset} onDone={() => setForm(null)} />}
      </Drawer>
    </div>
  );
}
