import { ParseUUIDPipe } from '@nestjs/common';
import { Problem } from './problem';

/** Path ids must be UUIDs; anything else is a 400 naming the parameter, never a database error. */
export function uuidPipe(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => Problem.field(400, field, 'rule.isUuid') });
}
