import type { Request, Response } from 'express';
import { isMessageKey, pickLocale, translate, type Locale, type MessageKey, type MessageParams } from '@mahir/i18n';
import { currentRequestId } from '@mahir/runtime';
import type { FieldError } from './problem';

export function requestLocale(req: Request): Locale {
  const lang = typeof req.query?.['lang'] === 'string' ? req.query['lang'] : undefined;
  return pickLocale(lang ?? req.header('accept-language'));
}

function titleKey(status: number): MessageKey {
  const key = `problem.${status}`;
  return isMessageKey(key) ? key : status >= 500 ? 'problem.500' : 'problem.400';
}

/** Writes an RFC 9457 problem document: type, title, status, detail, instance, errors. */
export function sendProblem(
  req: Request,
  res: Response,
  status: number,
  key: MessageKey,
  params: MessageParams = {},
  errors: FieldError[] = [],
  extra: Record<string, unknown> = {},
): void {
  const locale = requestLocale(req);
  const body = {
    type: `https://mahir.go.id/problems/${key}`,
    title: translate(titleKey(status), locale),
    status,
    detail: translate(key, locale, params),
    instance: req.originalUrl,
    requestId: currentRequestId(),
    ...extra,
    ...(errors.length
      ? {
          errors: errors.map((e) => ({
            field: e.field,
            rule: e.rule,
            message: translate(e.key ?? ruleKey(e.rule), locale, { field: e.field, ...e.params }),
          })),
        }
      : {}),
  };
  if (typeof extra['retryAfter'] === 'number') res.setHeader('Retry-After', String(extra['retryAfter']));
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

function ruleKey(rule: string): MessageKey {
  const key = `rule.${rule}`;
  return isMessageKey(key) ? key : 'rule.invalid';
}
