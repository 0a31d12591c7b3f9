import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantOf, type Actor } from '../../platform';
import { teamCte } from '../../organisation';
import { ENROLLMENT_STATUSES } from '../enrollments/dto/enrollment.dto';
import { likePattern, pageOf, type PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import { PinnedEnrollments } from '../delivery/pinned-enrollments';
import { ProfileService } from '../../competency';
import type { MyCoursesQueryDto } from './dto/dashboard.dto';

/** My-courses answers kept per process (keyed by the learner's version), and for how long at most. */
const CACHED_ANSWERS = 5000;
const ANSWER_SECONDS = 10;

/** How many suggestions "what to do next" offers, and how many overdue enrollments the team view lists. */
const NEXT_COUNT = 5;
const TEAM_OVERDUE_LIMIT = 100;

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

type MyCoursesPage = ReturnType<typeof pageOf<Awaited<ReturnType<DashboardService['withCourses']>>[number]>>;

interface MyCourseRow {
  course_id: string;
  shown_version: number | null;
  done: string[] | null;
  total: string;
  [column: string]: unknown;
}

/** Overdue first (longest overdue on top), then due soonest, then what is already under way. */
const NEXT_ORDER = `(en.due_at IS NOT NULL AND en.due_at < now()) DESC, en.due_at ASC NULLS LAST, (en.progress_percent > 0) DESC,
                    en.last_activity_at DESC NULLS LAST, en.activated_at DESC`;

/** The learner's dashboard and the supervisor's team view: read-only, always the caller's own people. */
@Injectable()
export class DashboardService {
  private readonly answers = new Map<string, { page: MyCoursesPage; until: number }>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly profile: ProfileService,
    private readonly documents: PinnedEnrollments,
  ) {}

  /** My enrollments: the live ones first (in "what to do next" order), then the finished ones, newest first. */
  async myCourses(actor: Actor, query: MyCoursesQueryDto) {
    const tenantId = tenantOf(actor);
    const employeeId = this.employeeOf(actor);
    // The learner's version changes with every write to their enrollments or progress (database
    // triggers, migration LearnerVersion): an answer cached under the current version is still true.
    // The short lifetime bounds what time alone changes (an enrollment becoming overdue).
    const [known] = await this.db.query(`SELECT version FROM learner_version WHERE employee_id = $1`, [employeeId]);
    const key = `${tenantId}:${employeeId}:${known?.version ?? 0}:${query.status ?? ''}:${query.page}:${query.pageSize}`;
    const cached = this.answers.get(key);
    if (cached && cached.until > Date.now()) return cached.page;
    const page = await this.readMyCourses(tenantId, employeeId, query);
    if (this.answers.size >= CACHED_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, { page, until: Date.now() + ANSWER_SECONDS * 1000 });
    return page;
  }

  private async readMyCourses(tenantId: string, employeeId: string, query: MyCoursesQueryDto): Promise<MyCoursesPage> {
    const params: unknown[] = [tenantId, employeeId];
    const filter = `en.tenant_id = $1 AND en.employee_id = $2${query.status ? ` AND en.status = $${params.push(query.status)}` : ''}`;
    // One query: the page and, in every row, the count of all (a page past the end has no row to carry it).
    const rows: MyCourseRow[] = await this.db.query(
      `${MY_COURSE_SQL} WHERE ${filter}
       ORDER BY CASE en.status WHEN 'active' THEN 0 WHEN 'requested' THEN 1 ELSE 2 END, ${NEXT_ORDER}, en.updated_at DESC, en.id
       LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    const total = rows.length
      ? Number(rows[0].total)
      : query.page > 1
        ? ((await this.db.query(`SELECT count(*)::int AS total FROM enrollment en WHERE ${filter}`, params))[0].total as number)
        : 0;
    return pageOf(await this.withCourses(rows), total, query);
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
      this.db
        .query(`${MY_COURSE_SQL} WHERE en.tenant_id = $1 AND en.employee_id = $2 AND en.status = 'active' ORDER BY ${NEXT_ORDER}, en.id LIMIT ${NEXT_COUNT}`, [
          tenantId,
          employeeId,
        ])
        .then((rows: MyCourseRow[]) => this.withCourses(rows)),
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

  /** The course of each row from its pinned document: id, title, JP, and the next lesson while active. */
  private async withCourses(rows: MyCourseRow[]) {
    return Promise.all(
      rows.map(async ({ course_id, shown_version, done, total: _total, ...row }) => {
        const doc = shown_version ? await this.documents.document(this.db, course_id, Number(shown_version)) : null;
        const completed = new Set(done ?? []);
        let nextLesson: { moduleId: string; lessonId: string; title: string; kind: string } | null = null;
        if (doc && done) {
          outer: for (const m of doc.modules) {
            for (const l of m.lessons) {
              if (!completed.has(l.id)) {
                nextLesson = { moduleId: m.id, lessonId: l.id, title: l.title, kind: l.kind };
                break outer;
              }
            }
          }
        }
        return {
          ...row,
          course: { id: course_id, title: doc?.title ?? null, jpMinutes: doc?.jpMinutes ?? null },
          nextLesson: row['status'] === 'active' ? nextLesson : null,
        };
      }),
    );
  }

  /** These views are of one's own learning: a login without an employee (a super admin) has none. */
  private employeeOf(actor: Actor): string {
    if (!actor.employeeId) throw new Problem(403, 'enrollment.employeesOnly');
    return actor.employeeId;
  }
}
