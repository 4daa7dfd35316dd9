import { useState } from 'react';
import { ExportButton } from '../../../components/ExportButton';
import { useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Form, Input, List, Modal, Radio, Rate, Segmented, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Accompanied } from '../../../../contracts/canteenMeals';
import { useAccompaniedList, useCloseFollowUp, useCreateAccompanied, useLeaders, useMealsDay } from '../../../api/canteenMeals';
import { ApiError } from '../../../api/client';
import { useCan, useCurrentUser } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { MEALS_ACTIONS, MEAL_KEYS } from './shared';

interface FormValues {
  day: dayjs.Dayjs; meal: string; personKind: 'leader' | 'parent'; leaderId?: number; parentName?: string; dishIds?: number[];
  ratingQuality: number; ratingQuantity: number; ratingHygiene: number; ratingPrice: number; problems?: string; followUp?: string; followUpById?: number;
}

/** 陪餐 form: a leader (default: me when I am one) or a parent; dishes of the meal's menu; four ratings; problems and follow-up. */
function AccompanyForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const leaders = useLeaders();
  const create = useCreateAccompanied();
  const day = Form.useWatch('day', form) ?? dayjs(params.get('day') ?? undefined);
  const meal = Form.useWatch('meal', form);
  const kind = Form.useWatch('personKind', form);
  const menu = useMealsDay({ date: day.format('YYYY-MM-DD') });
  const dishes = menu.data?.meals.find((m) => m.meal === meal)?.dishes ?? [];
  const iAmLeader = leaders.data?.items.some((l) => l.id === me.id);
  const submit = (v: FormValues) => create.mutate({
    ...v, day: v.day.format('YYYY-MM-DD'), meal: v.meal as 'lunch', dishIds: v.dishIds ?? [], leaderId: v.personKind === 'leader' ? v.leaderId ?? null : null,
    parentName: v.personKind === 'parent' ? v.parentName ?? null : null, followUpById: v.followUpById ?? null,
  }, {
    onSuccess: () => { message.success(t('canteen.meals.ui.created')); form.resetFields(['problems', 'followUp', 'followUpById', 'parentName']); onDone(); },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path.split('.')[0] as keyof FormValues, errors: [f.message] })));
      message.error((e as Error).message);
    },
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="accompany-form"
      initialValues={{ day: dayjs(params.get('day') ?? undefined), meal: params.get('meal') ?? 'lunch', personKind: 'leader', leaderId: iAmLeader ? me.id : undefined, ratingQuality: 5, ratingQuantity: 5, ratingHygiene: 5, ratingPrice: 5 }}>
      <Space wrap>
        <Form.Item name="day" label={t('fields.day')} rules={[{ required: true }]}><DatePicker allowClear={false} /></Form.Item>
        <Form.Item name="meal" label={t('fields.meal')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={MEAL_KEYS.map((m) => ({ value: m, label: t(`canteen.meals.meal.${m}`) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="personKind" label={t('fields.personKind')}>
        <Radio.Group options={[{ value: 'leader', label: t('canteen.meals.personKind.leader') }, { value: 'parent', label: t('canteen.meals.personKind.parent') }]} />
      </Form.Item>
      {kind === 'parent' ? (
        <Form.Item name="parentName" label={t('fields.parentName')} rules={[{ required: true }]}><Input maxLength={40} data-testid="accompany-parent" /></Form.Item>
      ) : (
        <Form.Item name="leaderId" label={t('fields.leaderId')}>
          <Select allowClear data-testid="accompany-leader" placeholder={iAmLeader ? t('canteen.meals.ui.leaderIsMe', { name: me.name }) : undefined} options={(leaders.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name}${l.post ? `（${l.post}）` : ''}` }))} />
        </Form.Item>
      )}
      <Form.Item name="dishIds" label={t('fields.dishIds')} extra={dishes.length ? undefined : t('canteen.meals.ui.noMeals')}>
        <Select mode="multiple" allowClear options={dishes.map((d) => ({ value: d.dishId, label: d.name }))} />
      </Form.Item>
      <Space wrap size={16}>
        {(['ratingQuality', 'ratingQuantity', 'ratingHygiene', 'ratingPrice'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(`fields.${k}`)} rules={[{ required: true }]}><Rate /></Form.Item>
        ))}
      </Space>
      <Form.Item name="problems" label={t('fields.problems')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
      <Form.Item name="followUp" label={t('fields.followUp')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
      <Form.Item name="followUpById" label={t('fields.followUpById')}>
        <Select allowClear options={(leaders.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="accompany-save" block>{t('canteen.meals.ui.recordAccompany')}</Button>
    </Form>
  );
}

function CloseFollowUp({ a }: { a: Accompanied }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const close = useCloseFollowUp();
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>{t('canteen.meals.ui.closeFollowUp')}</Button>
      <Modal open={open} title={t('canteen.meals.ui.closeFollowUp')} onCancel={() => setOpen(false)} confirmLoading={close.isPending}
        onOk={() => close.mutate({ id: a.id, followUpResult: text, version: a.version }, { onSuccess: () => setOpen(false), onError: (e) => message.error((e as Error).message) })}>
        <Typography.Paragraph>{a.followUp}</Typography.Paragraph>
        <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('fields.followUpResult')} />
      </Modal>
    </>
  );
}

function AccompaniedList({ followUpState }: { followUpState?: string }) {
  const { t } = useI18n();
  const can = useCan();
  const query = followUpState ? { followUpState } : {};
  const list = useAccompaniedList(query);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div style={{ marginBottom: 8 }}><ExportButton path="/canteen/accompanied-meals/export.xlsx" query={query} size="middle" /></div>
      <List size="small" bordered loading={list.isLoading} dataSource={items} locale={{ emptyText: t('canteen.meals.ui.empty') }}
        renderItem={(a) => (
          <List.Item actions={a.followUpState === 'open' && can(MEALS_ACTIONS.followUpWrite) ? [<CloseFollowUp key="c" a={a} />] : []}>
            <List.Item.Meta
              title={<Space wrap>{a.day} {t(`canteen.meals.meal.${a.meal}`)} · {a.personName}{a.post ? `（${a.post}）` : ''}
                {a.personKind === 'parent' && <Tag color="blue">{t('canteen.meals.personKind.parent')}</Tag>}
                {a.followUpState !== 'none' && <Tag color={a.followUpState === 'open' ? 'orange' : 'green'}>{t(`canteen.meals.followUpState.${a.followUpState}`)}</Tag>}</Space>}
              description={<>
                <div>{t('fields.ratingQuality')} {a.ratingQuality} · {t('fields.ratingQuantity')} {a.ratingQuantity} · {t('fields.ratingHygiene')} {a.ratingHygiene} · {t('fields.ratingPrice')} {a.ratingPrice}</div>
                {a.problems && <div>{t('fields.problems')}：{a.problems}</div>}
                {a.followUp && <div>{t('fields.followUp')}：{a.followUp}{a.followUpByName ? `（${a.followUpByName}）` : ''}{a.followUpResult ? ` → ${a.followUpResult}` : ''}</div>}
              </>} />
          </List.Item>
        )} />
      {list.hasNextPage && <Button block style={{ marginTop: 8 }} onClick={() => list.fetchNextPage()}>{t('common.loadMore')}</Button>}
    </>
  );
}

/** 陪餐: record (phone-friendly form), the list, open follow-ups. */
export default function AccompaniedPage() {
  const { t } = useI18n();
  const can = useCan();
  const [tab, setTab] = useState<'list' | 'open'>('list');
  return (
    <div>
      <PageHeader title={t('canteen.meals.menu.accompanied')} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
        {can(MEALS_ACTIONS.accompanyWrite) && <Card size="small" title={t('canteen.meals.ui.recordAccompany')} style={{ flex: '1 1 340px', maxWidth: 560 }}><AccompanyForm onDone={() => setTab('list')} /></Card>}
        <div style={{ flex: '2 1 340px', minWidth: 0 }}>
          <Segmented style={{ marginBottom: 8 }} value={tab} onChange={(v) => setTab(v as 'list' | 'open')}
            options={[{ value: 'list', label: t('canteen.meals.ui.list') }, { value: 'open', label: t('canteen.meals.followUpState.open') }]} />
          <AccompaniedList followUpState={tab === 'open' ? 'open' : undefined} />
        </div>
      </div>
    </div>
  );
}
