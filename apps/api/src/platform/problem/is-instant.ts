import { isISO8601, registerDecorator, type ValidationOptions } from 'class-validator';

/** Date, time and an explicit zone: Z or ±hh:mm (a date alone, or a space for the T, is refused). */
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * An instant in ISO 8601 with its zone. Without a zone, "2026-10-14 09:00" would be read on
 * the server's clock (UTC), nine hours off for an agency in Ambon; the caller must say which.
 * Reports the rule as isIso8601.
 */
export function IsInstant(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIso8601',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && DATE_TIME_WITH_ZONE.test(value) && isISO8601(value, { strict: true }),
      },
    });
}
