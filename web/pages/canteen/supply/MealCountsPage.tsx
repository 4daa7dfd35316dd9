import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, InputNumber, Space, Table, Typography } from 'antd';
import { LeftOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { MEALS, type Meal, type MealCount } from '../../../../contracts/canteenSupply';
import { ApiError } from '../../../api/client';
import { useMealCounts, useSaveMealCount } from '../../../api/canteenSupply';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { SUPPLY } from './shared';

function MealRow({ date, meal, row, editable }: { date: string; meal: Meal; row: MealCount | undefined; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSaveMealCount();
  const [students, setStudents] = useState<number | null>(row?.students ?? null);
  const [staff, setStaff] = useState<number | null>(row?.staff ?? null);
  useEffect(() => { setStudents(row?.students ?? null); setStaff(row?.staff ?? null); }, [row?.students, row?.staff, date]);
  const dirty = students !== (row?.students ?? null) || staff !== (row?.staff ?? null);
  const submit = async () => {
    try {
      await save.mutateAsync({ date, meal, students: students ?? 0, staff: staff ?? 0, ...(row ? { version: row.version } : {}) });
      message.success(t('canteen.supply.web.save'));
    } catch (e) { message.error(e instanceof ApiError ? e.message : String(e)); }
  };
  return (
    <Card size="small" data-testid={`meal-${meal}`} style={{ marginBottom: 8 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <Typography.Text strong style={{ width: 48 }}>{t(`canteen.supply.meal.${meal}`)}</Typography.Text>
        <InputNumber size="large" min={0} max={100000} inputMode="numeric" value={students} onChange={setStudents} disabled={!editable} addonBefore={t('fields.students')} style={{ width: 170 }} data-testid="f-students" />
        <InputNumber size="large" min={0} max={100000} inputMode="numeric" value={staff} onChange={setStaff} disabled={!editable} addonBefore={t('fields.staff')} style={{ width: 170 }} data-testid="f-staff" />
        {editable && <Button size="large" type={dirty ? 'primary' : 'default'} icon={<SaveOutlined />} disabled={!dirty || students == null} loading={save.isPending} onClick={submit} data-testid="meal-save">{t('canteen.supply.web.save')}</Button>}
      </div>
    </Card>
  );
}

/** 就餐人数: the day's three meals (students, staff), and the week around it. */
export default function MealCountsPage() {
  const { t } = useI18n();
  const can = useCan();
  const school = useSchoolChoice();
  const [dateParam, setDate] = useParam('date');
  const date = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : dayjs().format('YYYY-MM-DD');
  const weekStart = dayjs(date).subtract((dayjs(date).day() + 6) % 7, 'day');
  const from = weekStart.format('YYYY-MM-DD');
  const to = weekStart.add(6, 'day').format('YYYY-MM-DD');
  const counts = useMealCounts({ from, to, schoolId: school.schoolId });
  const rows = counts.data?.items ?? [];
  const of = (d: string, m: Meal) => rows.find((r) => r.date === d && r.meal === m);
  const editable = can(SUPPLY.mealsWrite) && !school.district && date <= dayjs().format('YYYY-MM-DD');
  const days = Array.from({ length: 7 }, (_, i) => weekStart.add(i, 'day').format('YYYY-MM-DD'));
  return (
    <div data-testid="page-canteen-meal-counts" style={{ maxWidth: 760 }}>
      <PageHeader title={t('canteen.supply.web.mealCountsTitle')} sub={t('canteen.supply.web.mealCountsSub')} extra={school.picker} />
      <Space.Compact style={{ marginBottom: 12 }}>
        <Button size="large" icon={<LeftOutlined />} onClick={() => setDate(dayjs(date).subtract(1, 'day').format('YYYY-MM-DD'))} aria-label="prev" />
        <DatePicker size="large" allowClear={false} inputReadOnly value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} data-testid="f-date" />
        <Button size="large" icon={<RightOutlined />} onClick={() => setDate(dayjs(date).add(1, 'day').format('YYYY-MM-DD'))} aria-label="next" />
      </Space.Compact>
      {MEALS.map((m) => <MealRow key={`${date}-${m}`} date={date} meal={m} row={of(date, m)} editable={editable} />)}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('canteen.supply.web.week')} {from} ~ {to}</Typography.Title>
      <Table size="small" rowKey="d" pagination={false} scroll={{ x: 'max-content' }} loading={counts.isPending} data-testid="week-table"
        dataSource={days.map((d) => ({ d }))}
        onRow={(r) => ({ onClick: () => setDate(r.d), style: { cursor: 'pointer', background: r.d === date ? '#e6f4ff' : undefined } })}
        columns={[
          { key: 'd', title: t('fields.date'), render: (_, r) => `${r.d.slice(5)} ${dayjs(r.d).format('dd')}` },
          ...MEALS.map((m) => ({ key: m, title: t(`canteen.supply.meal.${m}`), render: (_: unknown, r: { d: string }) => { const c = of(r.d, m); return c ? `${c.students} / ${c.staff}` : '—'; } })),
        ]} />
    </div>
  );
}
