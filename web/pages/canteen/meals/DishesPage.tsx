import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { DISH_CATEGORIES, type Dish } from '../../../../contracts/canteenMeals';
import { useCreateDish, useDishList, useUpdateDish } from '../../../api/canteenMeals';
import { ApiError } from '../../../api/client';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { MEALS_ACTIONS, yuan } from './shared';

type Values = Omit<Dish, 'id' | 'banned' | 'version' | 'updatedAt' | 'priceFen'> & { priceYuan: number };

function DishForm({ dish, onClose }: { dish: Dish | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateDish();
  const update = useUpdateDish();
  const save = (v: Values) => {
    const { priceYuan, active, ...rest } = v;
    const body = { ...rest, priceFen: Math.round((priceYuan ?? 0) * 100) };
    const done = { onSuccess: () => { message.success(t('canteen.meals.ui.created')); onClose(); },
      onError: (e: unknown) => { if (e instanceof ApiError) form.setFields(e.fields.map((f) => ({ name: f.path.split('.') as never, errors: [f.message] }))); message.error((e as Error).message); } };
    if (dish) update.mutate({ id: dish.id, ...body, active, version: dish.version }, done);
    else create.mutate(body, done);
  };
  return (
    <Modal open title={dish ? dish.name : t('common.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending || update.isPending} width={640}>
      <Form form={form} layout="vertical" onFinish={save}
        initialValues={dish ? { ...dish, priceYuan: dish.priceFen / 100 } : { category: 'vegetable', ingredients: [], energyKcal: 0, proteinG: 0, fatG: 0, carbG: 0, priceYuan: 0, active: true }}>
        <Space wrap>
          <Form.Item name="name" label={t('fields.name')} rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="category" label={t('fields.category')}><Select style={{ width: 160 }} options={DISH_CATEGORIES.map((c) => ({ value: c, label: t(`canteen.meals.category.${c}`) }))} /></Form.Item>
          <Form.Item name="priceYuan" label={`${t('fields.priceFen')}（${t('canteen.meals.ui.yuan')}）`}><InputNumber min={0} step={0.5} /></Form.Item>
          {dish && <Form.Item name="active" label={t('canteen.meals.ui.active')} valuePropName="checked"><Switch /></Form.Item>}
        </Space>
        <Form.List name="ingredients">
          {(fields, { add, remove }) => (
            <Form.Item label={t('fields.ingredients')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}><Input placeholder={t('fields.name')} maxLength={40} /></Form.Item>
                  <Form.Item name={[f.name, 'grams']} rules={[{ required: true }]}><InputNumber min={0} addonAfter="g" /></Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', grams: 0 })}>{t('fields.ingredients')}</Button>
            </Form.Item>
          )}
        </Form.List>
        <Space wrap>
          <Form.Item name="energyKcal" label={t('fields.energyKcal')}><InputNumber min={0} precision={0} /></Form.Item>
          <Form.Item name="proteinG" label={t('fields.proteinG')}><InputNumber min={0} step={0.1} /></Form.Item>
          <Form.Item name="fatG" label={t('fields.fatG')}><InputNumber min={0} step={0.1} /></Form.Item>
          <Form.Item name="carbG" label={t('fields.carbG')}><InputNumber min={0} step={0.1} /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** The dish library: ingredients, nutrition and price per serving; a dish matching the banned list is flagged. */
export default function DishesPage() {
  const { t } = useI18n();
  const can = useCan();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Dish | null | 'new'>(null);
  const list = useDishList(q ? { q } : {});
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <PageHeader title={t('canteen.meals.menu.dishes')} extra={<>
        <Input.Search allowClear placeholder={t('common.search')} onSearch={setQ} style={{ width: 200 }} />
        {can(MEALS_ACTIONS.dishesWrite) && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('common.create')}</Button>}
      </>} />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('canteen.meals.ui.bannedHint')} />
      <Table rowKey="id" size="small" loading={list.isLoading} dataSource={items} pagination={false} scroll={{ x: 720 }}
        onRow={(d) => ({ onClick: () => can(MEALS_ACTIONS.dishesWrite) && setEditing(d) })}
        columns={[
          { title: t('fields.name'), dataIndex: 'name', render: (v, d) => <Space>{v}{d.banned && <Tag color="red">{t('fields.banned')}：{d.banned}</Tag>}{!d.active && <Tag>{t('common.inactive')}</Tag>}</Space> },
          { title: t('fields.category'), dataIndex: 'category', render: (v) => t(`canteen.meals.category.${v}`) },
          { title: t('fields.ingredients'), dataIndex: 'ingredients', render: (v: Dish['ingredients']) => v.map((i) => `${i.name} ${i.grams}g`).join('、') },
          { title: t('fields.energyKcal'), dataIndex: 'energyKcal' },
          { title: t('canteen.meals.ui.protein'), dataIndex: 'proteinG' },
          { title: t('canteen.meals.ui.fat'), dataIndex: 'fatG' },
          { title: t('canteen.meals.ui.carb'), dataIndex: 'carbG' },
          { title: t('canteen.meals.ui.price'), dataIndex: 'priceFen', render: (v) => yuan(v) },
        ]} />
      {list.hasNextPage && <Button block style={{ marginTop: 8 }} onClick={() => list.fetchNextPage()}>{t('common.loadMore')}</Button>}
      {editing && <DishForm dish={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
