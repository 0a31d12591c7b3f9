import { HttpException } from '@nestjs/common';
import type { MessageKey, MessageParams } from '@mahir/i18n';

/** One broken rule on one field; `message` is filled in the caller's language. */
export interface FieldError {
  field: string;
  rule: string;
  params?: MessageParams;
  /** The message key, when it differs from `rule.<rule>`. */
  key?: MessageKey;
}

/**
 * The only exception our code throws for a client's mistake. It carries message keys,
 * not text: the filter renders RFC 9457 problem details in the request's language.
 */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(key, status);
  }

  static validation(errors: FieldError[]): Problem {
    return new Problem(400, 'request.validation', {}, errors);
  }
  static notFound(key: MessageKey, params?: MessageParams): Problem {
    return new Problem(404, key, params);
  }
  static conflict(key: MessageKey, params?: MessageParams, field?: string): Problem {
    return new Problem(409, key, params, field ? [{ field, rule: 'unique', key, params }] : []);
  }
  static field(status: number, field: string, key: MessageKey, params: MessageParams = {}): Problem {
    return new Problem(status, key, { field, ...params }, [{ field, rule: key.split('.').slice(1).join('.') || key, key, params }]);
  }
}
