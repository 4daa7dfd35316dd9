import type { ReactNode } from 'react';
import { Checkbox, DatePicker, Input, InputNumber, Select, Switch, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { z } from 'zod';
import zodZh from 'zod/v4/locales/zh-CN.js';
import zodEn from 'zod/v4/locales/en.js';
import type { Locale } from '../../../contracts/i18n';
import { SCHOOL_ROLES } from '../../../contracts/auth';
import { ApiError } from '../../api/client';
import type { T } from '../../app/i18n';
import { GradeSelect, LocationTreeSelect, RefSelect } from '../refs';
import type { FieldDef, FieldType } from './types';

/** Form value → API value: dates as YYYY-MM-DD, empty as null. */
export function toApiValue(type: FieldType, v: unknown): unknown {
  if (v === undefined || v === '' ) return null;
  if (type.kind === 'date') return v ? (dayjs.isDayjs(v) ? (v as Dayjs).format('YYYY-MM-DD') : String(v)) : null;
  return v;
}
/** API value → form value. */
export function toFormValue(type: FieldType, v: unknown): unknown {
  if (v === null || v === undefined) return type.kind === 'bool' ? false : type.kind === 'roles' ? [] : undefined;
  if (type.kind === 'date') return dayjs(String(v));
  return v;
}

let zodLocale: Locale | null = null;
/** zod's own messages in the UI language (set here, not at start-up: zod loads with the forms only). */
export function useZodLocale(locale: Locale) {
  if (zodLocale !== locale) {
    z.config(locale === 'zh-CN' ? zodZh() : zodEn());
    zodLocale = locale;
  }
}

type Shape = Record<string, z.ZodType>;
const shapeOf = (s?: z.ZodObject): Shape => (s ? (s.shape as Shape) : {});

/** A field the contract requires: it rejects "nothing" (and has no default). */
export function isRequired(schema: z.ZodObject | undefined, name: string): boolean {
  const f = shapeOf(schema)[name];
  return !!f && !f.safeParse(undefined).success;
}
export function acceptsNull(schema: z.ZodObject | undefined, name: string): boolean {
  const f = shapeOf(schema)[name];
  return !f || f.safeParse(null).success;
}

/** Known patterns of the contracts, said in words instead of a regular expression. */
const PATTERNS: Record<string, string> = {
  [String(/^[A-Za-z0-9_.-]+$/)]: 'form.codeChars',
  [String(/^[A-Za-z0-9_.@-]+$/)]: 'form.usernameChars',
  [String(/^[0-9+\- ]{5,20}$/)]: 'form.phoneFormat',
  [String(/^[A-Za-z0-9_-]+$/)]: 'form.studentNoChars',
  [String(/^\d{4}-\d{2}-\d{2}$/)]: 'form.dateFormat',
};

/** A zod issue in plain words where we can (length, range, pattern), zod's own words otherwise. */
export function issueMessage(issue: z.core.$ZodIssue, t: T): string {
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; pattern?: string; format?: string; expected?: string };
  if (i.code === 'too_small' && i.origin === 'string') return t('form.minChars', { n: Number(i.minimum) });
  if (i.code === 'too_big' && i.origin === 'string') return t('form.maxChars', { n: Number(i.maximum) });
  if (i.code === 'too_small' && i.origin === 'number') return t('form.minValue', { n: Number(i.minimum) });
  if (i.code === 'too_big' && i.origin === 'number') return t('form.maxValue', { n: Number(i.maximum) });
  if (i.code === 'invalid_type' && (i.expected === 'int' || i.expected === 'number')) return t('form.notNumber');
  if (i.code === 'invalid_format' && i.pattern) {
    return t(PATTERNS[i.pattern] ?? 'form.badFormat');
  }
  return issue.message;
}

/**
 * Validation as the user types, by the same zod schema the server uses: one antd rule per field.
 * Empty required fields say "必填" rather than zod's technical wording.
 */
export function zodRule(schema: z.ZodObject | undefined, field: Pick<FieldDef, 'name' | 'type'>, t: T, required: boolean) {
  return {
    validator: async (_: unknown, raw: unknown) => {
      const v = toApiValue(field.type, raw);
      const empty = v === null || (Array.isArray(v) && !v.length && required);
      if (empty) {
        if (required) throw new Error(t('form.required'));
        return;
      }
      const f = shapeOf(schema)[field.name];
      if (!f) return;
      const r = f.safeParse(v);
      if (!r.success) throw new Error(r.error.issues[0] ? issueMessage(r.error.issues[0], t) : t('form.invalid'));
    },
  };
}

/** The server's field errors onto the form's fields; the rest are returned for a banner. */
export function applyServerErrors(form: FormInstance, err: unknown, names: string[]): string[] {
  if (!(err instanceof ApiError)) return [];
  const rest: string[] = [];
  const byField = new Map<string, string[]>();
  for (const f of err.fields) {
    const name = f.path.split('.')[0];
    // "编码：…" repeats the label shown above the field: keep only the message.
    const msg = f.message.replace(/^[^：:]{1,20}(?:：|: )\s*/, ''); // not the colon of https://
    if (names.includes(name)) byField.set(name, [...(byField.get(name) ?? []), msg]);
    else rest.push(f.message);
  }
  form.setFields([...byField.entries()].map(([name, errors]) => ({ name, errors })));
  return rest;
}

/** The input for a field type. */
export function FieldInput({ field, t, disabled, excludeId, id, value, onChange }: {
  field: Pick<FieldDef, 'name' | 'type'>; t: T; disabled?: boolean; excludeId?: number; id?: string; value?: unknown; onChange?: (v: unknown) => void;
}): ReactNode {
  const type = field.type;
  const common = { id, disabled, style: { width: '100%' } };
  switch (type.kind) {
    case 'text':
      return type.multiline
        ? <Input.TextArea {...common} rows={3} value={value as string} onChange={(e) => onChange?.(e.target.value)} />
        : <Input {...common} value={value as string} onChange={(e) => onChange?.(e.target.value)} />;
    case 'password':
      return <Input.Password {...common} autoComplete="new-password" value={value as string} onChange={(e) => onChange?.(e.target.value)} />;
    case 'number':
      return <InputNumber {...common} min={type.min} max={type.max} step={type.step} suffix={type.unit} value={value as number} onChange={(v) => onChange?.(v)} />;
    case 'enum':
      return <Select {...common} allowClear placeholder={t('list.selectPlaceholder')} value={value as string}
        onChange={(v) => onChange?.(v)} options={type.values.map((v) => ({ value: v, label: t(`enums.${type.group}.${v}`) }))} />;
    case 'bool':
      return <Switch id={id} disabled={disabled} checked={!!value} onChange={(v) => onChange?.(v)} checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />;
    case 'date':
      return <DatePicker {...common} value={value as Dayjs} onChange={(v) => onChange?.(v)} />;
    case 'ref':
      return type.tree
        ? <LocationTreeSelect {...common} exclude={excludeId} value={value as number} onChange={(v) => onChange?.(v)} />
        : <RefSelect {...common} kind={type.ref} query={type.query} value={value as number} onChange={(v) => onChange?.(v)} />;
    case 'grade':
      return <GradeSelect {...common} value={value as number} onChange={(v) => onChange?.(v)} />;
    case 'roles':
      return (
        <Checkbox.Group disabled={disabled} value={value as string[]} onChange={(v) => onChange?.(v)}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 6 }}
          options={SCHOOL_ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))} />
      );
  }
}
