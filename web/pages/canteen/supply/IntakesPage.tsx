import { Link, useNavigate } from 'react-router';
import { Button, DatePicker, Segmented, Select, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Intake } from '../../../../contracts/canteenSupply';
import { useIntakeList, useSupplierOptions } from '../../../api/canteenSupply';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { ListCard, RecordList } from '../../../components/lists/RecordList';
import { useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { fmtTime } from '../../../components/lists/format';
import { SUPPLY, yuan } from './shared';

/** 进货查验 list: newest first, filters by dates, supplier and refusals (in the URL). */
export default function IntakesPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const school = useSchoolChoice({ optional: true });
  const suppliers = useSupplierOptions();
  const [from, setFrom] = useParam('from');
  const [to, setTo] = useParam('to');
  const [supplierId, setSupplierId] = useParam('supplierId');
  const [refused, setRefused] = useParam('refused');
  const list = useIntakeList({ from: from ?? undefined, to: to ?? undefined, supplierId: supplierId ?? undefined, refused: refused ?? undefined, schoolId: school.schoolId });
  const open = (i: Intake) => navigate(`/canteen/supply/intakes/${i.id}`);
  const tags = (i: Intake) => <>
    {i.hasBulk && <Tag color="purple" style={{ marginInlineEnd: 0 }}>{t('fields.bulk')}</Tag>}
    {i.refusedCount > 0 && <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="refused-tag">{t('canteen.supply.web.refused')} {i.refusedCount}</Tag>}
  </>;
  return (
    <div data-testid="page-canteen-intakes">
      <PageHeader title={t('canteen.supply.web.intakesTitle')} sub={t('canteen.supply.web.intakesSub')} extra={<>
        {school.picker}
        {can(SUPPLY.intakesWrite) && <Link to="/canteen/supply/intakes/new"><Button type="primary" size="large" icon={<PlusOutlined />} data-testid="intake-new">{t('canteen.supply.web.newIntake')}</Button></Link>}
      </>} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <DatePicker.RangePicker size="large" inputReadOnly value={[from ? dayjs(from) : null, to ? dayjs(to) : null]} data-testid="filter-dates"
          onChange={(r) => { setFrom(r?.[0]?.format('YYYY-MM-DD') ?? null); setTo(r?.[1]?.format('YYYY-MM-DD') ?? null); }} />
        <Select allowClear showSearch optionFilterProp="label" size="large" placeholder={t('fields.supplierId')} style={{ width: 220 }} value={supplierId ? Number(supplierId) : undefined}
          onChange={(v) => setSupplierId(v ? String(v) : null)} options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} data-testid="filter-supplier" />
        <Segmented size="large" value={refused ?? 'all'} onChange={(v) => setRefused(v === 'all' ? null : String(v))} data-testid="filter-refused"
          options={[{ value: 'all', label: t('canteen.supply.web.all') }, { value: 'true', label: t('canteen.supply.web.onlyRefused') }]} />
      </div>
      <RecordList<Intake> list={list} testId="intake-list"
        columns={[
          { key: 'receivedAt', title: t('fields.receivedAt'), render: (_, i) => <a onClick={() => open(i)} data-testid="row-open">{fmtTime(i.receivedAt)}</a> },
          { key: 'supplier', title: t('fields.supplierId'), render: (_, i) => i.supplierName },
          { key: 'items', title: t('canteen.supply.web.items'), render: (_, i) => `${i.acceptedCount}/${i.itemCount}` },
          { key: 'amount', title: t('canteen.supply.web.amount'), align: 'right', render: (_, i) => yuan(i.acceptedAmountFen) },
          { key: 'inspectors', title: t('fields.inspectorIds'), render: (_, i) => i.inspectorNames.join('、') },
          { key: 'tags', title: '', render: (_, i) => <span style={{ display: 'flex', gap: 4 }}>{tags(i)}</span> },
        ]}
        card={(i) => (
          <ListCard onClick={() => open(i)} title={i.supplierName} tags={tags(i)}
            lines={[`${fmtTime(i.receivedAt)} · ${yuan(i.acceptedAmountFen)}`, `${t('fields.inspectorIds')}：${i.inspectorNames.join('、')}`]} />
        )} />
    </div>
  );
}
