import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantOf, type Actor } from '../auth/actor';
import { teamCte } from '../employees/employee-visibility';
import { ENROLLMENT_STATUSES } from '../enrollments/dto/enrollment.dto';
import { likePattern, pageOf, type PageQueryDto } from '../pagination/page-query.dto';
import { Problem } from '../problem/problem';
import { ProfileService } from '../profile/profile.service';
import type { MyCoursesQueryDto } from './dto/dashboard.dto';

/** How many suggestions "what to do next" offers, and how many overdue enrollments the team view lists. */
const NEXT_COUNT = 5;
const TEAM_OVERDUE_LIMIT = 100;

/**
 * A learner's enrollment with the course and, while active, the first lesson of the pinned
 * version not completed yet: the one the dashboard opens.
 */
const MY_COURSE_SQL = `
  SELECT en.id, en.status, en.origin, en.mandatory, en.due_at AS "dueAt",
         (en.status = 'active' AND en.due_at IS NOT NULL AND en.due_at < now()) AS overdue,
         en.progress_percent AS "progressPercent", en.course_version AS "courseVersion",
         en.activated_at AS "activatedAt", en.completed_at AS "completedAt", en.last_activity_at AS "lastActivityAt",
         json_build_object('id', co.id, 'title', v.title, 'jpMinutes', (v.document->>'jpMinutes')::int) AS course,
         CASE WHEN en.status = 'active' THEN (
           SELECT json_build_object('moduleId', m.module->>'id', 'lessonId', l.lesson->>'id', 'title', l.lesson->>'title', 'kind', l.lesson->>'kind')
           FROM jsonb_array_elements(v.document->'modules') WITH ORDINALITY AS m(module, mi)
           CROSS JOIN LATERAL jsonb_array_elements(m.module->'lessons') WITH ORDINALITY AS l(lesson, li)
           WHERE NOT EXISTS (SELECT 1 FROM lesson_progress p WHERE p.enrollment_id = en.id AND p.lesson_id = l.lesson->>'id' AND p.completed_at IS NOT NULL)
           ORDER BY m.mi, l.li LIMIT 1) END AS "nextLesson"
  FROM enrollment en
  JOIN course co ON co.id = en.course_id
  LEFT JOIN course_version v ON v.course_id = en.course_id AND v.version = coalesce(en.course_version, nullif(co.published_version, 0))`;

/** Overdue first (longest overdue on top), then due soonest, then what is already under way. */
const NEXT_ORDER = `(en.due_at IS NOT NULL AND en.due_at < now()) DESC, en.due_at ASC NULLS LAST, (en.progress_percent > 0) DESC,
                    en.last_activity_at DESC NULLS LAST, en.activated_at DESC`;

