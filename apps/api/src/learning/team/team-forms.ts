import { IsUUID } from 'class-validator';
import { UTC_OFFSET_HOURS, type AgencyTimeZone } from '@mahir/competency';

/** The fields of the team forms that are not part of an API DTO: whom or what the form is about. */
export class ChosenCourseForm {
  @IsUUID()
  courseId!: string;
}

export class ChosenEmployeeForm {
  @IsUUID()
  employeeId!: string;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date field of a form (YYYY-MM-DD, as `<input type="date">` sends it) as the instant the API
 * expects, at the given local time in the agency's zone. Anything else passes unchanged, so the
 * DTO's own rule reports it next to the field.
 */
export function instantOfDate(value: unknown, zone: AgencyTimeZone, time: '00:00:00' | '23:59:00'): unknown {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return value === '' ? undefined : value;
  const offset = UTC_OFFSET_HOURS[zone];
  return `${value}T${time}+${String(offset).padStart(2, '0')}:00`;
}
