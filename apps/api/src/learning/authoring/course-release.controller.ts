import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { translate, isMessageKey } from '@mahir/i18n';
import type { CourseDocument } from '@mahir/course';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { CoursesService } from '../courses/courses.service';
import { AssignmentsService } from '../enrollments/assignments.service';
import { CreateAssignmentDto, MAX_ASSIGNED_EMPLOYEES } from '../enrollments/dto/assignment.dto';
import { EmployeeQueryDto } from '../../organisation';
import { EmployeesService } from '../../organisation';
import { PageQueryDto } from '../../platform';
import { PositionQueryDto } from '../../organisation';
import { PositionsService } from '../../organisation';
import { Problem } from '../../platform';
import { uuidPipe } from '../../platform';
import { UnitsService, type UnitNode } from '../../organisation';
import { problemToForm, validateForm, type FormErrors } from '../../platform';
import { portalLocale, portalText } from '../../platform';
import type { PageFrame } from '../../platform';
import { ViewService } from '../../platform';
import { AuthoringForm } from './authoring-form';
import { draftOf } from './authoring.controller';
import { PortalPages } from '../../platform';

type FormBody = Record<string, unknown>;
type Frame = Omit<PageFrame, 'title'>;
const ASSIGN_KINDS = ['unit', 'position', 'nips', 'employees'] as const;
const EMPLOYEE_PAGE_SIZE = 25;

/** Where a check's path points in the editor: the lesson or module it names, else the course details. */
function linkOf(base: string, doc: CourseDocument, path: string): string {
  const lesson = /^modules\[(\d+)\]\.lessons\[(\d+)\]/.exec(path);
  if (lesson) {
    const id = doc.modules[Number(lesson[1])]?.lessons[Number(lesson[2])]?.id;
    if (id) return `${base}/lessons/${id}`;
  }
  const module = /^modules\[(\d+)\]/.exec(path);
  if (module && doc.modules[Number(module[1])]) return `${base}/modules/${doc.modules[Number(module[1])].id}`;
  const question = /^questionBank\[(\d+)\]/.exec(path);
  if (question) {
    const id = doc.questionBank[Number(question[1])]?.id;
    const quiz = doc.modules.flatMap((m) => m.lessons).find((l) => l.kind === 'quiz' && !!id && l.questionIds.includes(id));
    if (quiz && id) return `${base}/lessons/${quiz.id}/questions/${id}`;
  }
  if (path.startsWith('competencies')) return `${base}#competencies`;
  if (path.startsWith('modules')) return `${base}#modules`;
  return `${base}#details`;
}

/** The unit tree as indented options of a select. */
function flatten(nodes: UnitNode[], depth = 0): { id: string; label: string }[] {
  return nodes.flatMap((n) => [{ id: n.id, label: `${'— '.repeat(depth)}${n.code} · ${n.name}` }, ...flatten(n.children, depth + 1)]);
}

/**
 * After the editor: publishing (every check shown, then review and publish in one step),
 * the published versions with what changed between two of them, and assigning the
 * published course to a unit, a position or a list of NIPs.
 */
