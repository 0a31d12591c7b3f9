import { translate, type Locale, type MessageKey, type MessageParams } from '@mahir/i18n';

/** One broken rule in one cell of an imported file, told in the caller's language. */
export interface RowError {
  line: number;
  field: string;
  rule: string;
  value: string;
  message: string;
}

/** Collects row errors; the rule is the message key without its feature prefix. */
export function rowErrors(locale: Locale) {
  const errors: RowError[] = [];
  const fail = (line: number, field: string, key: MessageKey, value: string, params: MessageParams = {}) => {
    errors.push({ line, field, rule: key.slice(key.indexOf('.') + 1), value, message: translate(key, locale, { field, value, ...params }) });
  };
  return { errors, fail };
}
