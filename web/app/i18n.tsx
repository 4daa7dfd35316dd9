import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { messages, translate, type Locale } from '../../contracts/i18n';
import { setApiLocale } from '../api/client';

const STORAGE_KEY = 'houqin.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch { /* storage blocked */ }
  return 'zh-CN';
}

export type T = (key: string, params?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: T;
  /** True when the dictionary has the key (for optional labels such as enum values). */
  has: (key: string) => boolean;
}

const Ctx = createContext<I18n | null>(null);

/** Applies a locale everywhere outside React: API header, dayjs, <html lang>. (zod's words: see forms.) */
function applyLocale(l: Locale) {
  setApiLocale(l, translate(l, 'common.networkError'));
  dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = l;
  document.title = `${translate(l, 'app.title')} · ${translate(l, 'app.subtitle')}`;
}
applyLocale(initialLocale());

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(initialLocale);
  useEffect(() => applyLocale(locale), [locale]);
  const setLocale = useCallback((l: Locale) => {
    applyLocale(l);
    try { localStorage.setItem(STORAGE_KEY, l); } catch { /* storage blocked */ }
    setState(l);
  }, []);
  const value = useMemo<I18n>(() => ({
    locale,
    setLocale,
    t: (key, params) => translate(locale, key, params),
    has: (key) => key in messages[locale],
  }), [locale, setLocale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
export const useT = () => useI18n().t;
