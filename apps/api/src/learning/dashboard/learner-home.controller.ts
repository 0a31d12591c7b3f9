import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { COMPETENCY_TYPES } from '@mahir/competency';
import { COURSE_LANGUAGES } from '@mahir/course';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { CatalogRequestReader } from '../catalog/catalog-request';
import { CatalogService } from '../catalog/catalog.service';
import { CATALOG_SORTS } from '../catalog/dto/catalog.dto';
import { RecommendationsService } from '../catalog/recommendations.service';
import { DashboardService } from './dashboard.service';
import { MyCoursesQueryDto } from './dto/dashboard.dto';
import { EnrollmentQueryDto } from '../enrollments/dto/enrollment.dto';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { Problem } from '../../platform';
import { problemToForm, type InvalidForm } from '../../platform';
import { portalLocale } from '../../platform';
import { ViewService } from '../../platform';
import { KIND_NAMES, pageNumber, pagerOf, percentOf, requireEmployee, requireUuid } from '../../platform';
import { PortalPages } from '../../platform';

const MY_COURSES_PAGE = 10;
const CATALOG_FIELDS = ['q', 'type', 'level', 'minJp', 'maxJp', 'language', 'sort'] as const;

interface MyCourse {
  id: string;
  status: string;
  dueAt: string | null;
  overdue: boolean;
  progressPercent: number;
  mandatory: boolean;
  course: { id: string; title: string | null; jpMinutes: number | null };
  nextLesson: { lessonId: string; title: string } | null;
}

