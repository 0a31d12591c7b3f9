import { messagesEn } from './messages.en';
import { messagesId, type MessageKey } from './messages.id';

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

const catalogs: Record<Locale, Record<MessageKey, string>> = { id: messagesId, en: messagesEn };

export type MessageParams = Record<string, string | number>;

export function translate(key: MessageKey, locale: Locale = DEFAULT_LOCALE, params: MessageParams = {}): string {
  const template = catalogs[locale][key] ?? catalogs[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isMessageKey(key: string): key is MessageKey {
  return key in messagesId;
}

/** Picks our locale from an Accept-Language header; Indonesian unless English is preferred. */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  const hit = ranked.find((r) => (LOCALES as readonly string[]).includes(r.lang));
  return hit ? (hit.lang as Locale) : DEFAULT_LOCALE;
}
