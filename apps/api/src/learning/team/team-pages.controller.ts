import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { COMPETENCY_LEVELS, type AgencyTimeZone } from '@mahir/competency';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { CatalogService } from '../catalog/catalog.service';
import { catalogRequest } from '../catalog/catalog-request';
import { CatalogQueryDto } from '../catalog/dto/catalog.dto';
import { CompetenciesService } from '../../competency';
import { DashboardService } from '../dashboard/dashboard.service';
import { CreateAssignmentDto } from '../enrollments/dto/assignment.dto';
import { EnrollmentDecisionDto } from '../enrollments/dto/enrollment.dto';
import { AssignmentsService } from '../enrollments/assignments.service';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { RecordEntryDto } from '../../competency';
import { LedgerService } from '../../competency';
import { Problem } from '../../platform';
import { uuidPipe } from '../../platform';
import { ReportsService } from '../../competency';
import { TenantsService } from '../../organisation';
import { validateForm, type FormErrors } from '../../platform';
import { ViewService } from '../../platform';
import { ChosenCourseForm, ChosenEmployeeForm, instantOfDate } from './team-forms';
import { pageParam, listPager, refusalOnForm, searchParam, statusOf } from '../../platform';
import { PortalPages } from '../../platform';

/** A team form shown again: what was typed, and what is wrong with it. */
interface Again {
  values?: Record<string, unknown>;
  errors?: FormErrors;
  errorSummary?: string;
}

interface TeamMember {
  id: string;
  nip: string;
  fullName: string;
}

/** The most team members a choice list offers (the team progress page size); larger teams use the API's CSV assignment. */
const MEMBER_CHOICES = 100;

/**
 * The supervisor's pages: the team's learning and gaps, requests to decide, assigning a course,
 * and recording an assessment. Every read and write is the JSON API's service with the
 * signed-in supervisor as actor, so the team boundary is the services' own.
 */
