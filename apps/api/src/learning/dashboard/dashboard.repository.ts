import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EnrollmentOrigin, EnrollmentStatus } from '@mahir/course';
import { Enrollment, LearnerVersion, sqlRow, sqlRows } from '@mahir/persistence';
import { teamCte } from '../../organisation';

/**
 * A learner's enrollments, with what the page needs from the pinned course document: the title, the
 * JP and, while active, the first lesson not completed yet (the one the dashboard opens). The SQL
 * reads only the enrollment rows and their completed lesson ids; the documents come from the
 * process's cache of published versions (they never change), so no JSON is expanded per request.
 */
const MY_COURSE_SQL = `
  SELECT en.id, en.status, en.origin, en.mandatory, en.due_at AS "dueAt",
         (en.status = 'active' AND en.due_at IS NOT NULL AND en.due_at < now()) AS overdue,
         en.progress_percent AS "progressPercent", en.course_version AS "courseVersion",
         en.activated_at AS "activatedAt", en.completed_at AS "completedAt", en.last_activity_at AS "lastActivityAt",
         en.course_id, coalesce(en.course_version, nullif(co.published_version, 0)) AS shown_version,
         CASE WHEN en.status = 'active' THEN
           (SELECT coalesce(array_agg(p.lesson_id), '{}') FROM lesson_progress p WHERE p.enrollment_id = en.id AND p.completed_at IS NOT NULL)
         END AS done,
         count(*) OVER () AS total
  FROM enrollment en
  JOIN course co ON co.id = en.course_id`;

/** Overdue first (longest overdue on top), then due soonest, then what is already under way. */
const NEXT_ORDER = `(en.due_at IS NOT NULL AND en.due_at < now()) DESC, en.due_at ASC NULLS LAST, (en.progress_percent > 0) DESC,
                    en.last_activity_at DESC NULLS LAST, en.activated_at DESC`;

/** A row of "my courses": the enrollment, the version shown, the lessons completed while active, and the total. */
export interface MyCourseRow {
  id: string;
  status: EnrollmentStatus;
  origin: EnrollmentOrigin;
  mandatory: boolean;
  dueAt: Date | null;
  overdue: boolean;
  progressPercent: number;
  courseVersion: number | null;
  activatedAt: Date | null;
  completedAt: Date | null;
  lastActivityAt: Date | null;
  course_id: string;
  shown_version: number | null;
  done: string[] | null;
  /** count(*) OVER (): a bigint, as text. */
  total: string;
}

export interface StatusCount {
  status: EnrollmentStatus;
  n: number;
  overdue: number;
}

/** A team member with their enrollments counted. */
export interface TeamMemberRow {
  id: string;
  nip: string;
  fullName: string;
  active: number;
  requested: number;
  completed: number;
  overdue: number;
  averageProgress: number;
}

/** An overdue enrollment of the team. */
export interface TeamOverdueRow {
  id: string;
  dueAt: Date;
  progressPercent: number;
  mandatory: boolean;
  employee: { id: string; nip: string; fullName: string };
  course: { id: string; title: string | null };
}

export interface MyCoursesQuery {
  tenantId: string;
  employeeId: string;
  status?: EnrollmentStatus;
  page: number;
  pageSize: number;
}

export interface TeamQuery {
  tenantId: string;
  supervisorId: string;
  /** A LIKE pattern (already escaped) for the member's lower-cased name or NIP. */
  search?: string;
  page: number;
  pageSize: number;
  overdueLimit: number;
}

