import { useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, Modal, Progress, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportReport } from '../../contracts/common';
import { download, upload, ApiError } from '../api/client';
import { useInvalidate } from '../api/hooks';
import { useT } from '../app/i18n';
import { useIsPhone } from './useIsPhone';

const STATUS_COLOR: Record<string, string> = { created: 'green', updated: 'blue', unchanged: 'default', refused: 'red' };
const STATUS_KEY: Record<string, string> = { created: 'import.statusCreated', updated: 'import.statusUpdated', unchanged: 'import.statusUnchanged', refused: 'import.statusRefused' };

/** The per-row report of an import (preview or final). */
function ReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const phone = useIsPhone();
  const [onlyRefused, setOnlyRefused] = useState(report.refused > 0);
  const rows = useMemo(() => (onlyRefused ? report.rows.filter((r) => r.status === 'refused') : report.rows), [report, onlyRefused]);
  return (
    <div data-testid="import-report">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('import.summary', { total: report.total, created: report.created, updated: report.updated, unchanged: report.unchanged, refused: report.refused })}</Typography.Text>
      </Space>
      <div style={{ marginBottom: 8 }}>
        <Checkbox checked={onlyRefused} onChange={(e) => setOnlyRefused(e.target.checked)}>{t('import.onlyRefused')}</Checkbox>
      </div>
      {phone ? (
        // On a phone: one line per row, its problems under it (no sideways scrolling).
        <div style={{ display: 'grid', gap: 6, maxHeight: '45vh', overflowY: 'auto' }}>
          {rows.map((r) => (
            <div key={r.row} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                <span>{t('import.row')} {r.row}</span>
                <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', color: '#595959' }}>{r.key ?? t('common.none')}</span>
                <Tag color={STATUS_COLOR[r.status]} style={{ marginInlineEnd: 0 }}>{t(STATUS_KEY[r.status])}</Tag>
              </div>
              {r.errors.map((e, i) => <div key={i} style={{ color: '#cf1322', fontSize: 13, overflowWrap: 'anywhere' }}>{e.message}</div>)}
            </div>
          ))}
          {!rows.length && <Typography.Text type="secondary">{t('list.empty')}</Typography.Text>}
        </div>
      ) : (
        <Table size="small" rowKey="row" dataSource={rows} pagination={{ pageSize: 10, size: 'small', showSizeChanger: false }}
          columns={[
            { title: t('import.row'), dataIndex: 'row', width: 64 },
            { title: t('import.key'), dataIndex: 'key', width: 120, render: (v: string | null) => v ?? t('common.none') },
            { title: t('import.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(STATUS_KEY[s])}</Tag> },
            { title: t('import.errors'), dataIndex: 'errors', render: (errs: ImportReport['rows'][number]['errors']) => errs.map((e, i) => <div key={i} style={{ color: '#cf1322' }}>{e.message}</div>) },
          ]} />
      )}
    </div>
  );
}

/**
 * Excel import in three steps: choose a file → a dry run shows what would happen row by row →
 * confirm → the final report. Nothing is written before the confirmation.
 */
export function ImportDialog({ resource, what, open, onClose }: { resource: string; what: string; open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [final, setFinal] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<null | 'check' | 'import'>(null);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const reset = () => { setFile(null); setPreview(null); setFinal(null); setError(null); setProgress(0); };
  const close = () => { if (busy) return; reset(); onClose(); };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setProgress(0);
    try {
      const report = await upload<ImportReport>(`/${resource}/import`, file, { dryRun: String(dryRun) }, setProgress);
      if (dryRun) setPreview(report); else { setFinal(report); await invalidate(resource); }
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].filter((m, i, a) => a.indexOf(m) === i).join('；') : String(e));
    } finally {
      setBusy(null);
    }
  };

  const template = async () => {
    try { await download(`/${resource}/import/template`, undefined, 'template.xlsx'); } catch (e) { message.error((e as Error).message); }
  };

  const step = final ? 2 : preview ? 1 : 0;
  const importable = preview ? preview.created + preview.updated + preview.unchanged : 0;

  const footer = final ? [<Button key="done" type="primary" onClick={close} data-testid="import-done">{t('import.done')}</Button>]
    : preview ? [
      <Button key="again" onClick={reset} disabled={!!busy}>{t('import.again')}</Button>,
      <Button key="go" type="primary" onClick={() => run(false)} loading={busy === 'import'} disabled={!importable} data-testid="import-confirm">{t('import.confirm')}</Button>,
    ] : [
      <Button key="cancel" onClick={close} disabled={!!busy}>{t('common.cancel')}</Button>,
      <Button key="check" type="primary" onClick={() => run(true)} loading={busy === 'check'} disabled={!file} data-testid="import-check">{t('import.check')}</Button>,
    ];

  return (
    <Modal open={open} onCancel={close} title={t('import.title', { what })} width={760} footer={footer} destroyOnHidden mask={{ closable: false }}>
      <Steps size="small" current={step} style={{ marginBottom: 16 }} responsive={false}
        items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="import-error" />}
      {step === 0 && (
        <>
          <Alert type="info" showIcon title={t('import.templateHint')} style={{ marginBottom: 12 }}
            action={<Button size="small" icon={<DownloadOutlined />} onClick={template}>{t('import.template')}</Button>} />
          <Upload.Dragger accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" maxCount={1} multiple={false}
            fileList={file ? [{ uid: 'f', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              if (!f.name.toLowerCase().endsWith('.xlsx')) { message.error(t('import.onlyXlsx')); return Upload.LIST_IGNORE; }
              setFile(f); setError(null); return false;
            }}
            onRemove={() => { setFile(null); }}
            data-testid="import-file">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('import.drop')}</p>
          </Upload.Dragger>
        </>
      )}
      {busy && (
        <div style={{ margin: '12px 0' }}>
          <Typography.Text>{t(busy === 'check' ? 'import.uploading' : 'import.importing')}</Typography.Text>
          <Progress percent={progress < 100 ? progress : 99} status="active" />
        </div>
      )}
      {step === 1 && preview && !busy && (
        <>
          <Alert type={importable ? 'warning' : 'error'} showIcon title={importable ? t('import.previewNote') : t('import.nothingToImport')} style={{ marginBottom: 12 }} />
          <ReportView report={preview} />
        </>
      )}
      {step === 2 && final && (
        <>
          <Alert type={final.refused ? 'warning' : 'success'} showIcon title={t('import.finalNote')} style={{ marginBottom: 12 }} />
          <ReportView report={final} />
        </>
      )}
    </Modal>
  );
}
