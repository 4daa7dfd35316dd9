import { useState } from 'react';
import { ExportButton } from '../../../components/ExportButton';
import { Alert, App, Button, Card, DatePicker, Empty, InputNumber, List, Popconfirm, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, ExperimentOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { BoardMeal } from '../../../../contracts/canteenMeals';
import { useCreateSample, useDisposeSample, useMealsDay, useSampleList } from '../../../api/canteenMeals';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { MEALS_ACTIONS, fmtTime, useDayParam } from './shared';

/** One dish on the day board: sampled (weight, time, who) or a weight and a one-tap button. */
function DishRow({ day, meal, d, min, canWrite }: { day: string; meal: BoardMeal['meal']; d: BoardMeal['dishes'][number]; min: number; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [weight, setWeight] = useState<number | null>(Math.max(min, 150));
  const create = useCreateSample();
  if (d.sample) {
    return (
      <List.Item data-testid={`sample-dish-${d.dishId}`} data-sampled="true">
        <Space wrap><CheckCircleFilled style={{ color: '#389e0d' }} /><span>{d.name}</span>
          <Typography.Text type="secondary">{d.sample.weightGrams} g · {fmtTime(d.sample.sampledAt)} · {d.sample.samplerName ?? ''}</Typography.Text></Space>
      </List.Item>
    );
  }
  return (
    <List.Item data-testid={`sample-dish-${d.dishId}`} data-sampled="false">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, width: '100%' }}>
        <span style={{ flex: '1 1 120px' }}><Tag color="orange">{t('canteen.meals.ui.missing')}</Tag>{d.name}</span>
        {canWrite && (
          <Space.Compact>
            <InputNumber aria-label={t('canteen.meals.ui.weight')} data-testid={`sample-weight-${d.dishId}`} min={1} max={5000} value={weight} onChange={setWeight} addonAfter="g" style={{ width: 130 }} inputMode="numeric" />
            <Button type="primary" icon={<ExperimentOutlined />} loading={create.isPending} data-testid={`sample-save-${d.dishId}`}
              onClick={() => weight && create.mutate({ day, meal, dishId: d.dishId, weightGrams: weight }, {
                onSuccess: () => message.success(t('canteen.meals.ui.created')), onError: (e) => message.error((e as Error).message),
              })}>{t('canteen.meals.ui.sampleOne')}</Button>
          </Space.Compact>
        )}
      </div>
    </List.Item>
  );
}

function DayBoard({ date }: { date: string }) {
  const { t } = useI18n();
  const can = useCan();
  const day = useMealsDay({ date });
  if (day.error) return <Alert type="error" showIcon message={(day.error as Error).message} />;
  if (!day.data) return <Skeleton active />;
  if (!day.data.meals.length) return <Empty description={t('canteen.meals.ui.noMeals')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {day.data.meals.map((m) => (
        <Card key={m.meal} size="small" data-testid={`sample-meal-${m.meal}`}
          title={<Space wrap>{t(`canteen.meals.meal.${m.meal}`)}<Typography.Text type="secondary">{m.start}–{m.end}</Typography.Text></Space>}
          extra={<Tag color={m.missing ? (m.ended ? 'red' : 'orange') : 'green'}>{m.sampled}/{m.dishes.length}</Tag>}>
          <List size="small" dataSource={m.dishes} renderItem={(d) => <DishRow day={date} meal={m.meal} d={d} min={day.data!.sampleMinGrams} canWrite={can(MEALS_ACTIONS.samplesWrite)} />} />
        </Card>
      ))}
    </Space>
  );
}

function SampleList() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const list = useSampleList({});
  const dispose = useDisposeSample();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div style={{ marginBottom: 8 }}><ExportButton path="/canteen/samples/export.xlsx" query={{}} size="middle" /></div>
      <List size="small" bordered dataSource={items} loading={list.isLoading} locale={{ emptyText: t('canteen.meals.ui.empty') }}
        renderItem={(s) => (
          <List.Item actions={!s.disposedAt && can(MEALS_ACTIONS.samplesDispose) ? [
            <Popconfirm key="d" title={t('canteen.meals.ui.disposeConfirm')} onConfirm={() => dispose.mutate(s.id, { onError: (e) => message.error((e as Error).message) })}>
              <Button size="small">{t('canteen.meals.ui.dispose')}</Button>
            </Popconfirm>] : []}>
            <List.Item.Meta title={<Space wrap>{s.day} {t(`canteen.meals.meal.${s.meal}`)} · {s.dishName} <Tag>{s.weightGrams} g</Tag>{s.disposedAt && <Tag>{t('fields.disposed')}</Tag>}</Space>}
              description={`${t('canteen.meals.ui.sampledAt')} ${fmtTime(s.sampledAt)} · ${s.samplerName ?? ''} · ${s.cabinet ?? ''} · ${s.disposedAt ? `${t('canteen.meals.ui.disposedAt')} ${fmtTime(s.disposedAt)} ${s.disposedByName ?? ''}` : `${t('canteen.meals.ui.keepUntil')} ${fmtTime(s.keepUntil)}`}`} />
          </List.Item>
        )} />
      {list.hasNextPage && <Button block style={{ marginTop: 8 }} onClick={() => list.fetchNextPage()}>{t('common.loadMore')}</Button>}
    </>
  );
}

/** 留样: the day's board on a phone (each meal's dishes, sampled or not, one tap with the weight) and the list with disposal. */
export default function SamplesPage() {
  const { t } = useI18n();
  const [date, setDate] = useDayParam();
  const [tab, setTab] = useState<'day' | 'list'>('day');
  return (
    <div>
      <PageHeader title={t('canteen.meals.menu.samples')} extra={<>
        <Segmented value={tab} onChange={(v) => setTab(v as 'day' | 'list')} options={[{ value: 'day', label: t('canteen.meals.ui.dayBoard') }, { value: 'list', label: t('canteen.meals.ui.list') }]} />
        {tab === 'day' && <DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />}
      </>} />
      {tab === 'day' ? <DayBoard date={date} /> : <SampleList />}
    </div>
  );
}
