import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Switch, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PHONE, type GateStudent } from '../../../../contracts/safetyGate';
import { ApiError } from '../../../api/client';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { applyServerErrors, useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { useGateStudents, useIssuePass } from '../../../api/gate';
import { klass } from './shared';

interface Values { studentId?: number; reason?: string; from?: Dayjs; until?: Dayjs; withGuardian: boolean; guardianName?: string; guardianPhone?: string; note?: string }
const NAMES = ['studentId', 'reason', 'from', 'until', 'withGuardian', 'guardianName', 'guardianPhone', 'note'];

/** 开出门条: a head teacher picks a student of their class, the reason, the time and whether a guardian collects. */
export default function PassFormPage() {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const issue = useIssuePass();
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The server narrows a head teacher to the students of their classes; leaders find anyone.
  const students = useGateStudents({ q: q || undefined, limit: 50 });
  const withGuardian = Form.useWatch('withGuardian', form);
  const studentId = Form.useWatch('studentId', form);
  const picked = useMemo(() => students.data?.find((s) => s.id === studentId), [students.data, studentId]);

  const pick = (id: number) => {
    const s = students.data?.find((x) => x.id === id);
    if (s) form.setFieldsValue({ guardianName: s.guardianName ?? undefined, guardianPhone: s.guardianPhone ?? undefined });
  };
  const preset = (kind: 'now2h' | 'today' | 'weekend') => {
    const now = dayjs();
    const until = kind === 'now2h' ? now.add(2, 'hour') : kind === 'today' ? now.hour(17).minute(10).second(0) : now.day(7).hour(20).minute(0).second(0);
    form.setFieldsValue({ from: now, until: until.isAfter(now) ? until : now.add(2, 'hour') });
  };

  const submit = async (v: Values) => {
    setError(null);
    try {
      const pass = await issue.mutateAsync({
        studentId: v.studentId!, reason: v.reason ?? '', validFrom: v.from!.toISOString(), validUntil: v.until!.toISOString(),
        withGuardian: !!v.withGuardian, guardianName: v.withGuardian ? v.guardianName || null : null, guardianPhone: v.withGuardian ? v.guardianPhone || null : null, note: v.note || null,
      });
      message.success(t('common.created'));
      navigate(`/safety/gate/passes/${pass.id}`);
    } catch (e) {
      // The API's validFrom/validUntil are this form's from/until.
      const renamed = e instanceof ApiError ? new ApiError(e.status, e.code, e.message, e.fields.map((f) => ({ ...f, path: f.path.replace(/^validFrom/, 'from').replace(/^validUntil/, 'until') }))) : e;
      const rest = applyServerErrors(form, renamed, NAMES);
      setError(rest[0] ?? (e as Error).message);
    }
  };

  const studentLabel = (s: GateStudent) => `${s.name} · ${klass(t, s.grade, s.className)} · ${s.studentNo}`;
  return (
    <div data-testid="page-pass-new" style={{ maxWidth: 640, margin: '0 auto' }}>
      <PageHeader title={t('gate.passForm.title')} />
      <Card styles={{ body: { padding: phone ? 12 : 20 } }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ withGuardian: false, from: dayjs(), until: dayjs().add(2, 'hour') }} data-testid="pass-form">
          <Form.Item name="studentId" label={<strong>{t('gate.passForm.student')}</strong>} rules={[{ required: true, message: t('gate.passForm.required.studentId') }]}
            extra={picked ? <Tag color={picked.boarder ? 'purple' : 'default'}>{picked.boarder ? t('gate.passForm.boarder') : t('gate.passForm.day')}</Tag> : undefined}>
            <Select size="large" showSearch filterOption={false} onSearch={setQ} onChange={pick} loading={students.isFetching} placeholder={t('gate.passForm.studentPlaceholder')}
              options={(students.data ?? []).map((s) => ({ value: s.id, label: studentLabel(s) }))} data-testid="pass-student" />
          </Form.Item>
          <Form.Item name="reason" label={<strong>{t('gate.passForm.reason')}</strong>} rules={[{ required: true, whitespace: true, message: t('gate.passForm.required.reason') }]}>
            <Input size="large" maxLength={200} placeholder={t('gate.passForm.reasonPlaceholder')} data-testid="pass-reason" />
          </Form.Item>
          <Form.Item label={<strong>{t('gate.passForm.presets')}</strong>}>
            <Space wrap>
              <Button onClick={() => preset('now2h')} data-testid="pass-preset-2h">{t('gate.passForm.presetNow2h')}</Button>
              <Button onClick={() => preset('today')}>{t('gate.passForm.presetToday')}</Button>
              <Button onClick={() => preset('weekend')}>{t('gate.passForm.presetWeekend')}</Button>
            </Space>
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: phone ? '1fr' : '1fr 1fr', gap: phone ? 0 : 12 }}>
            <Form.Item name="from" label={<strong>{t('gate.passForm.from')}</strong>} rules={[{ required: true, message: t('gate.passForm.required.from') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" size="large" inputReadOnly style={{ width: '100%' }} data-testid="pass-from" />
            </Form.Item>
            <Form.Item name="until" label={<strong>{t('gate.passForm.until')}</strong>} dependencies={['from']} rules={[
              { required: true, message: t('gate.passForm.required.until') },
              ({ getFieldValue }) => ({ validator: (_, v: Dayjs | undefined) => (!v || !getFieldValue('from') || v.isAfter(getFieldValue('from')) ? Promise.resolve() : Promise.reject(new Error(t('gate.passForm.untilAfterFrom')))) }),
            ]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" size="large" inputReadOnly style={{ width: '100%' }} data-testid="pass-until" />
            </Form.Item>
          </div>
          <Form.Item name="withGuardian" label={<strong>{t('gate.passForm.withGuardian')}</strong>} valuePropName="checked">
            <Switch data-testid="pass-with-guardian" />
          </Form.Item>
          {withGuardian && (
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
              <Form.Item name="guardianName" label={t('gate.passForm.guardianName')} rules={[{ required: true, whitespace: true, message: t('gate.passForm.required.guardianName') }]}>
                <Input size="large" maxLength={50} />
              </Form.Item>
              <Form.Item name="guardianPhone" label={t('gate.passForm.guardianPhone')} rules={[{ required: true, message: t('gate.passForm.required.guardianPhone') }, { pattern: PHONE, message: t('gate.visitorForm.phoneInvalid') }]}>
                <Input size="large" inputMode="tel" maxLength={20} />
              </Form.Item>
            </div>
          )}
          <Form.Item name="note" label={t('gate.passForm.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={issue.isPending} data-testid="pass-submit" style={{ height: 52, fontSize: 18 }}>
            {t('gate.passForm.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
