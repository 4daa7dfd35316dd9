import { useEffect, useState } from 'react';
import { Badge, Button, Input, Select } from 'antd';
import { FilterOutlined, ClearOutlined } from '@ant-design/icons';
import type { T } from '../../app/i18n';
import { useSchools } from '../../api/hooks';
import { GradeSelect, RefSelect } from '../refs';
import { fieldLabel } from './display';
import type { FilterDef } from './types';

export interface SortOption { value: string; label: string }

interface Props {
  t: T;
  filters: FilterDef[];
  values: Record<string, string>;
  onChange: (name: string, value: string | null) => void;
  onReset: () => void;
  searchPlaceholder: string;
  /** District readers may narrow a list to one school. */
  schoolFilter: boolean;
  /** On a phone the sort moves here (there are no column headers to click). */
  sortOptions?: SortOption[];
  phone: boolean;
}

function FilterInput({ f, t, value, onChange, width }: { f: FilterDef; t: T; value: string | undefined; onChange: (v: string | null) => void; width: number | string }) {
  const placeholder = fieldLabel(f, t);
  const style = { width };
  const type = f.type;
  switch (type.kind) {
    case 'enum':
      return <Select allowClear placeholder={placeholder} style={style} value={value} onChange={(v) => onChange(v ?? null)} aria-label={placeholder}
        data-testid={`filter-${f.name}`} options={type.values.map((v) => ({ value: v, label: t(`enums.${type.group}.${v}`) }))} />;
    case 'bool':
      return <Select allowClear placeholder={placeholder} style={style} value={value} onChange={(v) => onChange(v ?? null)} aria-label={placeholder}
        data-testid={`filter-${f.name}`} options={[{ value: 'true', label: `${placeholder}：${t('common.yes')}` }, { value: 'false', label: `${placeholder}：${t('common.no')}` }]} />;
    case 'ref':
      return <RefSelect kind={type.ref} query={type.query} placeholder={placeholder} style={style} value={value ? Number(value) : null} onChange={(v) => onChange(v == null ? null : String(v))} />;
    case 'grade':
      return <GradeSelect placeholder={placeholder} style={style} value={value ? Number(value) : null} onChange={(v) => onChange(v == null ? null : String(v))} />;
    default:
      return <Input allowClear placeholder={placeholder} style={style} value={value} onChange={(e) => onChange(e.target.value || null)} />;
  }
}

function SchoolFilter({ t, value, onChange, width }: { t: T; value?: string; onChange: (v: string | null) => void; width: number | string }) {
  const schools = useSchools();
  return <Select allowClear placeholder={t('list.anySchool')} style={{ width }} value={value ? Number(value) : undefined} loading={schools.isPending}
    onChange={(v) => onChange(v == null ? null : String(v))} data-testid="filter-school"
    options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />;
}

/** The few filters people use most, the rest behind "更多"; search applies as you type (debounced). */
export function FilterBar({ t, filters, values, onChange, onReset, searchPlaceholder, schoolFilter, sortOptions, phone }: Props) {
  const main = filters.filter((f) => !f.more);
  const more = filters.filter((f) => f.more);
  const moreActive = more.filter((f) => values[f.name]).length + (values.active === 'false' ? 1 : 0) + (phone && values.sort ? 1 : 0);
  const [showMore, setShowMore] = useState(moreActive > 0);
  const [q, setQ] = useState(values.q ?? '');
  useEffect(() => setQ(values.q ?? ''), [values.q]);
  useEffect(() => {
    const id = setTimeout(() => { if ((values.q ?? '') !== q) onChange('q', q.trim() || null); }, 350);
    return () => clearTimeout(id);
  }, [q]); // only the typed text restarts the wait
  const width = phone ? 'calc(50% - 4px)' : 168;
  const any = Object.keys(values).some((k) => k !== 'id' && k !== 'view' && values[k]);

  return (
    <div style={{ marginBottom: 12 }} data-testid="filter-bar">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        <Input.Search allowClear placeholder={searchPlaceholder} value={q} onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => onChange('q', v.trim() || null)} style={{ width: phone ? '100%' : 240 }} data-testid="filter-q" />
        {schoolFilter && <SchoolFilter t={t} value={values.schoolId} onChange={(v) => onChange('schoolId', v)} width={width} />}
        {main.map((f) => <FilterInput key={f.name} f={f} t={t} value={values[f.name]} onChange={(v) => onChange(f.name, v)} width={width} />)}
        <Badge count={moreActive} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setShowMore(!showMore)} data-testid="filter-more">{t(showMore ? 'common.less' : 'common.more')}</Button>
        </Badge>
        {any && <Button icon={<ClearOutlined />} onClick={onReset} type="text">{t('common.reset')}</Button>}
      </div>
      {showMore && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
          {more.map((f) => <FilterInput key={f.name} f={f} t={t} value={values[f.name]} onChange={(v) => onChange(f.name, v)} width={width} />)}
          <Select style={{ width }} value={values.active === 'false' ? 'false' : 'true'} onChange={(v) => onChange('active', v === 'false' ? 'false' : null)}
            aria-label={t('list.activeFilter')} data-testid="filter-active"
            options={[{ value: 'true', label: `${t('list.activeFilter')}：${t('common.active')}` }, { value: 'false', label: `${t('list.activeFilter')}：${t('common.inactive')}` }]} />
          {phone && sortOptions && sortOptions.length > 0 && (
            <Select allowClear style={{ width: '100%' }} placeholder={t('common.sort')} value={values.sort || undefined} onChange={(v) => onChange('sort', v ?? null)}
              options={sortOptions} data-testid="filter-sort" />
          )}
        </div>
      )}
    </div>
  );
}