/** The learner's home (dashboard), the catalog with its search, and a course's page with the enroll button. */
@PortalPages()
@Controller()
export class LearnerHomeController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly dashboard: DashboardService,
    private readonly catalog: CatalogService,
    private readonly catalogRequests: CatalogRequestReader,
    private readonly recommendations: RecommendationsService,
    private readonly enrollments: EnrollmentsService,
  ) {}

  @Get()
  @Portal()
  async home(@Req() req: PortalRequest) {
    // Everyone lands here after signing in; a login without an employee sees its menu only.
    if (!req.actor.employeeId) return this.views.page(req, 'learner/dashboard', { title: 'learner.dashboard.title' }, { noEmployee: true });
    const page = pageNumber(req);
    const query = Object.assign(new MyCoursesQueryDto(), { page, pageSize: MY_COURSES_PAGE });
    const [overview, courses, recommended] = await Promise.all([
      this.dashboard.myDashboard(req.actor),
      this.dashboard.myCourses(req.actor, query),
      this.recommendations.forEmployee(req.actor, req.actor.employeeId, portalLocale(req)).catch((error: unknown) => {
        // Recommendations are a suggestion: without a position standard there are none, not an error page.
        if (error instanceof Problem && error.getStatus() < 500) return null;
        throw error;
      }),
    ]);
    const jp = overview.jp as { year: number; minutes: number; obligationMinutes: number; shortfallMinutes: number; met: boolean };
    return this.views.page(
      req,
      'learner/dashboard',
      { title: 'learner.dashboard.title' },
      {
        jpYear: { ...jp, percent: percentOf(jp.minutes, jp.obligationMinutes) },
        counts: overview.counts,
        next: (overview.next as MyCourse[]).map(courseCard),
        courses: (courses.items as MyCourse[]).map(courseCard),
        pager: pagerOf(req, page, MY_COURSES_PAGE, courses.total),
        recommended: recommended?.courses.slice(0, 5) ?? [],
      },
    );
  }

  @Get('catalog{/}') // the API declares GET catalog too: see exactly() in portal.module.ts
  @Portal()
  async list(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response) {
    requireEmployee(req.actor);
    const values = Object.fromEntries(CATALOG_FIELDS.map((f) => [f, typeof req.query[f] === 'string' ? req.query[f].slice(0, 100) : '']));
    let found: { items: unknown[]; total: number; page: number; pageSize: number } = { items: [], total: 0, page: 1, pageSize: 20 };
    let invalid: InvalidForm | undefined;
    try {
      // The API's own reader: the same validation, normalisation and answer cache as GET /api/v1/catalog.
      found = JSON.parse((await this.catalog.list(req.actor, await this.catalogRequests.read(req))).body.toString('utf8')) as typeof found;
    } catch (error) {
      invalid = problemToForm(req, error);
      res.status(400);
    }
    return this.views.page(
      req,
      'learner/catalog',
      { title: 'learner.catalog.title', values, errors: invalid?.errors, errorSummary: invalid?.summary },
      {
        items: found.items,
        total: found.total,
        searched: CATALOG_FIELDS.some((f) => values[f]),
        pager: invalid ? null : pagerOf(req, found.page, found.pageSize, found.total),
        types: COMPETENCY_TYPES,
        languages: COURSE_LANGUAGES,
        sorts: CATALOG_SORTS,
        levels: [1, 2, 3, 4, 5],
        typeNames: Object.fromEntries(COMPETENCY_TYPES.map((k) => [k, `learner.type.${k}`])),
        languageNames: Object.fromEntries(COURSE_LANGUAGES.map((k) => [k, `learner.language.${k}`])),
        sortNames: Object.fromEntries(CATALOG_SORTS.map((k) => [k, `learner.sort.${k}`])),
      },
    );
  }

  @Get('catalog/:courseId{/}')
  @Portal()
  async course(@Req() req: PortalRequest, @Param('courseId') courseId: string) {
    return this.renderCourse(req, courseId, {});
  }

  @Post('catalog/:courseId/enroll')
  @Portal()
  async enroll(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('courseId') courseId: string) {
    requireEmployee(req.actor);
    requireUuid(courseId, 'course.notFound');
    try {
      const enrollment = await this.enrollments.enroll(req.actor, courseId);
      if (enrollment.status === 'active') {
        await this.sessions.flash(req.portal.id, { kind: 'success', key: 'learner.enroll.started' });
        return res.redirect(303, `/learn/${enrollment.id}`);
      }
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'learner.enroll.requested' });
      return res.redirect(303, `/catalog/${courseId}`);
    } catch (error) {
      const invalid = problemToForm(req, error);
      if (error instanceof Problem && error.getStatus() === 404) throw error;
      res.status(error instanceof Problem ? error.getStatus() : 400);
      // Every reason is shown at the top: prerequisites by title, "assigned only", "already enrolled".
      const reasons = Object.values(invalid.errors);
      return this.renderCourse(req, courseId, { errorSummary: reasons.length ? reasons.join(' ') : invalid.summary });
    }
  }

  private async renderCourse(req: PortalRequest, courseId: string, frame: { errorSummary?: string }) {
    const employeeId = requireEmployee(req.actor);
    requireUuid(courseId, 'course.notFound');
    const course = await this.catalog.page(req.actor, courseId, portalLocale(req));
    const mine = await this.enrollments.list(req.actor, Object.assign(new EnrollmentQueryDto(), { courseId, employeeId, page: 1, pageSize: 20 }));
    const items = mine.items as { id: string; status: string; progressPercent: number; completedAt: string | null }[];
    const enrollment = items.find((e) => e.status === 'active' || e.status === 'requested') ?? items.find((e) => e.status === 'completed') ?? null;
    return this.views.page(req, 'learner/course', { title: course.title, errorSummary: frame.errorSummary }, {
      course,
      enrollment,
      canEnroll: !enrollment || enrollment.status === 'completed',
      languageNames: Object.fromEntries(COURSE_LANGUAGES.map((k) => [k, `learner.language.${k}`])),
      policyNames: { open: 'learner.policy.open', approval: 'learner.policy.approval', assigned: 'learner.policy.assigned' },
      kindNames: KIND_NAMES,
    });
  }
}

/** A dashboard row as its template shows it. */
function courseCard(c: MyCourse) {
  return { ...c, statusKey: `learner.status.${c.status}`, href: c.status === 'active' || c.status === 'completed' ? `/learn/${c.id}` : `/catalog/${c.course.id}` };
}
