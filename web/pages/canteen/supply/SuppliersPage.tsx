import { Link, useNavigate } from 'react-router';
import { Button, Input, Segmented, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Supplier } from '../../../../contracts/canteenSupply';
import { useSupplierList, useSupplySettings } from '../../../api/canteenSupply';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { ListCard, RecordList } from '../../../components/lists/RecordList';
import { useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { LicenceTag, SUPPLY } from './shared';

/** 供应商: licences coloured by expiry (expired red, within the alert days orange), admission at a glance. */
export default function SuppliersPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const school = useSchoolChoice({ optional: true });
  const settings = useSupplySettings();
  const [q, setQ] = useParam('q');
  const [state, setState] = useParam('licenceState');
  const list = useSupplierList({ q: q ?? undefined, licenceState: state ?? undefined, schoolId: school.schoolId });
  const open = (s: Supplier) => navigate(`/canteen/supply/suppliers/${s.id}`);
  const admission = (s: Supplier) => (s.admissible
    ? <Tag color="success" style={{ marginInlineEnd: 0 }}>{t('canteen.supply.web.admissibleYes')}</Tag>
    : <Tag color="error" style={{ marginInlineEnd: 0 }} title={s.problems.map((p) => t(`canteen.supply.problem.${p}`)).join('、')}>{s.problems.map((p) => t(`canteen.supply.problem.${p}`)).join('、')}</Tag>);
  return (
    <div data-testid="page-canteen-suppliers">
      <PageHeader title={t('canteen.supply.web.suppliersTitle')} sub={t('canteen.supply.web.suppliersSub', { days: settings.values.licenceAlertDays })} extra={<>
        {school.picker}
        {can(SUPPLY.suppliersWrite) && <Link to="/canteen/supply/suppliers/new"><Button type="primary" size="large" icon={<PlusOutlined />} data-testid="supplier-new">{t('canteen.supply.web.newSupplier')}</Button></Link>}
      </>} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Input.Search allowClear size="large" placeholder={t('canteen.supply.web.search')} defaultValue={q ?? ''} onSearch={(v) => setQ(v.trim() || null)} style={{ width: 220 }} />
        <Segmented size="large" value={state ?? 'all'} onChange={(v) => setState(v === 'all' ? null : String(v))} data-testid="filter-licence"
          options={[{ value: 'all', label: t('canteen.supply.web.all') }, { value: 'expiring', label: t('canteen.supply.licenceState.expiring') }, { value: 'expired', label: t('canteen.supply.licenceState.expired') }]} />
      </div>
      <RecordList<Supplier> list={list} testId="supplier-list"
        columns={[
          { key: 'name', title: t('fields.name'), render: (_, s) => <a onClick={() => open(s)} data-testid="row-open">{s.name}</a> },
          { key: 'contact', title: t('fields.contact'), render: (_, s) => `${s.contact} ${s.phone}` },
          { key: 'status', title: t('fields.status'), render: (_, s) => <Tag color={s.status === 'admitted' ? 'blue' : 'default'}>{t(`canteen.supply.status.${s.status}`)}</Tag> },
          { key: 'expiry', title: t('canteen.supply.web.nextExpiry'), render: (_, s) => <LicenceTag state={s.licenceState} date={s.nextExpiry} /> },
          { key: 'admission', title: t('canteen.supply.web.admissible'), render: (_, s) => admission(s) },
        ]}
        card={(s) => (
          <ListCard onClick={() => open(s)} title={s.name} tags={<LicenceTag state={s.licenceState} date={s.nextExpiry} />}
            lines={[`${s.contact} ${s.phone}`, <span key="a">{t(`canteen.supply.status.${s.status}`)} · {admission(s)}</span>]} />
        )} />
    </div>
  );
}
