import type { ReactNode } from 'react';
import { Space, Tag } from 'antd';
import type { AnyRecord } from '../../api/hooks';
import type { T } from '../../app/i18n';
import { RefName } from '../refs';
import type { FieldDef, FieldType } from './types';

/** Active or deactivated, in colour: the one status every record has. */
export function StatusTag({ active, t }: { active: boolean; t: T }) {
  return active ? <Tag color="success">{t('common.active')}</Tag> : <Tag color="default">{t('common.inactive')}</Tag>;
}

/** Colours for roles, so a list of people reads at a glance. */
export const ROLE_COLORS: Record<string, string> = {
  admin: 'red', principal: 'volcano', vice_principal: 'orange', director: 'gold', accountant: 'lime', storekeeper: 'green',
  repair_worker: 'cyan', guard: 'blue', dorm_manager: 'geekblue', canteen_manager: 'purple', head_teacher: 'magenta', teacher: 'default',
  inspector: 'processing',
};

export function RoleTags({ roles, t }: { roles: string[]; t: T }) {
  if (!roles.length) return <>{t('common.none')}</>;
  return <Space size={[0, 4]} wrap>{roles.map((r) => <Tag key={r} color={ROLE_COLORS[r]}>{t(`enums.role.${r}`)}</Tag>)}</Space>;
}

export const fieldLabel = (f: { name: string; label?: string }, t: T) => t(f.label ?? `fields.${f.name}`);

/** One value shown the same way in tables, cards, the detail and the history. */
export function renderTyped(type: FieldType, value: unknown, t: T): ReactNode {
  if (value === null || value === undefined || value === '') return <span style={{ color: '#bbb' }}>{t('common.none')}</span>;
  switch (type.kind) {
    case 'enum': {
      const v = String(value);
      return <Tag color={type.colors?.[v]}>{t(`enums.${type.group}.${v}`)}</Tag>;
    }
    case 'bool': return value ? <Tag color="blue">{t('common.yes')}</Tag> : <span>{t('common.no')}</span>;
    case 'ref': return <RefName kind={type.ref} id={value as number} />;
    case 'roles': return <RoleTags roles={value as string[]} t={t} />;
    case 'grade': return t('common.gradeN', { grade: value as number });
    case 'number': return type.unit ? `${value} ${type.unit}` : String(value);
    case 'password': return '••••••';
    default: return String(value);
  }
}

export function renderField<R extends AnyRecord>(f: FieldDef<R>, record: R, t: T): ReactNode {
  if (f.render) return f.render(record, t);
  return renderTyped(f.type, record[f.name], t);
}
