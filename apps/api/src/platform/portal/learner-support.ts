import type { Request } from 'express';
import type { MessageKey } from '@mahir/i18n';
import { Problem } from '../problem/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is no UUID names nothing: the portal answers 404, as for someone else's id. */
export function requireUuid(id: string, key: MessageKey): string {
  if (!UUID.test(id)) throw Problem.notFound(key);
  return id;
}

/** The page number of `?page=` (1 for anything odd): lists never fail over a bad page number. */
export function pageNumber(req: Request): number {
  const n = Number(req.query['page']);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** The `pagination` partial's data: links to the neighbouring pages keeping the other query parameters. */
export function pagerOf(req: Request, page: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (n: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query)) {
      if (key !== 'page' && typeof value === 'string' && value !== '') query.set(key, value);
    }
    if (n > 1) query.set('page', String(n));
    const text = query.toString();
    return text ? `${req.path}?${text}` : req.path;
  };
  return { page, pages, total, prev: page > 1 ? link(Math.min(page - 1, pages)) : null, next: page < pages ? link(page + 1) : null };
}

/** The percent of `part` in `whole`, 0–100, whole numbers (for bars). */
export function percentOf(part: number, whole: number): number {
  if (!whole) return 0;
  return Math.max(0, Math.min(100, Math.round((part / whole) * 100)));
}

/** Learner pages are about one's own learning: a login without an employee (a super admin) has none. */
export function requireEmployee(actor: { employeeId: string | null }): string {
  if (!actor.employeeId) throw new Problem(403, 'enrollment.employeesOnly');
  return actor.employeeId;
}

/** Lesson kinds by their text key. */
export const KIND_NAMES = { text: 'learner.kind.text', video: 'learner.kind.video', document: 'learner.kind.document', quiz: 'learner.kind.quiz', assignment: 'learner.kind.assignment' };
