import type { Locale } from '../../../../contracts/i18n';

/** A seed checklist's name in the reader's language (zh when there is no English). */
export const nameOf = (n: { zh: string; en: string | null }, locale: Locale) => (locale === 'en-US' && n.en ? n.en : n.zh);
