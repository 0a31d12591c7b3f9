import type { Request } from 'express';
import { Problem } from '../problem/problem';
import { problemToForm, type InvalidForm } from './forms';

// Page parameters and refusals shared by the portal's list and form pages.

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
export function listPager(path: string, params: Record<string, string | undefined>, page: { page: number; pageSize: number; total: number }) {
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
