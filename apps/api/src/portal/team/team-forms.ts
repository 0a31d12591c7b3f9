import { IsUUID } from 'class-validator';
import { UTC_OFFSET_HOURS, type AgencyTimeZone } from '@mahir/competency';
import type { Request } from 'express';
import { Problem } from '../../problem/problem';
import { problemToForm, type InvalidForm } from '../forms';

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

/**
 * A service's refusal shown on the form; "not found" and "forbidden" stay the error pages they
 * are, so ids of other agencies or other teams cannot be probed through a form.
 */
export function refusalOnForm(req: Request, error: unknown): InvalidForm {
  if (error instanceof Problem && (error.getStatus() === 404 || error.getStatus() === 403) && !error.errors.length) throw error;
  return problemToForm(req, error);
}

/** The HTTP status a refused form is shown again with. */
export function statusOf(error: unknown): number {
  return error instanceof Problem ? error.getStatus() : 400;
}

/** `?page=` of a list as a positive whole number (1 when absent or odd). */
export function pageParam(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100000 ? n : 1;
}

/** `?q=` of a search form, trimmed and bounded like the API's PageQueryDto. */
export function searchParam(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 100) : undefined;
}

/** What the pagination partial shows for a page of a list at `path` (other query fields kept). */
export function pagerOf(path: string, params: Record<string, string | undefined>, page: { page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const link = (n: number) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
    if (n > 1) query.set('page', String(n));
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  return { page: page.page, pages, total: page.total, prev: page.page > 1 ? link(page.page - 1) : null, next: page.page < pages ? link(page.page + 1) : null };
}
