import { useParams, useSearchParams } from 'react-router';
import { Alert, Card, Select, Skeleton, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { PublicMenu } from '../../../../contracts/canteenMeals';
import { usePublicMenu } from '../../../api/canteenMeals';
import { useI18n } from '../../../app/i18n';
import { MEAL_KEYS, yuan } from './shared';

type Row = PublicMenu['meals'][number];

/** The public menu (公示, no login): the latest frozen snapshot of a week's menu and prices; no personal data. */
export default function PublicMenuPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const week = params.get('week') ?? undefined;
  const q = usePublicMenu(code, week);
  const m = q.data;
  const days = m ? [...new Set(m.meals.map((x) => x.day))] : [];
  return (
    <div style={{ maxWidth: 1000, margin: '0 auto', padding: 16 }} data-testid="public-menu">
      {q.isLoading && <Skeleton active />}
      {!!q.error && <Alert type="info" showIcon message={t('canteen.meals.publicPage.notFound')} />}
      {m && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('canteen.meals.publicPage.title', { school: m.schoolName })}</Typography.Title>
          <Space wrap>
            <Select value={m.weekStart} style={{ width: 200 }} onChange={(w) => setParams({ week: w })}
              options={m.weeks.map((w) => ({ value: w.weekStart, label: t('canteen.meals.publicPage.week', { week: w.weekStart }) }))} />
            <Typography.Text type="secondary">{t('canteen.meals.publicPage.publishedAt', { at: dayjs(m.publishedAt).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
          </Space>
          {days.map((d) => (
            <Card key={d} size="small" title={`${d} ${t(`canteen.meals.weekday.${((dayjs(d).day() + 6) % 7) + 1}`)}`}>
              <Table<Row> size="small" pagination={false} rowKey={(r) => r.meal} scroll={{ x: 520 }}
                dataSource={m.meals.filter((x) => x.day === d).sort((a, b) => MEAL_KEYS.indexOf(a.meal) - MEAL_KEYS.indexOf(b.meal))}
                columns={[
                  { title: t('canteen.meals.ui.meal'), dataIndex: 'meal', width: 70, render: (v) => t(`canteen.meals.meal.${v}`) },
                  { title: t('fields.dishIds'), dataIndex: 'dishes', render: (ds: Row['dishes']) => ds.map((x) => x.name).join('、') },
                  { title: t('canteen.meals.ui.nutrition'), dataIndex: 'nutrition', render: (n: Row['nutrition']) => `${n.energyKcal} ${t('canteen.meals.ui.kcal')} · ${t('canteen.meals.ui.protein')} ${n.proteinG}g` },
                  { title: t('canteen.meals.ui.price'), dataIndex: 'priceFen', width: 90, render: (v) => (v == null ? '—' : `${yuan(v)} ${t('canteen.meals.ui.yuan')}`) },
                ]} />
            </Card>
          ))}
          <Typography.Text type="secondary">{t('canteen.meals.publicPage.footer')}</Typography.Text>
        </Space>
      )}
    </div>
  );
}