/** The learner's dashboard and the supervisor's team view: read-only, always the caller's own people. */
@Injectable()
export class DashboardService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly profile: ProfileService,
  ) {}

  /** My enrollments: the live ones first (in "what to do next" order), then the finished ones, newest first. */
  async myCourses(actor: Actor, query: MyCoursesQueryDto) {
    const tenantId = tenantOf(actor);
    const employeeId = this.employeeOf(actor);
    const params: unknown[] = [tenantId, employeeId];
    const filter = `en.tenant_id = $1 AND en.employee_id = $2${query.status ? ` AND en.status = $${params.push(query.status)}` : ''}`;
    const [[{ total }], items] = await Promise.all([
      this.db.query(`SELECT count(*)::int AS total FROM enrollment en WHERE ${filter}`, params),
      this.db.query(
        `${MY_COURSE_SQL} WHERE ${filter}
         ORDER BY CASE en.status WHEN 'active' THEN 0 WHEN 'requested' THEN 1 ELSE 2 END, ${NEXT_ORDER}, en.updated_at DESC, en.id
         LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
    ]);
    return pageOf(items, total, query);
  }

  /** JP this year against 20 (the agency's zone), enrollments counted by status, and what to do next. */
  async myDashboard(actor: Actor) {
    const tenantId = tenantOf(actor);
    const employeeId = this.employeeOf(actor);
    const [jp, counted, next] = await Promise.all([
      this.profile.jp(actor, employeeId),
      this.db.query(
        `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE status = 'active' AND due_at < now())::int AS overdue
         FROM enrollment WHERE tenant_id = $1 AND employee_id = $2 GROUP BY status`,
        [tenantId, employeeId],
      ),
      this.db.query(`${MY_COURSE_SQL} WHERE en.tenant_id = $1 AND en.employee_id = $2 AND en.status = 'active' ORDER BY ${NEXT_ORDER}, en.id LIMIT ${NEXT_COUNT}`, [
        tenantId,
        employeeId,
      ]),
    ]);
    const counts = Object.fromEntries(ENROLLMENT_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    let overdue = 0;
    for (const row of counted as { status: string; n: number; overdue: number }[]) {
      counts[row.status] = row.n;
      overdue += row.overdue;
    }
    const { credits: _credits, employeeId: _employee, ...year } = jp;
    return { jp: year, counts: { ...counts, overdue }, next };
  }

  /**
   * The supervisor's team (everyone whose supervisor chain leads to them, not themselves): each
   * member's enrollments counted with the average progress of the active ones, and the overdue list.
   */
  async teamProgress(actor: Actor, query: PageQueryDto) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) return { ...pageOf([], 0, query), overdue: [] };
    const params: unknown[] = [tenantId, actor.employeeId];
    const search = query.q ? ` AND (lower(e.full_name) LIKE $${params.push(likePattern(query.q))} OR e.nip LIKE $${params.length})` : '';
    const members = `FROM employee e WHERE e.tenant_id = $1 AND e.id IN (SELECT id FROM team) AND e.id <> $2${search}`;
    const [[{ total }], items, overdue] = await Promise.all([
      this.db.query(`${teamCte('$2')} SELECT count(*)::int AS total ${members}`, params),
      this.db.query(
        `${teamCte('$2')}
         SELECT e.id, e.nip, e.full_name AS "fullName",
                count(en.id) FILTER (WHERE en.status = 'active')::int AS active,
                count(en.id) FILTER (WHERE en.status = 'requested')::int AS requested,
                count(en.id) FILTER (WHERE en.status = 'completed')::int AS completed,
                count(en.id) FILTER (WHERE en.status = 'active' AND en.due_at < now())::int AS overdue,
                coalesce(round(avg(en.progress_percent) FILTER (WHERE en.status = 'active'))::int, 0) AS "averageProgress"
         ${members.replace('FROM employee e', 'FROM employee e LEFT JOIN enrollment en ON en.tenant_id = e.tenant_id AND en.employee_id = e.id')}
         GROUP BY e.id ORDER BY overdue DESC, e.full_name, e.nip
         LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
      this.db.query(
        `${teamCte('$2')}
         SELECT en.id, en.due_at AS "dueAt", en.progress_percent AS "progressPercent", en.mandatory,
                json_build_object('id', e.id, 'nip', e.nip, 'fullName', e.full_name) AS employee,
                json_build_object('id', co.id, 'title', v.title) AS course
         FROM enrollment en JOIN employee e ON e.id = en.employee_id JOIN course co ON co.id = en.course_id
         LEFT JOIN course_version v ON v.course_id = en.course_id AND v.version = en.course_version
         WHERE en.tenant_id = $1 AND en.employee_id IN (SELECT id FROM team) AND en.employee_id <> $2
           AND en.status = 'active' AND en.due_at < now()
         ORDER BY en.due_at, en.id LIMIT ${TEAM_OVERDUE_LIMIT}`,
        [tenantId, actor.employeeId],
      ),
    ]);
    return { ...pageOf(items, total, query), overdue };
  }

  /** These views are of one's own learning: a login without an employee (a super admin) has none. */
  private employeeOf(actor: Actor): string {
    if (!actor.employeeId) throw new Problem(403, 'enrollment.employeesOnly');
    return actor.employeeId;
  }
}
