import type { Request } from 'express';
import { parse as parseCookies } from 'cookie';
import { pickLocale } from '@mahir/i18n';
import { adminText } from './admin';
import { authoringText } from './authoring';
import { commonText } from './common';
import { learnerText } from './learner';
import { orgText } from './org';
import { teamText } from './team';

export type PortalLocale = 'id' | 'en';
export const LANG_COOKIE = 'mahir_lang';

/** One area's texts: Indonesian first, English beside it, the same keys in both. */
export interface PortalCatalog {
  id: Record<string, string>;
  en: Record<string, string>;
}

const AREAS: PortalCatalog[] = [commonText, learnerText, authoringText, adminText, teamText, orgText];

/** Every portal text by language; a key defined twice is a start-up error. */
export const PORTAL_TEXT: Record<PortalLocale, Record<string, string>> = (() => {
  const merged: Record<PortalLocale, Record<string, string>> = { id: {}, en: {} };
  for (const area of AREAS) {
    for (const lang of ['id', 'en'] as const) {
      for (const [key, text] of Object.entries(area[lang])) {
        if (key in merged[lang]) throw new Error(`portal text ${key} is defined twice`);
        merged[lang][key] = text;
      }
    }
  }
  return merged;
})();

/** The portal text of a key with {name} parameters filled; an unknown key shows as itself. */
export function portalText(key: string, lang: PortalLocale, params: Record<string, unknown> = {}): string {
  const template = PORTAL_TEXT[lang][key] ?? PORTAL_TEXT.id[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined && params[name] !== null ? String(params[name]) : whole));
}

/** The language cookie (set by the switch in the header), else the browser's Accept-Language; Indonesian by default. */
export function portalLocale(req: Request): PortalLocale {
  const header = req.header('cookie');
  const chosen = header ? parseCookies(header)[LANG_COOKIE] : undefined;
  if (chosen === 'id' || chosen === 'en') return chosen;
  return pickLocale(req.header('accept-language'));
}
