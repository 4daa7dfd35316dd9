import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Progress, Result, Segmented, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, type ImportField, type ImportJob, type ImportMapping, type ImportReportRow, type ImportUpload } from '../../../contracts/assets';
import { ApiError, download } from '../../api/client';
import { uploadImport, useImportJob, useStartImport } from '../../api/assets';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';

const ROW_COLORS: Record<ImportReportRow['status'], string> = { created: 'success', updated: 'processing', unchanged: 'default', refused: 'error' };

function Counts({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(90px, 1fr))', gap: 12, margin: '12px 0' }} data-testid="import-counts">
      {(['created', 'updated', 'unchanged', 'refused'] as const).map((k) => (
        <Statistic key={k} title={t(`assets.importWeb.rowStatus.${k}`)} value={job[k]} valueStyle={k === 'refused' && job.refused ? { color: '#cf1322' } : undefined} />
      ))}
    </div>
  );
}

/** The per-row report: refused rows first on request, each reason naming the field. */
function Report({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [only, setOnly] = useState<'problems' | 'all'>(job.refused ? 'problems' : 'all');
  const rows = useMemo(() => (job.rows ?? []).filter((r) => only === 'all' || r.status === 'refused'), [job.rows, only]);
  return (
    <>
      <Segmented value={only} onChange={(v) => setOnly(v as 'problems' | 'all')} options={[{ value: 'problems', label: t('assets.importWeb.onlyProblems') }, { value: 'all', label: t('common.all') }]} style={{ marginBottom: 8 }} />
      <Table<ImportReportRow> size="small" rowKey="row" dataSource={rows} pagination={{ pageSize: 50, showSizeChanger: false, size: 'small' }} data-testid="import-report"
        scroll={phone ? undefined : { x: 700 }}
        columns={[
          { key: 'row', title: t('assets.importWeb.row'), dataIndex: 'row', width: 64 },
          { key: 'status', title: t('assets.importWeb.result'), width: 90, render: (_, r) => <Tag color={ROW_COLORS[r.status]}>{t(`assets.importWeb.rowStatus.${r.status}`)}</Tag> },
          ...(phone ? [] : [{ key: 'code', title: t('assets.field.code'), dataIndex: 'code', width: 150 }]),
          { key: 'reason', title: t('assets.importWeb.reason'), render: (_: unknown, r: ImportReportRow) => (
            <div style={{ overflowWrap: 'anywhere' }}>{phone && r.code ? <div><Typography.Text type="secondary">{r.code}</Typography.Text></div> : null}
              {r.errors.map((e, i) => <div key={i} style={{ color: '#cf1322' }}>{e.message}</div>)}</div>
          ) },
        ]} />
    </>
  );
}

/**
 * 资产导入, the first thing a school does: upload its existing sheet → confirm which column holds
 * each field (suggested from the header names) → a check that writes nothing, with a per-row
 * report → the import itself, with a progress bar (it runs as a job: others keep working) → the report.
 */
export default function ImportPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [up, setUp] = useState<ImportUpload | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [uploading, setUploading] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const start = useStartImport();
  const job = useImportJob(jobId).data;
  const running = job && ['queued', 'running'].includes(job.state);
  const step = !up ? 0 : !jobId ? 1 : job?.dryRun ? 2 : job?.state === 'done' ? 4 : 3;

  const pick = async (file: File) => {
    setError(null);
    setUploading(0);
    try {
      const u = await uploadImport(file, setUploading);
      setUp(u);
      setMapping(u.mapping);
      setJobId(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setUploading(null);
    }
    return false;
  };
  const run = async (dryRun: boolean) => {
    setError(null);
    try {
      await start.mutateAsync({ jobId: up!.jobId, mapping, dryRun });
      setJobId(up!.jobId);
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join('；') : String(e));
    }
  };
  const restart = () => { setUp(null); setJobId(null); setMapping({}); setError(null); };
  const used = new Set(Object.values(mapping));

  return (
    <div data-testid="page-asset-import">
      <PageHeader title={t('assets.importWeb.title')} extra={
        <Button icon={<DownloadOutlined />} onClick={() => download('/assets/import/template', {}, 'asset-import-template.xlsx').catch((e) => message.error((e as Error).message))}>{t('assets.importWeb.template')}</Button>
      } />
      <Steps current={step} size="small" direction={phone ? 'vertical' : 'horizontal'} style={{ marginBottom: 16 }}
        items={(['upload', 'mapping', 'check', 'run', 'report'] as const).map((k) => ({ title: t(`assets.importWeb.steps.${k}`) }))} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="import-error" />}

      {step === 0 && (
        <Card>
          <Typography.Paragraph type="secondary">{t('assets.importWeb.uploadHint')}</Typography.Paragraph>
          <div data-testid="import-upload">
            <Upload.Dragger accept=".xlsx" showUploadList={false} beforeUpload={(f) => { void pick(f); return false; }} disabled={uploading !== null}>
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p>{t('assets.importWeb.pick')}</p>
            </Upload.Dragger>
          </div>
          {uploading !== null && <Progress percent={uploading} style={{ marginTop: 12 }} />}
        </Card>
      )}

      {up && step === 1 && (
        <Card title={`${up.fileName ?? ''} · ${t('assets.importWeb.rows', { n: up.rowCount })}`}>
          <Typography.Paragraph type="secondary">{t('assets.importWeb.mappingHint')}</Typography.Paragraph>
          <div style={{ display: 'grid', gridTemplateColumns: phone ? 'minmax(90px, max-content) minmax(0, 1fr)' : 'repeat(2, minmax(110px, max-content) minmax(0, 260px))', gap: '8px 12px', alignItems: 'center' }} data-testid="import-mapping">
            {IMPORT_FIELDS.map((f: ImportField) => (
              <div key={f} style={{ display: 'contents' }}>
                <Typography.Text strong={REQUIRED_IMPORT_FIELDS.includes(f)}>{t(`assets.field.${f}`)}{REQUIRED_IMPORT_FIELDS.includes(f) ? ' *' : ''}</Typography.Text>
                <Select allowClear value={mapping[f]} placeholder={t('assets.importWeb.notMapped')} data-testid={`map-${f}`}
                  onChange={(v) => setMapping((m) => { const next = { ...m }; if (v === undefined) delete next[f]; else next[f] = v; return next; })}
                  options={up.headers.map((h, i) => ({ value: i, label: `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''} · ${h || '—'}`, disabled: used.has(i) && mapping[f] !== i }))} />
              </div>
            ))}
          </div>
          {up.sample.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>{t('assets.importWeb.sample')}</Typography.Title>
              <Table size="small" pagination={false} scroll={{ x: true }} rowKey={(_, i) => String(i)} dataSource={up.sample.map((r) => Object.fromEntries(r.map((c, i) => [i, c])))}
                columns={up.headers.map((h, i) => ({ key: i, dataIndex: i, title: h, ellipsis: true, width: 120 }))} />
            </>
          )}
          <Space wrap style={{ marginTop: 16 }}>
            <Button onClick={restart}>{t('common.back')}</Button>
            <Button type="primary" onClick={() => run(true)} loading={start.isPending} size={phone ? 'large' : 'middle'} data-testid="import-check">{t('assets.importWeb.dryRun')}</Button>
          </Space>
        </Card>
      )}

      {up && jobId && job && (
        <Card data-testid="import-job">
          {running && (
            <div data-testid="import-progress">
              <Typography.Text>{t('assets.importWeb.progress', { done: job.processed, total: job.total })}</Typography.Text>
              <Progress percent={job.total ? Math.floor((job.processed / job.total) * 100) : 0} status="active" />
            </div>
          )}
          {job.state === 'failed' && <Alert type="error" showIcon title={t('assets.importWeb.failed', { error: job.error ?? '' })} />}
          {job.state === 'checked' && (
            <>
              <Alert type="info" showIcon title={t('assets.importWeb.checkedHint')} />
              <Counts job={job} />
              <Space wrap style={{ marginBottom: 12 }}>
                <Button onClick={() => setJobId(null)}>{t('assets.importWeb.again')}</Button>
                <Button type="primary" onClick={() => run(false)} loading={start.isPending} disabled={job.created + job.updated === 0} size={phone ? 'large' : 'middle'} data-testid="import-run">{t('assets.importWeb.run')}</Button>
              </Space>
              <Report job={job} />
            </>
          )}
          {job.state === 'done' && (
            <>
              <Result status="success" title={t('assets.importWeb.doneHint')} style={{ padding: '12px 0' }}
                extra={<Space wrap><Button onClick={restart}>{t('assets.importWeb.newImport')}</Button><Button type="primary" onClick={() => navigate('/assets?tab=all')} data-testid="import-to-list">{t('assets.importWeb.toList')}</Button></Space>} />
              <Counts job={job} />
              <Report job={job} />
            </>
          )}
        </Card>
      )}
    </div>
  );
}
