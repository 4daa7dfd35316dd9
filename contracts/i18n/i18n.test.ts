import { describe, it, expect } from 'vitest';
import { messages, pickLocale, translate, LOCALES } from './index';

/* zh-CN and en-US are kept complete: a missing key fails here, not in front of a user. */

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('every key in zh-CN exists in en-US and vice versa', () => {
    const zh = Object.keys(messages['zh-CN']);
    const en = Object.keys(messages['en-US']);
    expect(zh.length).toBeGreaterThan(100);
    expect(zh.filter((k) => !(k in messages['en-US']))).toEqual([]);
    expect(en.filter((k) => !(k in messages['zh-CN']))).toEqual([]);
  });

  it('no message is empty, and both languages fill the same placeholders', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(messages[locale])) expect(text.trim(), `${locale} ${key}`).not.toBe('');
    }
    const mismatched = Object.keys(messages['zh-CN']).filter((k) => placeholders(messages['zh-CN'][k]).join() !== placeholders(messages['en-US'][k] ?? '').join());
    expect(mismatched).toEqual([]);
  });

  it('English messages are English and Chinese ones Chinese', () => {
    const han = /[\u4e00-\u9fff]/;
    // The language switch names the other language in its own script.
    const notEnglish = Object.entries(messages['en-US']).filter(([k, v]) => han.test(v) && !k.startsWith('lang.')).map(([k]) => k);
    expect(notEnglish).toEqual([]);
    const errorsWithoutHan = Object.entries(messages['zh-CN']).filter(([k, v]) => k.startsWith('errors.') && !han.test(v)).map(([k]) => k);
    expect(errorsWithoutHan).toEqual([]);
  });

  it('picks the language from Accept-Language, zh-CN by default', () => {
    expect(pickLocale(undefined)).toBe('zh-CN');
    expect(pickLocale('')).toBe('zh-CN');
    expect(pickLocale('en-US')).toBe('en-US');
    expect(pickLocale('en')).toBe('en-US');
    expect(pickLocale('fr-FR,en;q=0.8')).toBe('en-US');
    expect(pickLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale('de-DE')).toBe('zh-CN');
  });

  it('fills placeholders and falls back to zh-CN, then to the key', () => {
    expect(translate('en-US', 'errors.auth.throttled', { seconds: 42 })).toBe('Too many attempts; try again in 42 s');
    expect(translate('zh-CN', 'errors.auth.throttled', { seconds: 42 })).toBe('尝试次数过多，请 42 秒后再试');
    expect(translate('en-US', 'no.such.key')).toBe('no.such.key');
  });
});