@PortalPages()
@Controller('admin/courses/:id')
export class CourseReleaseController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly courses: CoursesService,
    private readonly assignments: AssignmentsService,
    private readonly units: UnitsService,
    private readonly positions: PositionsService,
    private readonly employees: EmployeesService,
  ) {}

  @Get('publish')
  @Portal('training_admin')
  async publishPage(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string) {
    return this.renderPublish(req, id, {});
  }

  /** Sends the draft for review and publishes it: the service refuses (422) with every problem when one remains. */
  @Post('publish')
  @Portal('training_admin')
  async publish(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string) {
    try {
      const course = await this.courses.get(req.actor, id);
      if (course.status !== 'in_review') await this.courses.submit(req.actor, id);
      const published = await this.courses.publish(req.actor, id);
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'authoring.publish.done', params: { version: published.version } });
      return res.redirect(303, `/admin/courses/${id}/versions`);
    } catch (error) {
      const shown = problemToForm(req, error);
      res.status(error instanceof Problem ? error.getStatus() : 400);
      return this.renderPublish(req, id, { errorSummary: shown.summary });
    }
  }

  @Post('return')
  @Portal('training_admin')
  async returnToEditing(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string) {
    try {
      await this.courses.returnToDraft(req.actor, id);
    } catch (error) {
      const shown = problemToForm(req, error);
      res.status(error instanceof Problem ? error.getStatus() : 400);
      return this.renderPublish(req, id, { errorSummary: shown.summary });
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'authoring.publish.returned' });
    return res.redirect(303, `/admin/courses/${id}`);
  }

  /** Takes a published course out of the catalog and of new enrollments (the courses service's archive). */
  @Post('archive')
  @Portal('training_admin')
  async archive(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string) {
    try {
      const course = await this.courses.get(req.actor, id);
      if (course.status !== 'published') {
        res.status(409);
        return this.renderPublish(req, id, { errorSummary: portalText('authoring.archive.notPublished', portalLocale(req)) });
      }
      await this.courses.archive(req.actor, id);
    } catch (error) {
      const shown = problemToForm(req, error);
      res.status(error instanceof Problem ? error.getStatus() : 400);
      return this.renderPublish(req, id, { errorSummary: shown.summary });
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'authoring.archive.done' });
    return res.redirect(303, `/admin/courses/${id}`);
  }

  private async renderPublish(req: PortalRequest, id: string, frame: Frame) {
    const lang = portalLocale(req);
    const course = await this.courses.get(req.actor, id);
    const doc = draftOf(course);
    const base = `/admin/courses/${id}`;
    const { problems } = await this.courses.checks(req.actor, id);
    const checks = problems.map((p) => {
      const key = `publish.${p.code}`;
      return { path: p.path, message: isMessageKey(key) ? translate(key, lang, p.params ?? {}) : p.code, link: linkOf(base, doc, p.path) };
    });
    return this.views.page(req, 'authoring/publish', { title: 'authoring.publish.title', titleParams: { title: doc.title }, ...frame }, {
      course,
      base,
      title: doc.title,
      checks,
      clean: checks.length === 0,
      // A published course without an open draft has nothing new to publish.
      canPublish: checks.length === 0 && course.hasOpenDraft,
      inReview: course.status === 'in_review',
      canArchive: course.status === 'published',
    });
  }

  // ---- versions ------------------------------------------------------------------------------

  @Get('versions')
  @Portal('training_admin')
  async versions(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string, @Query() query: Record<string, unknown>) {
    const course = await this.courses.get(req.actor, id);
    const versions = course.versions as { version: number; title: string; publishedAt: Date }[];
    const numbers = versions.map((v) => v.version);
    const pick = (raw: unknown, fallback: number) => {
      const n = Number(raw);
      return Number.isInteger(n) && (n === 0 || numbers.includes(n)) ? n : fallback;
    };
    const latest = numbers[0] ?? 0;
    const from = pick(query['from'], numbers[1] ?? latest);
    const to = pick(query['to'], course.hasOpenDraft ? 0 : latest);
    let changes: { path: string; changeLabel: string; before: string; after: string }[] | null = null;
    if (numbers.length && (query['from'] !== undefined || query['to'] !== undefined || from !== to)) {
      const diff = await this.courses.diff(req.actor, id, from, to);
      const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v).slice(0, 300));
      const lang = portalLocale(req);
      changes = diff.changes.map((c) => ({ path: c.path, changeLabel: portalText(`authoring.change.${c.change}`, lang), before: show(c.before), after: show(c.after) }));
    }
    const choices = [...(course.hasOpenDraft ? [0] : []), ...numbers];
    return this.views.page(req, 'authoring/versions', { title: 'authoring.versions.title', titleParams: { title: draftOf(course).title } }, {
      course,
      base: `/admin/courses/${id}`,
      versions,
      choices,
      from,
      to,
      changes,
    });
  }

  // ---- assigning -----------------------------------------------------------------------------

  @Get('assign')
  @Portal('training_admin')
  async assignPage(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string, @Query() query: Record<string, unknown>) {
    return this.renderAssign(req, id, {}, undefined, undefined, query);
  }

  @Post('assign')
  @Portal('training_admin')
  @HttpCode(200)
  async assign(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: FormBody) {
    const lang = portalLocale(req);
    const label = (key: string) => portalText(`authoring.assign.${key}`, lang);
    const form = new AuthoringForm(body, lang);
    const kind = form.choice('kind', label('kind'), ASSIGN_KINDS);
    const mandatory = form.bool('mandatory');
    const dueInDays = form.int('dueInDays', label('dueInDays'), 1, 3650, true) ?? undefined;
    const again = (status: number, errors: FormErrors, summary: string, report?: unknown) => {
      res.status(status);
      return this.renderAssign(req, id, { values: form.values(), errors, errorSummary: summary }, report);
    };
    if (form.invalid) return again(400, form.errors, this.summary(req, form.errors));
    try {
      if (kind === 'nips') {
        const text = form.text('nips', label('nips'), { required: true, max: 2_000_000 });
        if (form.invalid) return again(400, form.errors, this.summary(req, form.errors));
        // A pasted list of NIPs or a CSV with its header: the service reads column nip.
        const lines = text.replace(/\r\n/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
        const csv = lines[0]?.toLowerCase().startsWith('nip') ? lines.join('\n') : ['nip', ...lines].join('\n');
        const dryRun = form.bool('dryRun');
        const result = await this.assignments.createFromCsv(
          req.actor, id, csv, { mode: 'valid-only', dryRun, mandatory, dueInDays, dueAt: undefined } as never, lang,
        );
        // The per-row report is the answer: shown at once, not after a redirect.
        return this.renderAssign(req, id, { values: dryRun ? form.values() : {} }, result.report, result.assignment ? 'authoring.assign.done' : 'authoring.assign.checked');
      }
      if (kind === 'employees') {
        const chosen = [...new Set(form.all('employeeIds'))];
        if (!chosen.length) form.fail('employeeIds', 'authoring.error.chooseEmployees', label('employees'));
        else if (chosen.length > MAX_ASSIGNED_EMPLOYEES || chosen.some((e) => !/^[0-9a-f-]{36}$/i.test(e))) form.fail('employeeIds', 'authoring.error.choice', label('employees'));
        if (form.invalid) return again(400, form.errors, this.summary(req, form.errors));
      }
      const target = kind === 'unit'
        ? { kind: 'unit', unitId: form.raw('unitId'), includeSubUnits: form.bool('includeSubUnits') }
        : kind === 'employees'
          ? { kind: 'employees', employeeIds: [...new Set(form.all('employeeIds'))] }
          : { kind: 'position', positionId: form.raw('positionId') };
      const dto = await validateForm(req, CreateAssignmentDto, { target, mandatory, ...(dueInDays ? { dueInDays } : {}) });
      if (dto.invalid) {
        const errors: FormErrors = {};
        // The API's messages name the JSON field (target.unitId); the form names its own label.
        for (const [field, message] of Object.entries(dto.invalid.errors)) {
          const name = field.replace(/^target\./, '');
          const labelKey = name === 'unitId' ? 'unit' : name === 'positionId' ? 'position' : null;
          errors[name] = labelKey ? portalText('authoring.error.choice', lang, { label: label(labelKey) }) : message;
        }
        return again(400, errors, this.summary(req, errors));
      }
      await this.assignments.create(req.actor, id, dto.value);
    } catch (error) {
      const shown = problemToForm(req, error);
      const errors: FormErrors = {};
      // A refused employee (target.employeeIds[3]) is told beside the list of employees.
      for (const [field, message] of Object.entries(shown.errors)) {
        const name = field.replace(/^target\./, '').replace(/\[\d+\]$/, '');
        errors[name] = errors[name] ? `${errors[name]} ${message}` : message;
      }
      const report = error instanceof Problem ? error.extra['report'] : undefined;
      return again(error instanceof Problem ? error.getStatus() : 400, errors, shown.summary, report);
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'authoring.assign.done' });
    return res.redirect(303, `/admin/courses/${id}/assign`);
  }

  private summary(req: PortalRequest, errors: FormErrors): string {
    return portalText('common.formErrors', portalLocale(req), { count: Object.keys(errors).length });
  }

  private async renderAssign(req: PortalRequest, id: string, frame: Frame, report?: unknown, message?: string, query: Record<string, unknown> = {}) {
    const lang = portalLocale(req);
    const course = await this.courses.get(req.actor, id);
    const search = await this.employeeSearch(req, id, course.publishedVersion > 0 && course.status !== 'archived', frame, query);
    const [tree, positions, assignments] = await Promise.all([
      this.units.tree(req.actor),
      this.positions.list(req.actor, Object.assign(new PositionQueryDto(), { page: 1, pageSize: 500 })),
      course.publishedVersion > 0 ? this.assignments.listForCourse(req.actor, id, Object.assign(new PageQueryDto(), { page: 1, pageSize: 20 })) : null,
    ]);
    return this.views.page(req, 'authoring/assign', { title: 'authoring.assign.title', titleParams: { title: draftOf(course).title }, ...frame }, {
      course,
      base: `/admin/courses/${id}`,
      published: course.publishedVersion > 0 && course.status !== 'archived',
      units: flatten(tree),
      positions: positions.items,
      assignments: ((assignments?.items ?? []) as { status: string; target: { kind: string; employeeCount?: number } }[]).map((a) => ({
        ...a,
        statusLabel: portalText(`authoring.assign.status.${a.status}`, lang),
        targetLabel: portalText(`authoring.assign.target.${a.target.kind}`, lang, { count: a.target.employeeCount ?? 0 }),
      })),
      report,
      reportMessage: message,
      search,
    });
  }

  /**
   * The employee search of the assign page (a GET form: q and page), through the employees
   * service. A form shown again searches what it was posted with and keeps its ticked boxes.
   */
  private async employeeSearch(req: PortalRequest, id: string, published: boolean, frame: Frame, raw: Record<string, unknown>) {
    const posted = frame.values && frame.values['kind'] === 'employees' ? frame.values : null;
    const source = posted ? { q: posted['q'], page: posted['employeePage'] } : { q: raw['q'], page: raw['page'] };
    const q = typeof source.q === 'string' ? source.q.trim().slice(0, 100) : '';
    const pageNo = Number(source.page);
    const ticked = new Set(posted ? new AuthoringForm(posted, portalLocale(req)).all('employeeIds') : []);
    if (!published || !q) return { q, searched: false, employees: [], page: null };
    const checked = await validateForm(req, EmployeeQueryDto, { q, page: Number.isInteger(pageNo) && pageNo > 0 ? String(pageNo) : '1', pageSize: String(EMPLOYEE_PAGE_SIZE), status: 'active' });
    if (!checked.value) return { q, searched: false, employees: [], page: null };
    const found = await this.employees.list(req.actor, checked.value);
    const pages = Math.max(1, Math.ceil(found.total / found.pageSize));
    const link = (n: number) => `/admin/courses/${id}/assign?${new URLSearchParams({ q, page: String(n) }).toString()}#employees`;
    return {
      q,
      searched: true,
      employees: (found.items as { id: string; nip: string; fullName: string; unit: { name: string }; position: { name: string } }[]).map((e) => ({ ...e, checked: ticked.has(e.id) })),
      page: { page: found.page, pages, total: found.total, prev: found.page > 1 ? link(found.page - 1) : null, next: found.page < pages ? link(found.page + 1) : null },
    };
  }
}
