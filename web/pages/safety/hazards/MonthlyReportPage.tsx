import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, DatePicker, Input, Modal, Skeleton, Space, Tag } from 'antd';
import { CloudUploadOutlined, FileExcelOutlined, FilePdfOutlined, CheckCircleOutlined, SettingOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { download } from '../../../api/client';
import { useMonthlyReport, useSubmitMonthly } from '../../../api/hazards';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../components/useIsPhone';
import { ReportView } from './ReportView';
import { InvestigationSettingsDrawer } from './InvestigationSettingsDrawer';
import { HAZARD_ACTIONS, fmtTime } from './shared';

/** Last month by default: the report is made at the start of the next month. */
const defaultMonth = () => dayjs().subtract(1, 'month').format('YYYY-MM');

/**
 * 隐患月报: pick a month, read its figures and tables, export them (Excel, PDF with the school's
 * signature lines), and submit it to the education bureau within Houqin (a frozen snapshot).
 */
export default function MonthlyReportPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : defaultMonth();
  const schoolId = Number(params.get('schoolId')) || undefined;
  const q = useMonthlyReport(month, schoolId);
  const submit = useSubmitMonthly();
  const [confirm, setConfirm] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [settings, setSettings] = useState(false);
  const r = q.data;
  const resubmit = !!r?.submission;

  const exportAs = async (format: 'xlsx' | 'pdf') => {
    setBusy(format);
    try {
      const name = await download('/reports/hazards/monthly', { month, format, schoolId }, `hazard-report.${format}`);
      message.success(t('common.exportDone', { name }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const send = async () => {
    try {
      await submit.mutateAsync({ month, note: note.trim() || null });
      message.success(t('hazards.web.monthly.done'));
      setConfirm(false);
      setNote('');
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div data-testid="page-hazard-monthly">
      <PageHeader title={t('hazards.web.monthly.title')} extra={(
        <Space wrap>
          <DatePicker picker="month" allowClear={false} inputReadOnly size={phone ? 'large' : 'middle'} value={dayjs(`${month}-01`)} data-testid="report-month"
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && setParams((p) => { const n = new URLSearchParams(p); n.set('month', d.format('YYYY-MM')); return n; }, { replace: true })} />
          <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => exportAs('xlsx')} data-testid="report-export-xlsx">{t('hazards.web.monthly.exportXlsx')}</Button>
          <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => exportAs('pdf')} data-testid="report-export-pdf">{t('hazards.web.monthly.exportPdf')}</Button>
          {can('hazards.settings.write') && !schoolId && (
            <Button icon={<SettingOutlined />} onClick={() => setSettings(true)} data-testid="investigation-settings">{t('hazards.web.investigation.settings')}</Button>
          )}
          {can(HAZARD_ACTIONS.submit) && !schoolId && (
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setConfirm(true)} disabled={!r} data-testid="report-submit">
              {t(resubmit ? 'hazards.web.monthly.resubmit' : 'hazards.web.monthly.submit')}
            </Button>
          )}
        </Space>
      )} />
      {r && (
        <div style={{ marginBottom: 12 }} data-testid="report-submission">
          {r.submission
            ? <Tag color="success" icon={<CheckCircleOutlined />}>{t('hazards.web.monthly.submitted', { revision: r.submission.revision, at: fmtTime(r.submission.submittedAt), by: r.submission.submittedByName })}</Tag>
            : <Tag>{t('hazards.web.monthly.notSubmitted')}</Tag>}
        </div>
      )}
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!r && q.isPending ? <Skeleton active /> : r ? <ReportView r={r} linkItems={!schoolId} /> : null}
      <Modal open={confirm} onCancel={() => setConfirm(false)} title={t(resubmit ? 'hazards.web.monthly.resubmit' : 'hazards.web.monthly.submit')}
        okText={t(resubmit ? 'hazards.web.monthly.resubmit' : 'hazards.web.monthly.submit')} onOk={send} confirmLoading={submit.isPending}
        okButtonProps={{ size: 'large', disabled: resubmit && !note.trim(), ...({ 'data-testid': 'report-submit-confirm' } as object) }} cancelButtonProps={{ size: 'large' }}>
        <p>{t('hazards.web.monthly.submitConfirm')}</p>
        {resubmit && (
          <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('hazards.web.monthly.resubmitNote')} data-testid="report-resubmit-note" />
        )}
      </Modal>
      <InvestigationSettingsDrawer open={settings} onClose={() => setSettings(false)} />
    </div>
  );
}
