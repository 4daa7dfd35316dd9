import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Col, DatePicker, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Board } from '../../../../contracts/canteenMeals';
import { useBoard } from '../../../api/canteenMeals';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useDayParam, fmtTime } from './shared';

/** The canteen's day (the 食堂 group's first page): checks, samples, accompanied meals, intake and alerts; each links to its page. */
function Section({ ok, title, to, children, testId }: { ok: boolean; title: string; to: string; children: ReactNode; testId: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" data-testid={`board-${testId}`} data-ok={ok ? 'true' : 'false'}
      title={<Space>{ok ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />}{title}</Space>}
      extra={<Link to={to}>{t('canteen.board.open')}</Link>} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}

function Sections({ b }: { b: Board }) {
  const { t } = useI18n();
  const s = b.staff;
  const q = `?date=${b.date}`;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={12} xl={8}>
        <Section ok={b.status.checks} title={t('canteen.board.checks')} to={`/canteen/staff${q}`} testId="checks">
          {!s.serviceDay && <div>{t('canteen.board.noService')}</div>}
          <div>{t('canteen.board.checked', { checked: s.checked, total: s.staffTotal })}</div>
          {s.failed.length > 0 && <div style={{ color: '#cf1322' }}>{t('canteen.board.failed', { n: s.failed.length })}：{s.failed.map((f) => f.name).join('、')}</div>}
          {s.missing.length > 0 && <div style={{ color: s.overdue ? '#cf1322' : '#d46b08' }}>{t('canteen.board.missingChecks', { n: s.missing.length })}：{s.missing.map((m) => m.name).join('、')}</div>}
          <div>{s.selfCheck.dailyDone ? t('canteen.board.selfCheckDone') : t('canteen.board.selfCheckPending')}</div>
          {s.selfCheck.stop && <Tag color="red">{t('canteen.board.stop')}：{s.selfCheck.stop.items.join('、')}</Tag>}
        </Section>
      </Col>
      <Col xs={24} md={12} xl={8}>
        <Section ok={b.status.samples} title={t('canteen.board.samples')} to={`/canteen/samples${q}`} testId="samples">
          {b.meals.length === 0 && <div>{t('canteen.meals.ui.noMeals')}</div>}
          {b.meals.map((m) => (
            <div key={m.meal}>{t(`canteen.meals.meal.${m.meal}`)}：{t('canteen.meals.ui.sampled')} {m.sampled}/{m.dishes.length}
              {m.missing > 0 && <span style={{ color: m.ended ? '#cf1322' : '#d46b08' }}>（{t('canteen.meals.ui.missing')} {m.dishes.filter((d) => !d.sample).map((d) => d.name).join('、')}）</span>}
            </div>
          ))}
        </Section>
      </Col>
      <Col xs={24} md={12} xl={8}>
        <Section ok={b.status.accompanied} title={t('canteen.board.accompanied')} to={`/canteen/accompanied${q}`} testId="accompanied">
          {b.meals.map((m) => (
            <div key={m.meal}>{t(`canteen.meals.meal.${m.meal}`)}：
              {m.accompanied.length ? m.accompanied.map((a) => a.personName).join('、') : <span style={{ color: m.ended ? '#cf1322' : '#d46b08' }}>{t('canteen.meals.ui.notAccompanied')}</span>}
              {m.rota.length > 0 && !m.accompanied.length && <Typography.Text type="secondary">（{t('canteen.meals.ui.rota')}：{m.rota.map((r) => r.leaderName).join('、')}）</Typography.Text>}
            </div>
          ))}
        </Section>
      </Col>
      <Col xs={24} md={12} xl={8}>
        <Section ok={b.status.intake} title={t('canteen.board.intake')} to={`/canteen/supply${q}`} testId="intake">
          <div>{t('canteen.board.intakes', { n: b.supply.intakes, a: b.supply.accepted, r: b.supply.refused })}</div>
          {b.supply.meals && <div>{t('canteen.board.mealCounts', { students: b.supply.meals.students, staff: b.supply.meals.staff })}</div>}
        </Section>
      </Col>
      <Col xs={24} md={12} xl={8}>
        <Section ok={b.status.alerts} title={t('canteen.board.alerts')} to="/canteen/staff" testId="alerts">
          {s.certificates.expired.length > 0 && <div style={{ color: '#cf1322' }}>{t('canteen.board.expiredCerts', { n: s.certificates.expired.length })}</div>}
          {s.certificates.expiring.length > 0 && <div style={{ color: '#d46b08' }}>{t('canteen.board.expiringCerts', { n: s.certificates.expiring.length })}：{s.certificates.expiring.map((c) => `${c.name} ${c.expiresOn}`).join('、')}</div>}
          {b.supply.licences.expired.length > 0 && <div style={{ color: '#cf1322' }}>{t('canteen.board.expiredLicences', { n: b.supply.licences.expired.length })}</div>}
          {b.supply.licences.expiring.length > 0 && <div style={{ color: '#d46b08' }}>{t('canteen.board.expiringLicences', { n: b.supply.licences.expiring.length })}</div>}
          {b.status.alerts && !s.certificates.expiring.length && !b.supply.licences.expiring.length && <div>{t('canteen.meals.ui.noFlags')}</div>}
        </Section>
      </Col>
      <Col xs={24} md={12} xl={8}>
        <Section ok={b.flags.length === 0} title={t('canteen.meals.ui.flags')} to={`/canteen/samples${q}`} testId="flags">
          {b.flags.length === 0 && <div>{t('canteen.meals.ui.noFlags')}</div>}
          {b.flags.map((f, i) => (
            <div key={i} style={{ color: '#cf1322' }}>{t(`canteen.meals.meal.${f.meal}`)} · {f.dishName ?? ''} {t(`canteen.meals.flag.${f.kind}`)}（{fmtTime(f.since)}）</div>
          ))}
        </Section>
      </Col>
    </Row>
  );
}

export default function CanteenHomePage() {
  const { t } = useI18n();
  const [date, setDate] = useDayParam();
  const board = useBoard({ date });
  const b = board.data;
  return (
    <div>
      <PageHeader title={t('canteen.board.title')} sub={t('canteen.board.sub')}
        extra={<DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} data-testid="board-date" />} />
      {!!board.error && <Alert type="error" showIcon message={(board.error as Error).message} />}
      {!b ? <Skeleton active /> : (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Alert data-testid="board-green" data-green={b.green ? 'true' : 'false'} type={b.green ? 'success' : 'warning'} showIcon message={b.green ? t('canteen.board.green') : t('canteen.board.red')} />
          <Sections b={b} />
        </Space>
      )}
    </div>
  );
}