/** The learner's dashboard and the supervisor's team view: read-only statements. */
@Injectable()
export class DashboardRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** The learner's version, which every write to their enrollments or progress bumps (triggers of migration LearnerVersion). */
  async learnerVersion(employeeId: string): Promise<string | null> {
    const row = await this.db.getRepository(LearnerVersion).findOne({ where: { employeeId } });
    return row?.version ?? null;
  }

  /**
   * Raw SQL: my-courses budget (≥ 3,000 req/s at p95 < 50 ms); one statement gives the page and, in
   * every row, the count of all. The count of a page past the end is read once more.
   */
  async myCourses(query: MyCoursesQuery): Promise<{ rows: MyCourseRow[]; total: number }> {
    const params: unknown[] = [query.tenantId, query.employeeId];
    const filter = `en.tenant_id = $1 AND en.employee_id = $2${query.status ? ` AND en.status = $${params.push(query.status)}` : ''}`;
    const rows = await sqlRows<MyCourseRow>(
      this.db,
      `${MY_COURSE_SQL} WHERE ${filter}
       ORDER BY CASE en.status WHEN 'active' THEN 0 WHEN 'requested' THEN 1 ELSE 2 END, ${NEXT_ORDER}, en.updated_at DESC, en.id
       LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    const total = rows.length
      ? Number(rows[0].total)
      : query.page > 1
        ? ((await sqlRow<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM enrollment en WHERE ${filter}`, params))?.total ?? 0)
        : 0;
    return { rows, total };
  }

  /** Raw SQL: my-courses budget (≥ 3,000 req/s at p95 < 50 ms); the learner's active enrollments in "what to do next" order. */
  nextUp(tenantId: string, employeeId: string, limit: number): Promise<MyCourseRow[]> {
    return sqlRows<MyCourseRow>(
      this.db,
      `${MY_COURSE_SQL} WHERE en.tenant_id = $1 AND en.employee_id = $2 AND en.status = 'active' ORDER BY ${NEXT_ORDER}, en.id LIMIT ${limit}`,
      [tenantId, employeeId],
    );
  }

  /** The learner's enrollments counted by status, with the overdue active ones. */
  statusCounts(tenantId: string, employeeId: string): Promise<StatusCount[]> {
    return this.db
      .createQueryBuilder(Enrollment, 'en')
      .select('en.status', 'status')
      .addSelect('count(*)::int', 'n')
      .addSelect(`count(*) FILTER (WHERE en.status = 'active' AND en.due_at < now())::int`, 'overdue')
      .where('en.tenant_id = :tenantId', { tenantId })
      .andWhere('en.employee_id = :employeeId', { employeeId })
      .groupBy('en.status')
      .getRawMany<StatusCount>();
  }

  /**
   * Raw SQL: the team view is a reporting read over the recursive supervisor-chain CTE (organisation's
   * teamCte): members counted and paged, and the overdue list, in three statements run together.
   */
  async team(query: TeamQuery): Promise<{ items: TeamMemberRow[]; total: number; overdue: TeamOverdueRow[] }> {
    const params: unknown[] = [query.tenantId, query.supervisorId];
    const search = query.search ? ` AND (lower(e.full_name) LIKE $${params.push(query.search)} OR e.nip LIKE $${params.length})` : '';
    const members = `FROM employee e WHERE e.tenant_id = $1 AND e.id IN (SELECT id FROM team) AND e.id <> $2${search}`;
    const [counted, items, overdue] = await Promise.all([
      sqlRow<{ total: number }>(this.db, `${teamCte('$2')} SELECT count(*)::int AS total ${members}`, params),
      sqlRows<TeamMemberRow>(
        this.db,
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
      sqlRows<TeamOverdueRow>(
        this.db,
        `${teamCte('$2')}
         SELECT en.id, en.due_at AS "dueAt", en.progress_percent AS "progressPercent", en.mandatory,
                json_build_object('id', e.id, 'nip', e.nip, 'fullName', e.full_name) AS employee,
                json_build_object('id', co.id, 'title', v.title) AS course
         FROM enrollment en JOIN employee e ON e.id = en.employee_id JOIN course co ON co.id = en.course_id
         LEFT JOIN course_version v ON v.course_id = en.course_id AND v.version = en.course_version
         WHERE en.tenant_id = $1 AND en.employee_id IN (SELECT id FROM team) AND en.employee_id <> $2
           AND en.status = 'active' AND en.due_at < now()
         ORDER BY en.due_at, en.id LIMIT ${query.overdueLimit}`,
        [query.tenantId, query.supervisorId],
      ),
    ]);
    return { items, total: counted?.total ?? 0, overdue };
  }
}
