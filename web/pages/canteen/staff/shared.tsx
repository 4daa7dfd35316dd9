import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Tag } from 'antd';
import dayjs from 'dayjs';
import type { CanteenStaffSettings, CertState, ServiceStop } from '../../../../contracts/canteenStaff';
import { ApiError } from '../../../api/client';
import { useLiftStop, useStaffSettings } from '../../../api/canteenStaff';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';

/** The actions of the staff part (server/modules/canteen/staff.policy.ts). */
export const STAFF = {
  read: 'canteen.staff.read', write: 'canteen.staff.write',
  checksRead: 'canteen.staff.checks.read', checksWrite: 'canteen.staff.checks.write',
  rosterRead: 'canteen.staff.roster.read', rosterWrite: 'canteen.staff.roster.write',
  selfCheck: 'canteen.staff.selfcheck.read', lift: 'canteen.staff.stops.lift',
} as const;

export const CERT_COLORS: Record<CertState, string> = { valid: 'success', expiring: 'warning', expired: 'error', missing: 'error' };

/** The day in the URL (?date=), today when absent. */
export function useDateParam(): [string | undefined, (d: string | null) => void, ReactNode] {
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? undefined;
  const set = (d: string | null) => setParams((p) => { if (d) p.set('date', d); else p.delete('date'); return p; }, { replace: true });
  const picker = (
    <DatePicker size="large" allowClear value={date ? dayjs(date) : dayjs()} onChange={(d) => set(d ? d.format('YYYY-MM-DD') : null)}
      disabledDate={(d) => d.isAfter(dayjs().add(7, 'day'))} data-testid="canteen-staff-date" />
  );
  return [date, set, picker];
}

/** Post names from the settings, food posts marked. */
export function usePosts() {
  const { values } = useStaffSettings();
  const byCode = new Map(values.posts.map((p) => [p.code, p]));
  return { posts: values.posts as CanteenStaffSettings['posts'], nameOf: (code: string) => byCode.get(code)?.name ?? code, isFood: (code: string) => !!byCode.get(code)?.food };
}

export function PostTags({ codes, strike = false }: { codes: string[]; strike?: boolean }) {
  const { nameOf, isFood } = usePosts();
  return <>{codes.map((c) => <Tag key={c} color={strike ? 'default' : isFood(c) ? 'blue' : undefined} style={strike ? { textDecoration: 'line-through' } : undefined}>{nameOf(c)}</Tag>)}</>;
}

/** The red banner of a service stop, with the leader's "lift" dialog. */
export function StopBanner({ stop }: { stop: ServiceStop | null }) {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const lift = useLiftStop();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ liftNote: string }>();
  if (!stop) return null;
  const submit = async (v: { liftNote: string }) => {
    try {
      await lift.mutateAsync({ id: stop.id, liftNote: v.liftNote, version: stop.version });
      setOpen(false);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path, errors: [f.message] })) as never);
      else message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="canteen-stop-banner"
        title={t('canteen.staff.web.stopBanner', { date: stop.date })}
        description={<div>{t('canteen.staff.web.stopItems')}：{stop.items.join('；')}{stop.stoppedByName ? `（${t('canteen.staff.web.stoppedBy')}：${stop.stoppedByName}）` : ''}</div>}
        action={can(STAFF.lift) ? <Button danger onClick={() => setOpen(true)} data-testid="canteen-stop-lift">{t('canteen.staff.web.lift')}</Button> : undefined} />
      <Modal open={open} title={t('canteen.staff.web.liftTitle')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={lift.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="liftNote" label={t('fields.liftNote')} rules={[{ required: true, min: 2, message: t('fields.liftNote') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="canteen-stop-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