@PortalPages()
@Controller('team')
export class TeamPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly dashboard: DashboardService,
    private readonly reports: ReportsService,
    private readonly enrollments: EnrollmentsService,
    private readonly assignments: AssignmentsService,
    private readonly catalog: CatalogService,
    private readonly ledger: LedgerService,
    private readonly competencies: CompetenciesService,
    private readonly tenants: TenantsService,
  ) {}

  @Get()
  @Portal('supervisor')
  async overview(@Req() req: PortalRequest, @Query('q') q?: string, @Query('page') page?: string) {
    const search = searchParam(q);
    const [progress, gaps] = await Promise.all([
      this.dashboard.teamProgress(req.actor, { page: pageParam(page), pageSize: 20, q: search }),
      this.reports.teamGaps(req.actor),
    ]);
    return this.views.page(req, 'team/overview', { title: 'team.overview.title' }, {
      q: search ?? '',
      members: progress.items,
      overdue: progress.overdue,
      gaps: gaps.members,
      pager: listPager('/team', { q: search }, progress),
    });
  }

  @Get('requests')
  @Portal('supervisor')
  async requests(@Req() req: PortalRequest, @Query('page') page?: string) {
    return this.renderRequests(req, pageParam(page), {});
  }

  @Post('requests/:id/approve')
  @Portal('supervisor')
  async approve(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: Record<string, unknown>) {
    return this.decide(req, res, id, body, 'approve');
  }

  @Post('requests/:id/reject')
  @Portal('supervisor')
  async reject(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: Record<string, unknown>) {
    return this.decide(req, res, id, body, 'reject');
  }

  private async decide(req: PortalRequest, res: Response, id: string, body: Record<string, unknown>, decision: 'approve' | 'reject') {
    const values = { note: body['note'] };
    const form = await validateForm(req, EnrollmentDecisionDto, body);
    if (form.invalid) {
      res.status(400);
      return this.renderRequests(req, 1, { [id]: { values, errors: form.invalid.errors, errorSummary: form.invalid.summary } });
    }
    try {
      const note = form.value.note ? form.value.note : undefined;
      const decided = decision === 'approve' ? await this.enrollments.approve(req.actor, id, note) : await this.enrollments.reject(req.actor, id, note);
      await this.sessions.flash(req.portal.id, {
        kind: 'success',
        key: decision === 'approve' ? 'team.requests.approved' : 'team.requests.rejected',
        params: { name: decided.employee.fullName, course: decided.course.title ?? '' },
      });
      return res.redirect(303, '/team/requests');
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderRequests(req, 1, { [id]: { values, errors: invalid.errors, errorSummary: invalid.summary } });
    }
  }

  /** The requests awaiting a decision; a refused decision is shown on its own row. */
  private async renderRequests(req: PortalRequest, page: number, again: Record<string, Again>) {
    const list = await this.enrollments.list(req.actor, { status: 'requested', page, pageSize: 20 });
    const rows = (list.items as { id: string; employee: { id: string } }[]).map((item) => ({
      ...item,
      own: item.employee.id === req.actor.employeeId,
      again: again[item.id] ?? null,
    }));
    const summary = Object.values(again)[0]?.errorSummary;
    return this.views.page(req, 'team/requests', { title: 'team.requests.title', errorSummary: summary }, {
      requests: rows,
      pager: listPager('/team/requests', {}, list),
    });
  }

  @Get('assign')
  @Portal('supervisor')
  async assignForm(@Req() req: PortalRequest, @Query('employeeId') employeeId?: string) {
    return this.renderAssign(req, { values: { employeeIds: employeeId ? [employeeId] : [] } });
  }

  @Post('assign')
  @Portal('supervisor')
  async assign(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const employeeIds = ([] as unknown[]).concat(body['employeeIds'] ?? []).filter((v): v is string => typeof v === 'string');
    const values = { courseId: body['courseId'], employeeIds, dueAt: body['dueAt'], mandatory: body['mandatory'] };
    const zone = await this.zone(req);
    const chosen = await validateForm(req, ChosenCourseForm, { courseId: body['courseId'] });
    const form = await validateForm(req, CreateAssignmentDto, {
      target: { kind: 'employees', employeeIds },
      mandatory: body['mandatory'] === 'true' || body['mandatory'] === 'on',
      dueAt: instantOfDate(body['dueAt'], zone, '23:59:00'),
    });
    if (chosen.invalid || form.invalid) {
      const errors = assignErrors({ ...chosen.invalid?.errors, ...form.invalid?.errors });
      res.status(400);
      return this.renderAssign(req, { values, errors, errorSummary: (form.invalid ?? chosen.invalid)?.summary });
    }
    try {
      const assignment = await this.assignments.create(req.actor, chosen.value.courseId, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'team.assign.done', params: { course: assignment.courseTitle ?? '', count: employeeIds.length } });
      return res.redirect(303, '/team');
    } catch (error) {
      // An unknown or foreign course chosen from the list is a wrong choice on this form, not a missing page.
      const invalid = isCourseNotFound(error) ? refusalOnForm(req, courseProblem()) : refusalOnForm(req, error);
      res.status(statusOf(error) === 404 ? 422 : statusOf(error));
      return this.renderAssign(req, { values, errors: assignErrors(invalid.errors), errorSummary: invalid.summary });
    }
  }

  private async renderAssign(req: PortalRequest, again: Again) {
    const answer = await this.catalog.list(req.actor, readCatalog({ sort: 'title', page: 1, pageSize: 100 }));
    const courses = JSON.parse(answer.body.toString('utf8')) as { items: { courseId: string; title: string; jp: { jp: number } }[] };
    const team = await this.dashboard.teamProgress(req.actor, { page: 1, pageSize: MEMBER_CHOICES });
    const chosen = new Set(((again.values?.['employeeIds'] as string[] | undefined) ?? []).map(String));
    return this.views.page(req, 'team/assign', { title: 'team.assign.title', ...again }, {
      courses: courses.items,
      members: (team.items as TeamMember[]).map((m) => ({ ...m, chosen: chosen.has(m.id) })),
      more: team.total > MEMBER_CHOICES,
    });
  }

  @Get('assessments/new')
  @Portal('supervisor')
  async assessmentForm(@Req() req: PortalRequest, @Query('employeeId') employeeId?: string) {
    return this.renderAssessment(req, { values: { employeeId: employeeId ?? '' } });
  }

  @Post('assessments')
  @Portal('supervisor')
  async recordAssessment(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    const fields = ['employeeId', 'competencyId', 'level', 'sourceRef', 'occurredAt', 'validUntil', 'evidenceText', 'evidenceUrl'];
    const values = Object.fromEntries(fields.map((f) => [f, body[f]]));
    const zone = await this.zone(req);
    const blank = (v: unknown) => (v === '' ? undefined : v);
    const who = await validateForm(req, ChosenEmployeeForm, { employeeId: body['employeeId'] });
    const form = await validateForm(req, RecordEntryDto, {
      competencyId: body['competencyId'],
      level: typeof body['level'] === 'string' && /^\d+$/.test(body['level']) ? Number(body['level']) : body['level'],
      source: 'assessment',
      sourceRef: typeof body['sourceRef'] === 'string' ? body['sourceRef'].trim() : body['sourceRef'],
      occurredAt: instantOfDate(body['occurredAt'], zone, '00:00:00'),
      validUntil: instantOfDate(body['validUntil'], zone, '23:59:00'),
      evidenceText: blank(body['evidenceText']),
      evidenceUrl: blank(body['evidenceUrl']),
    });
    if (who.invalid || form.invalid) {
      res.status(400);
      return this.renderAssessment(req, { values, errors: { ...who.invalid?.errors, ...form.invalid?.errors }, errorSummary: (form.invalid ?? who.invalid)?.summary });
    }
    try {
      const { entry } = await this.ledger.record(req.actor, who.value.employeeId, form.value);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'team.assessment.recorded', params: { competency: entry.competency?.name ?? '', level: entry.level ?? '' } });
      return res.redirect(303, `/team/assessments/new?employeeId=${encodeURIComponent(who.value.employeeId)}`);
    } catch (error) {
      const invalid = refusalOnForm(req, error);
      res.status(statusOf(error));
      return this.renderAssessment(req, { values, errors: invalid.errors, errorSummary: invalid.summary });
    }
  }

  /** The assessment form, and the chosen member's latest ledger entries under it. */
  private async renderAssessment(req: PortalRequest, again: Again) {
    const [team, competencies] = await Promise.all([
      this.dashboard.teamProgress(req.actor, { page: 1, pageSize: MEMBER_CHOICES }),
      this.competencies.list(req.actor, { page: 1, pageSize: 100, includeRetired: false }),
    ]);
    const chosenId = again.values?.['employeeId'];
    const employeeId = typeof chosenId === 'string' ? chosenId : '';
    const member = (team.items as TeamMember[]).find((m) => m.id === employeeId);
    const history = member ? await this.ledger.history(req.actor, member.id, { page: 1, pageSize: 10 }) : null;
    return this.views.page(req, 'team/assessment', { title: 'team.assessment.title', ...again }, {
      members: team.items,
      competencies: competencies.items,
      levels: COMPETENCY_LEVELS,
      member: member ?? null,
      entries: ((history?.items ?? []) as { source: string }[]).map((e) => ({ ...e, sourceKey: `team.source.${e.source}` })),
    });
  }

  private async zone(req: PortalRequest): Promise<AgencyTimeZone> {
    return (await this.tenants.current(req.actor)).timeZone;
  }
}

/** The catalog's own reading of a list request (sorted by title, one page of up to 100). */
function readCatalog(fields: Partial<CatalogQueryDto>) {
  const query = Object.assign(new CatalogQueryDto(), fields);
  const request = catalogRequest(query);
  return { request, key: JSON.stringify(request) };
}

/** The assignment's nested field names (target.employeeIds[3]) as the form's (employeeIds). */
function assignErrors(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const name = field.startsWith('target.employeeIds') || field === 'target' ? 'employeeIds' : field;
    if (!out[name]) out[name] = message;
  }
  return out;
}

function isCourseNotFound(error: unknown): boolean {
  return error instanceof Problem && error.key === 'enrollment.courseNotFound';
}

function courseProblem(): Problem {
  return Problem.field(422, 'courseId', 'enrollment.courseNotFound');
}
