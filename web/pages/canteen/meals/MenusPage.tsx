import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, InputNumber, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Meal, Nutrition } from '../../../../contracts/canteenMeals';
import { useAllDishes, useCreateMenu, useMenuOfWeek, usePublishMenu, useUpdateMenu } from '../../../api/canteenMeals';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { MEALS_ACTIONS, MEAL_KEYS, mondayOf, useDayParam, yuan } from './shared';

type Cell = { dishIds: number[]; priceFen: number | null };
const key = (day: string, meal: Meal) => `${day}/${meal}`;

function NutritionLine({ n }: { n: Nutrition }) {
  const { t } = useI18n();
  return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.energyKcal} {t('canteen.meals.ui.kcal')} · {t('canteen.meals.ui.protein')} {n.proteinG} · {t('canteen.meals.ui.fat')} {n.fatG} · {t('canteen.meals.ui.carb')} {n.carbG}</Typography.Text>;
}

/** The weekly menu editor: days × meals with dishes and a price; banned dishes are refused by the server with the reason; publish freezes a public snapshot. */
export default function MenusPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [day, setDay] = useDayParam('week');
  const week = mondayOf(day);
  const menu = useMenuOfWeek(week);
  const dishes = useAllDishes();
  const create = useCreateMenu();
  const update = useUpdateMenu();
  const publish = usePublishMenu();
  const [cells, setCells] = useState<Record<string, Cell>>({});
  const m = menu.data?.menu ?? null;
  useEffect(() => {
    const next: Record<string, Cell> = {};
    for (const x of m?.meals ?? []) next[key(x.day, x.meal)] = { dishIds: x.dishes.map((d) => d.id), priceFen: x.priceFen };
    setCells(next);
  }, [m]);
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => dayjs(week).add(i, 'day').format('YYYY-MM-DD')), [week]);
  const options = (dishes.data?.items ?? []).map((d) => ({ value: d.id, label: d.banned ? `${d.name}（${t('fields.banned')}：${d.banned}）` : d.name, disabled: !!d.banned }));
  const writable = can(MEALS_ACTIONS.menusWrite);
  const meals = Object.entries(cells).filter(([, c]) => c.dishIds.length).map(([k, c]) => { const [d, meal] = k.split('/'); return { day: d, meal, dishIds: c.dishIds, priceFen: c.priceFen }; });
  const onError = (e: unknown) => message.error((e as Error).message);
  const save = () => (m
    ? update.mutate({ id: m.id, meals, version: m.version }, { onSuccess: () => message.success(t('canteen.meals.ui.created')), onError })
    : create.mutate({ weekStart: week, meals }, { onSuccess: () => message.success(t('canteen.meals.ui.created')), onError }));
  const served = (d: string, meal: Meal) => m?.meals.find((x) => x.day === d && x.meal === meal);
  return (
    <div>
      <PageHeader title={t('canteen.meals.menu.menus')} sub={m ? <Tag color={m.status === 'published' ? 'green' : 'default'}>{t(`canteen.meals.status.${m.status}`)}</Tag> : undefined}
        extra={<>
          <Button icon={<LeftOutlined />} onClick={() => setDay(dayjs(week).subtract(7, 'day').format('YYYY-MM-DD'))}>{t('canteen.meals.ui.prevWeek')}</Button>
          <span style={{ alignSelf: 'center' }}>{week}</span>
          <Button icon={<RightOutlined />} onClick={() => setDay(dayjs(week).add(7, 'day').format('YYYY-MM-DD'))}>{t('canteen.meals.ui.nextWeek')}</Button>
          {writable && <Button type="primary" onClick={save} loading={create.isPending || update.isPending} data-testid="menu-save">{t('canteen.meals.ui.save')}</Button>}
          {m && m.status === 'draft' && can(MEALS_ACTIONS.menusPublish) && <Button onClick={() => publish.mutate({ id: m.id, version: m.version }, { onError })} loading={publish.isPending}>{t('canteen.meals.ui.publish')}</Button>}
          <Button href={`/public/${encodeURIComponent(menu.data?.schoolCode ?? '')}/canteen`} target="_blank" disabled={!menu.data?.schoolCode}>{t('canteen.meals.ui.publicLink')}</Button>
        </>} />
      {!!menu.error && <Alert type="error" showIcon message={(menu.error as Error).message} />}
      {menu.isLoading ? <Skeleton active /> : (
        <>
          {!m && <Empty description={t('canteen.meals.ui.noMenu')} style={{ marginBottom: 12 }} />}
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 }}>
            {days.map((d) => (
              <Card key={d} size="small" title={`${d} ${t(`canteen.meals.weekday.${((dayjs(d).day() + 6) % 7) + 1}`)}`}
                extra={m?.days.find((x) => x.day === d) && <NutritionLine n={m.days.find((x) => x.day === d)!.nutrition} />}>
                {MEAL_KEYS.map((meal) => {
                  const c = cells[key(d, meal)] ?? { dishIds: [], priceFen: null };
                  const set = (patch: Partial<Cell>) => setCells({ ...cells, [key(d, meal)]: { ...c, ...patch } });
                  const s = served(d, meal);
                  return (
                    <div key={meal} style={{ marginBottom: 8 }}>
                      <Space style={{ marginBottom: 4 }} wrap>
                        <b>{t(`canteen.meals.meal.${meal}`)}</b>
                        {writable ? <InputNumber size="small" min={0} step={0.5} placeholder={t('canteen.meals.ui.pricePerMeal')} value={c.priceFen == null ? null : c.priceFen / 100}
                          onChange={(v) => set({ priceFen: v == null ? null : Math.round(Number(v) * 100) })} style={{ width: 120 }} addonAfter={t('canteen.meals.ui.yuan')} /> : c.priceFen != null && <span>{yuan(c.priceFen)} {t('canteen.meals.ui.yuan')}</span>}
                      </Space>
                      <Select mode="multiple" size="small" style={{ width: '100%' }} disabled={!writable} value={c.dishIds} options={options}
                        onChange={(v) => set({ dishIds: v })} optionFilterProp="label" />
                      {s && <NutritionLine n={s.nutrition} />}
                    </div>
                  );
                })}
              </Card>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
