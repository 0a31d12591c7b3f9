import { Injectable } from '@nestjs/common';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '@mahir/course';
import { tenantOf, type Actor } from '../../platform';
import { likePattern, pageOf, type PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import { PinnedEnrollments } from '../delivery/pinned-enrollments';
import { ProfileService } from '../../competency';
import { DashboardRepository, type MyCourseRow } from './dashboard.repository';
import type { MyCoursesQueryDto } from './dto/dashboard.dto';

/** My-courses answers kept per process (keyed by the learner's version), and for how long at most. */
const CACHED_ANSWERS = 5000;
const ANSWER_SECONDS = 10;

/** How many suggestions "what to do next" offers, and how many overdue enrollments the team view lists. */
const NEXT_COUNT = 5;
const TEAM_OVERDUE_LIMIT = 100;

type MyCoursesPage = ReturnType<typeof pageOf<Awaited<ReturnType<DashboardService['withCourses']>>[number]>>;

/** The learner's dashboard and the supervisor's team view: read-only, always the caller's own people. */
@Injectable()
export class DashboardService {
  private readonly answers = new Map<string, { page: MyCoursesPage; until: number }>();

  constructor(
    private readonly dashboard: DashboardRepository,
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
    const known = await this.dashboard.learnerVersion(employeeId);
    const key = `${tenantId}:${employeeId}:${known ?? 0}:${query.status ?? ''}:${query.page}:${query.pageSize}`;
    const cached = this.answers.get(key);
    if (cached && cached.until > Date.now()) return cached.page;
    const page = await this.readMyCourses(tenantId, employeeId, query);
    if (this.answers.size >= CACHED_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, { page, until: Date.now() + ANSWER_SECONDS * 1000 });
    return page;
  }

  private async readMyCourses(tenantId: string, employeeId: string, query: MyCoursesQueryDto): Promise<MyCoursesPage> {
    const { rows, total } = await this.dashboard.myCourses({ tenantId, employeeId, status: query.status, page: query.page, pageSize: query.pageSize });
    return pageOf(await this.withCourses(rows), total, query);
  }

  /** JP this year against 20 (the agency's zone), enrollments counted by status, and what to do next. */
  async myDashboard(actor: Actor) {
    const tenantId = tenantOf(actor);
    const employeeId = this.employeeOf(actor);
    const [jp, counted, next] = await Promise.all([
      this.profile.jp(actor, employeeId),
      this.dashboard.statusCounts(tenantId, employeeId),
      this.dashboard.nextUp(tenantId, employeeId, NEXT_COUNT).then((rows) => this.withCourses(rows)),
    ]);
    const counts = Object.fromEntries(ENROLLMENT_STATUSES.map((s) => [s, 0])) as Record<EnrollmentStatus, number>;
    let overdue = 0;
    for (const row of counted) {
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
    const { items, total, overdue } = await this.dashboard.team({
      tenantId,
      supervisorId: actor.employeeId,
      search: query.q ? likePattern(query.q) : undefined,
      page: query.page,
      pageSize: query.pageSize,
      overdueLimit: TEAM_OVERDUE_LIMIT,
    });
    return { ...pageOf(items, total, query), overdue };
  }

  /** The course of each row from its pinned document: id, title, JP, and the next lesson while active. */
  private async withCourses(rows: MyCourseRow[]) {
    return Promise.all(
      rows.map(async ({ course_id, shown_version, done, total: _total, ...row }) => {
        const doc = shown_version ? await this.documents.document(course_id, Number(shown_version)) : null;
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
          nextLesson: row.status === 'active' ? nextLesson : null,
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
