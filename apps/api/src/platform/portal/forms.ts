import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { isMessageKey, translate, type MessageKey } from '@mahir/i18n';
import { Problem } from '../problem/problem';
import { toFieldErrors } from '../problem/validation';
import { portalLocale, portalText } from './i18n';

/** Field name → message in the page's language, for a form shown again. */
export type FormErrors = Record<string, string>;

export interface InvalidForm {
  errors: FormErrors;
  summary: string;
}

function ruleMessage(req: Request, rule: string, key: MessageKey | undefined, params: Record<string, string | number>, field: string): string {
  const lang = portalLocale(req);
  const candidate = key ?? `rule.${rule}`;
  return translate(isMessageKey(candidate) ? candidate : 'rule.invalid', lang, { field, ...params });
}

function summaryOf(req: Request, count: number): string {
  return portalText('common.formErrors', portalLocale(req), { count });
}

/**
 * Validates a posted form with the same DTO class (class-validator rules) the JSON API
 * uses. Form fields arrive as strings; the DTO's @Type/@Transform decorators convert them.
 * The `_csrf` field is dropped first.
 */
export async function validateForm<T extends object>(
  req: Request,
  dto: new () => T,
  body: Record<string, unknown>,
): Promise<{ value: T; invalid?: undefined } | { value?: undefined; invalid: InvalidForm }> {
  const { _csrf: _ignored, ...fields } = body ?? {};
  const value = plainToInstance(dto, fields, { enableImplicitConversion: false });
  const broken = await validate(value, { whitelist: true, forbidNonWhitelisted: false });
  if (!broken.length) return { value };
  const errors: FormErrors = {};
  for (const e of toFieldErrors(broken)) {
    if (!errors[e.field]) errors[e.field] = ruleMessage(req, e.rule, e.key, e.params ?? {}, e.field);
  }
  return { invalid: { errors, summary: summaryOf(req, Object.keys(errors).length) } };
}

/**
 * A service's Problem as form errors: each field error next to its field, and a problem
 * without fields as the summary. Anything else is rethrown (the error page shows it).
 */
export function problemToForm(req: Request, error: unknown): InvalidForm {
  if (!(error instanceof Problem) || error.getStatus() >= 500) throw error;
  const lang = portalLocale(req);
  const errors: FormErrors = {};
  for (const e of error.errors) {
    if (!errors[e.field]) errors[e.field] = ruleMessage(req, e.rule, e.key, e.params ?? {}, e.field);
  }
  const count = Object.keys(errors).length;
  return { errors, summary: count ? summaryOf(req, count) : translate(error.key, lang, error.params) };
}

/** A local path to return to after a form: only same-site paths, never `//host` or a scheme. */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next.length > 2000 ? fallback : next;
}
