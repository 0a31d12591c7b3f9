import type { Request } from 'express';
import { isMessageKey, translate } from '@mahir/i18n';
import { Problem } from '../problem/problem';
import { portalLocale } from './i18n';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pagination partial's model: page n of m with ready links that keep the page's other filters. */
export function pageLinks(path: string, filters: Record<string, string | number | undefined>, page: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (n: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, String(v));
    params.set('page', String(n));
    return `${path}?${params.toString()}`;
  };
  return { page, pages, total, prev: page > 1 ? link(Math.min(page - 1, pages)) : null, next: page < pages ? link(page + 1) : null };
}

/** A GET form's query without the fields left empty (an empty select means "any"). */
export function filledQuery(query: Record<string, unknown>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = query[name];
    if (typeof v === 'string' && v.trim() !== '') out[name] = v.trim();
  }
  return out;
}

export const text = (value: unknown, max = 200_000): string => (typeof value === 'string' ? value.slice(0, max) : '');

/**
 * Every issue of a refused certificate template, each with its part and line (the form shows them
 * all, not only the first of a field), in the page's language.
 */
export function templateIssues(req: Request, error: unknown): { errors: Record<string, string>; issues: { field: string; message: string }[]; summary: string } | null {
  if (!(error instanceof Problem) || error.key !== 'certificateTemplate.invalid') return null;
  const lang = portalLocale(req);
  const issues = error.errors.map((e) => {
    const key = e.key && isMessageKey(e.key) ? e.key : 'rule.invalid';
    return { field: e.field, message: translate(key, lang, { field: e.field, ...(e.params ?? {}) }) };
  });
  const errors: Record<string, string> = {};
  for (const i of issues) errors[i.field] = errors[i.field] ? `${errors[i.field]} ${i.message}` : i.message;
  return { errors, issues, summary: translate('certificateTemplate.invalid', lang) };
}
