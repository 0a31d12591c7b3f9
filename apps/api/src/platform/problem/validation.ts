import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import type { FieldError } from './problem';
import { Problem } from './problem';

/** class-validator constraint names → our rule names (and the numbers or values they carry). */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    if (names.includes('whitelistValidation')) {
      out.push({ field, rule: 'unknownField' });
    } else if (
      // The pipe drops the value of an error with children (a nested object or list): absent is not missing there.
      (error.value === undefined && !error.children?.length) || error.value === null || error.value === ''
    ) {
      if (names.length) out.push({ field, rule: 'required' });
    } else if (names.length) {
      // Report the first broken rule per field: the one a person fixes first.
      // class-validator adds nestedValidation last; isArray or isObject, when broken too, says more.
      const name = names.filter((n) => n !== 'nestedValidation').pop() ?? names[names.length - 1];
      // A decorator may name its rule through its context (@Matches(…, { context: { rule: 'strongPassword' } })).
      const named = (error.contexts?.[name] as { rule?: unknown } | undefined)?.rule;
      out.push({ field, rule: typeof named === 'string' ? named : name, params: paramsOf(constraints[name]) });
    }
    if (error.children?.length) out.push(...toFieldErrors(error.children, field));
  }
  return out;
}

/** Numbers and lists live in class-validator's English message; we only need the values. */
function paramsOf(message: string): Record<string, string> {
  const values = message.split(': ')[1];
  const number = message.match(/(-?\d+(\.\d+)?)/)?.[1] ?? '';
  return { min: number, max: number, values: values ?? '' };
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => Problem.validation(toFieldErrors(errors)),
  });
}

/** For PATCH: a field may be left out, but null cannot clear a column that must have a value. */
export const unlessAbsent = ValidateIf((_: object, value: unknown) => value !== undefined);
