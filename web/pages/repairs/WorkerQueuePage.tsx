import { useSearchParams } from 'react-router';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { OrderCards, StateSegments, type StateFilter } from './OrderCards';

const FILTERS: StateFilter[] = [
  { key: 'todo', labelKey: 'repairs.queue.todo', state: 'dispatched,in_progress,reopened' },
  { key: 'completed', labelKey: 'repairs.queue.completed', state: 'completed' },
  { key: 'done', labelKey: 'repairs.queue.done', state: 'closed,cancelled' },
  { key: 'all', labelKey: 'common.all' },
];

/** 维修工单: the worker's own orders on a phone, with big buttons to accept and complete. */
export default function WorkerQueuePage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const key = FILTERS.some((f) => f.key === params.get('state')) ? params.get('state')! : 'todo';
  const f = FILTERS.find((x) => x.key === key)!;
  return (
    <div data-testid="page-repairs-queue">
      <PageHeader title={t('repairs.queue.title')} sub={t('repairs.queue.sub')} />
      <StateSegments filters={FILTERS} value={key} onChange={(k) => setParams(k === 'todo' ? {} : { state: k }, { replace: true })} />
      <OrderCards query={{ mine: 'assigned', state: f.state }} showAssignee={false} blockActions={phone} emptyKey="repairs.queue.empty" />
    </div>
  );
}
