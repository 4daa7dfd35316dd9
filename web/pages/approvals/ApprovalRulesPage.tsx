import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, InputNumber, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { SCHOOL_ROLES, type Role } from '../../../contracts/auth';
import type { KindRules } from '../../../contracts/approvals';
import { ApiError } from '../../api/client';
import { useApprovalRules, useApprovalsSettings, useSaveApprovalsSettings, useSaveRules } from '../../api/approvals';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';

interface Row { key: number; yuan: number | null; steps: Role[] }
let seq = 0;
const rowsOf = (k: KindRules): Row[] => k.rules.map((r) => ({ key: ++seq, yuan: r.minAmountFen / 100, steps: [...r.steps] }));
const yuanText = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

function errorText(e: unknown): string[] {
  if (!(e instanceof ApiError)) return [String(e)];
  return e.fields.length ? e.fields.map((f) => f.message) : [e.message];
}

/** One kind's chains: read for leaders, edited by admin/principal/director (validated by the server, saved with its version). */
function KindCard({ k, editable }: { k: KindRules; editable: boolean }) {
  const { t, has } = useI18n();
  const { message, modal } = App.useApp();
  const phone = useIsPhone();
  const save = useSaveRules();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(k));
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => { setRows(rowsOf(k)); setErrors([]); }, [k]);
  const roleOptions = SCHOOL_ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }));
  const label = has(k.labelKey) ? t(k.labelKey) : k.kind;

  const submit = async (reset: boolean) => {
    setErrors([]);
    try {
      await save.mutateAsync({
        kind: k.kind, version: k.version,
        rules: reset ? null : rows.map((r) => ({ minAmountFen: Math.round((r.yuan ?? 0) * 100), steps: r.steps })),
      });
      message.success(t('approvals.rules.saved'));
    } catch (e) { setErrors(errorText(e)); }
  };
  const patch = (key: number, p: Partial<Row>) => setRows((xs) => xs.map((x) => (x.key === key ? { ...x, ...p } : x)));

  return (
    <Card size="small" data-testid="approval-rules-kind" data-kind={k.kind}
      title={<Space wrap><span>{label}</span><Tag color={k.custom ? 'blue' : 'default'}>{t(k.custom ? 'approvals.rules.custom' : 'approvals.rules.default')}</Tag></Space>}>
      {!editable ? (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {k.rules.map((r) => (
            <div key={r.minAmountFen} data-testid="approval-rule">
              <Typography.Text strong>{t('approvals.rules.from', { amount: yuanText(r.minAmountFen) })}</Typography.Text>
              <span style={{ marginInlineStart: 8 }}>{r.steps.map((s) => t(`enums.role.${s}`)).join(' → ')}</span>
            </div>
          ))}
        </Space>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {rows.map((r, i) => (
            <div key={r.key} data-testid="approval-rule"
              style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12, background: '#fafafa', display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-end' }}>
              <div style={{ width: phone ? '100%' : 180 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i + 1}. {t('approvals.rules.minAmount')}</Typography.Text>
                <InputNumber size="large" min={0} precision={2} value={r.yuan} onChange={(v) => patch(r.key, { yuan: v })} style={{ width: '100%' }}
                  prefix="¥" aria-label={t('approvals.rules.minAmount')} data-testid="rule-min" />
              </div>
              <div style={{ flex: '1 1 220px', minWidth: 0 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('approvals.rules.steps')}</Typography.Text>
                <Select size="large" mode="multiple" value={r.steps} onChange={(v) => patch(r.key, { steps: v })} options={roleOptions}
                  aria-label={t('approvals.rules.steps')} style={{ width: '100%' }} data-testid="rule-steps" />
              </div>
              <Button size="large" icon={<DeleteOutlined />} danger aria-label={t('approvals.rules.removeRule')} title={t('approvals.rules.removeRule')}
                onClick={() => setRows((xs) => xs.filter((x) => x.key !== r.key))} />
            </div>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('approvals.rules.stepsHint')}</Typography.Text>
          {errors.length > 0 && <Alert type="error" showIcon title={<div data-testid="rules-errors">{errors.map((m) => <div key={m}>{m}</div>)}</div>} />}
          <Space wrap>
            <Button size="large" icon={<PlusOutlined />} onClick={() => setRows((xs) => [...xs, { key: ++seq, yuan: null, steps: [] }])}>{t('approvals.rules.addRule')}</Button>
            <Button size="large" type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void submit(false)} data-testid="rules-save">{t('approvals.rules.save')}</Button>
            {k.custom && (
              <Button size="large" icon={<UndoOutlined />} onClick={() => modal.confirm({ title: t('approvals.rules.reset'), content: label, onOk: () => submit(true) })}>{t('approvals.rules.reset')}</Button>
            )}
          </Space>
        </Space>
      )}
    </Card>
  );
}

/** The collective-decision threshold (the school's `approvals` setting), in yuan. */
function ThresholdCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const settings = useApprovalsSettings();
  const save = useSaveApprovalsSettings();
  const [yuan, setYuan] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = settings.values.collectiveThresholdFen;
  useEffect(() => setYuan(current / 100), [current]);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="approval-threshold">
      <Typography.Paragraph style={{ marginBottom: can('settings.write') ? 8 : 0 }}>{t('approvals.rules.threshold', { amount: yuanText(current) })}</Typography.Paragraph>
      {can('settings.write') && (
        <Space wrap>
          <InputNumber size="large" min={0} precision={2} value={yuan} onChange={setYuan} prefix="¥" style={{ width: 200 }} aria-label={t('approvals.page.amount')} data-testid="threshold-input" />
          <Button size="large" icon={<SaveOutlined />} loading={save.isPending} onClick={async () => {
            setError(null);
            try {
              await save.mutateAsync({ values: { collectiveThresholdFen: Math.round((yuan ?? 0) * 100) }, version: settings.data?.version ?? 0 });
              message.success(t('approvals.rules.saved'));
            } catch (e) { setError(errorText(e).join('；')); }
          }}>{t('approvals.rules.save')}</Button>
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}

/** 审批流程: each kind's chains by amount (amounts in yuan), and the collective-decision threshold. */
export default function ApprovalRulesPage() {
  const { t } = useI18n();
  const can = useCan();
  const rules = useApprovalRules();
  const editable = can('approvals.rules.write');
  return (
    <div data-testid="page-approval-rules" style={{ maxWidth: 960 }}>
      <PageHeader title={t('approvals.page.rules')} sub={t('approvals.rules.intro')} />
      <ThresholdCard />
      {rules.isError ? <Alert type="error" showIcon title={(rules.error as Error).message} />
        : rules.isPending ? <Skeleton active />
          : !rules.data.items.length ? <Empty description={t('approvals.rules.noKinds')} />
            : (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                {rules.data.items.map((k) => <KindCard key={k.kind} k={k} editable={editable} />)}
              </Space>
            )}
    </div>
  );
}
