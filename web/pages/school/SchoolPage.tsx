import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Row, Skeleton, Tag } from 'antd';
import { SCHOOL_STAGES, UpdateSchoolInput, type School } from '../../../contracts/org';
import { api, ApiError } from '../../api/client';
import { keys } from '../../api/hooks';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { renderTyped, fieldLabel } from '../../components/resource/display';
import { FieldInput, applyServerErrors, toApiValue, toFormValue, useZodLocale, zodRule } from '../../components/resource/formKit';
import type { FieldDef } from '../../components/resource/types';
import { useIsPhone } from '../../components/useIsPhone';
import { CalendarSettingsCard } from './CalendarSettingsCard';
import { FilesSettingsCard } from './FilesSettingsCard';
import { NotificationsSettingsCard } from './NotificationsSettingsCard';
import { GateRulesCard } from '../safety/gate/GateRulesCard';

const FIELDS: FieldDef[] = [
  { name: 'name', type: { kind: 'text' } },
  { name: 'stage', type: { kind: 'enum', values: SCHOOL_STAGES, group: 'schoolStage' } },
  { name: 'boarding', label: 'school.boardingSchool', type: { kind: 'bool' } },
  { name: 'phone', type: { kind: 'text' } },
  { name: 'address', type: { kind: 'text' }, full: true },
  { name: 'timezone', type: { kind: 'text' } },
];
const REQUIRED = new Set(['name', 'timezone']);

/**
 * The school's own details (the administrator edits them, everyone else reads them) and the school's
 * settings, which its leaders change: the page opens with either right.
 */
export default function SchoolPage() {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const me = useCurrentUser();
  const can = useCan();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const school = useQuery({ queryKey: ['school', me.schoolId], queryFn: () => api<School>(`/schools/${me.schoolId}`) });
  const writable = can('org.school.write') && me.schoolKind === 'school';

  useEffect(() => {
    if (school.data) form.setFieldsValue(Object.fromEntries(FIELDS.map((f) => [f.name, toFormValue(f.type, school.data[f.name as keyof School])])));
  }, [school.data, form]);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<School>(`/schools/${me.schoolId}`, { method: 'PATCH', body }),
    onSuccess: (s) => { qc.setQueryData(['school', me.schoolId], s); void qc.invalidateQueries({ queryKey: keys.me }); void qc.invalidateQueries({ queryKey: ['schools'] }); },
  });

  const submit = async (values: Record<string, unknown>) => {
    if (!school.data) return;
    setError(null);
    const body: Record<string, unknown> = { version: school.data.version };
    for (const f of FIELDS) {
      const v = toApiValue(f.type, values[f.name]);
      if (JSON.stringify(v) !== JSON.stringify(school.data[f.name as keyof School] ?? null)) body[f.name] = v;
    }
    try {
      await save.mutateAsync(body);
      message.success(t('common.saved'));
    } catch (e) {
      applyServerErrors(form, e, FIELDS.map((f) => f.name));
      setError({ text: e instanceof ApiError ? e.message : String(e), conflict: e instanceof ApiError && e.code === 'conflict' });
    }
  };

  if (school.isError) return <Alert type="error" showIcon title={(school.error as Error).message} />;
  if (!school.data) return <Skeleton active />;
  const s = school.data;

  return (
    <div data-testid="page-school">
      <PageHeader title={t('school.title')} sub={<>{t('school.code')} {s.code} · <Tag>{t(`enums.schoolKind.${s.kind}`)}</Tag></>} />
      {!writable ? (
        <Card size="small">
          <Alert type="info" showIcon title={t('school.readOnlyNote')} style={{ marginBottom: 12 }} />
          <Descriptions column={phone ? 1 : 2} size="small" bordered
            items={FIELDS.map((f) => ({ key: f.name, label: fieldLabel(f, t), children: renderTyped(f.type, s[f.name as keyof School], t) }))} />
        </Card>
      ) : (
        <Card size="small" style={{ maxWidth: 860 }}>
          {error && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.conflict ? t('form.conflict') : error.text}
              action={error.conflict ? <Button size="small" onClick={() => { setError(null); void school.refetch(); }}>{t('form.reloadLatest')}</Button> : undefined} />
          )}
          <Form form={form} layout="vertical" onFinish={submit} data-testid="school-form">
            <Row gutter={16}>
              {FIELDS.map((f) => (
                <Col key={f.name} span={phone || f.full ? 24 : 12}>
                  <Form.Item name={f.name} label={fieldLabel(f, t)} required={REQUIRED.has(f.name)} rules={[zodRule(UpdateSchoolInput, f, t, REQUIRED.has(f.name))]}>
                    <FieldInput field={f} t={t} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="form-submit">{t('common.save')}</Button>
          </Form>
        </Card>
      )}
      <FilesSettingsCard />
      <NotificationsSettingsCard />
      <CalendarSettingsCard />
      <GateRulesCard />
    </div>
  );
}
