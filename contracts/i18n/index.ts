import * as platform from './platform';
import * as org from './org';
import * as shell from './shell';
import * as files from './files';
import * as engines from './engines';
import * as repairs from './repairs';
import * as repairsWeb from './repairsWeb';
import * as approvals from './approvals';
import * as inspections from './inspections';
import * as assets from './assets';
import * as assetsProcess from './assetsProcess';
import * as safetyGate from './safetyGate';
import * as safetyHazards from './safetyHazards';
import * as safetyRecords from './safetyRecords';
import * as canteenStaff from './canteenStaff';
import * as canteenSupply from './canteenSupply';
import * as canteenMeals from './canteenMeals';

// Every module adds one file here; keys are flattened ("errors.org.campusCodeTaken").
const sources = [platform, org, shell, repairs, repairsWeb, files, engines, approvals, inspections, assets, assetsProcess, safetyGate, safetyHazards, safetyRecords, canteenStaff, canteenSupply, canteenMeals];

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

type Tree = { [k: string]: string | Tree };
function flatten(tree: Tree, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v; else flatten(v, key, out);
  }
  return out;
}
function merge(parts: Tree[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(flatten(p))) {
      if (k in out) throw new Error(`i18n key defined twice: ${k}`);
      out[k] = v;
    }
  }
  return out;
}

export const messages: Record<Locale, Record<string, string>> = {
  'zh-CN': merge(sources.map((s) => s.zh as Tree)),
  'en-US': merge(sources.map((s) => s.en as Tree)),
};

export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return 'zh-CN';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('en')) return 'en-US';
    if (tag.startsWith('zh')) return 'zh-CN';
  }
  return 'zh-CN';
}

export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const text = messages[locale][key] ?? messages['zh-CN'][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, p) => (p in params ? String(params[p]) : m)) : text;
}
