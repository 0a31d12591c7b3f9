import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { translate } from '@mahir/i18n';
import { Portal } from '@mahir/runtime';
import type { RubricCriterion, ScoredSelection } from '@mahir/course';
import type { PortalRequest } from '../../platform';
import { tenantOf } from '../../platform';
import { PortalSessions } from '../../platform';
import { GradeItemDto, InboxQueryDto } from './dto/grading.dto';
import { GradingService } from './grading.service';
import { Problem } from '../../platform';
import { problemToForm, validateForm } from '../../platform';
import { portalLocale } from '../../platform';
import { ViewService } from '../../platform';
import { filledQuery, pageLinks, text, UUID } from '../../platform';
import { PortalPages } from '../../platform';

type Item = Awaited<ReturnType<GradingService['item']>>;
/** What the grader typed, shown again after a refusal. */
interface Typed {
  points?: string;
  feedback?: string;
  levels?: Record<string, string>;
}

const AGES = [24, 72, 168];
/** A rubric criterion's radio group is named `level_<criterionId>` (ids are letters, digits, - and _). */
const levelField = (criterionId: string) => `level_${criterionId}`;

/** The graders' inbox (oldest first) and one item with the learner's answer, the rubric or a score, and feedback. */
@PortalPages()
@Controller('admin/grading')
export class GradingPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly grading: GradingService,
    private readonly sessions: PortalSessions,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  @Get()
  @Portal('grader', 'training_admin')
  async inbox(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Query() query: Record<string, unknown>) {
    const filters = filledQuery(query, ['courseId', 'minAgeHours', 'page']);
    const form = await validateForm(req, InboxQueryDto, filters);
    if (form.invalid) res.status(400);
    const q = form.value ?? Object.assign(new InboxQueryDto(), { page: 1 });
    const [page, courses] = await Promise.all([this.grading.inbox(req.actor, q), this.pendingCourses(req)]);
    return this.views.page(
      req,
      'admin/grading-inbox',
      { title: 'admin.grading.title', values: filters, errors: form.invalid?.errors, errorSummary: form.invalid?.summary },
      {
        items: page.items,
        courses,
        ages: AGES.map((hours) => ({ hours, label: `admin.grading.age.${hours}` })),
        pager: pageLinks('/admin/grading', { courseId: q.courseId, minAgeHours: q.minAgeHours }, q.page, q.pageSize, page.total),
      },
    );
  }

  @Get(':id')
  @Portal('grader', 'training_admin')
  async show(@Req() req: PortalRequest, @Param('id') id: string) {
    return this.render(req, await this.item(req, id), {});
  }

  @Post(':id')
  @Portal('grader', 'training_admin')
  async grade(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    const item = await this.item(req, id);
    const levels: Record<string, string> = {};
    const typed: Typed = { points: text(body['points'], 50), feedback: text(body['feedback'], 6000), levels };
    const fields: Record<string, unknown> = { revision: Number(text(body['revision'], 20) || NaN) };
    if (typed.feedback?.trim()) fields['feedback'] = typed.feedback;
    if (item.rubric) {
      const picked: { criterionId: string; levelId: string }[] = [];
      for (const c of item.rubric) {
        const levelId = text(body[levelField(c.id)], 100);
        levels[c.id] = levelId;
        if (levelId) picked.push({ criterionId: c.id, levelId });
      }
      fields['rubric'] = picked;
    } else if (typed.points?.trim()) {
      // Indonesian writes a decimal comma: "3,5" is three and a half.
      const raw = typed.points.trim().replace(',', '.');
      fields['points'] = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    }
    const form = await validateForm(req, GradeItemDto, fields);
    if (form.invalid) {
      res.status(400);
      return this.render(req, item, { typed, errors: form.invalid.errors, summary: form.invalid.summary });
    }
    try {
      await this.grading.grade(req.actor, id, form.value);
    } catch (error) {
      if (error instanceof Problem && error.key === 'grading.staleRevision') {
        // Someone graded first: show their grade beside what this grader typed, at the revision now current.
        res.status(409);
        const fresh = await this.grading.item(req.actor, id);
        return this.render(req, fresh, { typed, summary: translate('grading.staleRevision', portalLocale(req), error.params) });
      }
      if (error instanceof Problem && error.getStatus() === 404) throw error;
      const invalid = problemToForm(req, error);
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(invalid.errors)) {
        const name = field.startsWith('rubric') ? 'rubric' : field;
        errors[name] = errors[name] ? `${errors[name]} ${message}` : message;
      }
      res.status(error instanceof Problem ? error.getStatus() : 422);
      return this.render(req, item, { typed, errors, summary: invalid.summary });
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'admin.grading.saved', params: { name: item.learner.fullName } });
    return res.redirect(303, '/admin/grading');
  }

  private async item(req: PortalRequest, id: string): Promise<Item> {
    if (!UUID.test(id)) throw Problem.notFound('grading.itemNotFound');
    return this.grading.item(req.actor, id);
  }

  private render(req: PortalRequest, item: Item, state: { typed?: Typed; errors?: Record<string, string>; summary?: string }) {
    const grade = item.grade as { points: number | null; rubric: ScoredSelection[] | null; feedback: string | null; gradedAt: Date | null } | null;
    const typed = state.typed;
    const chosen = (criterionId: string) => (typed ? typed.levels?.[criterionId] : grade?.rubric?.find((s) => s.criterionId === criterionId)?.levelId) ?? '';
    const rubric = (item.rubric as RubricCriterion[] | null)?.map((c) => ({
      id: c.id,
      field: levelField(c.id),
      title: c.title,
      levels: c.levels.map((l) => ({ ...l, on: chosen(c.id) === l.id })),
    }));
    const values = {
      points: typed ? typed.points : grade?.points ?? '',
      feedback: typed ? typed.feedback : grade?.feedback ?? '',
    };
    return this.views.page(
      req,
      'admin/grading-item',
      { title: 'admin.grading.itemTitle', titleParams: { name: item.learner.fullName }, values, errors: state.errors, errorSummary: state.summary },
      { item, essay: item.kind === 'essay', rubric, grade, maxPoints: item.maxPoints },
    );
  }

  /** The courses that have items waiting, for the inbox's filter (no service lists them). */
  private pendingCourses(req: PortalRequest): Promise<{ id: string; title: string }[]> {
    return this.db.query(
      `SELECT DISTINCT g.course_id AS id, coalesce(v.title, '') AS title
       FROM grading_item g JOIN course c ON c.id = g.course_id LEFT JOIN course_version v ON v.course_id = c.id AND v.version = c.published_version
       WHERE g.tenant_id = $1 AND g.status = 'pending' ORDER BY 2, 1`,
      [tenantOf(req.actor)],
    );
  }
}
