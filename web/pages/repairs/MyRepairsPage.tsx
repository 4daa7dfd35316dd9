import { Link, useSearchParams } from 'react-router';
import { Button } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { OrderCards, StateSegments, type StateFilter } from './OrderCards';

const FILTERS: StateFilter[] = [
  { key: 'all', labelKey: 'common.all' },
  { key: 'open', labelKey: 'repairs.mine.open', state: 'reported,dispatched,in_progress,reopened' },
  { key: 'toConfirm', labelKey: 'repairs.mine.toConfirm', state: 'completed' },
  { key: 'done', labelKey: 'repairs.mine.done', state: 'closed,cancelled' },
];

/** 我的报修: what I reported, where each stands, and confirming or reopening finished work. */
export default function MyRepairsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const key = FILTERS.some((f) => f.key === params.get('state')) ? params.get('state')! : 'all';
  const f = FILTERS.find((x) => x.key === key)!;
  return (
    <div data-testid="page-repairs-mine">
      <PageHeader title={t('repairs.mine.title')} extra={(
        <Link to="/repairs/new"><Button type="primary" icon={<PlusOutlined />} data-testid="repair-report-new">{t('repairs.menu.report')}</Button></Link>
      )} />
      <StateSegments filters={FILTERS} value={key} onChange={(k) => setParams(k === 'all' ? {} : { state: k }, { replace: true })} />
      <OrderCards query={{ mine: 'reported', state: f.state }} showReporter={false} emptyKey="repairs.mine.empty" />
    </div>
  );
}
