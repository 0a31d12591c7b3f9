import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { Portal } from '@mahir/runtime';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { AttemptsService } from './attempts.service';
import { ContentService } from './content.service';
import { ProgressEventDto, RecordProgressDto } from './dto/progress.dto';
import { ProgressService } from './progress.service';
import { Problem } from '../../platform';
import { SubmissionsService } from '../submissions/submissions.service';
import { SUBMISSION_CONTENT_TYPES, SUBMISSION_MAX_BYTES } from '../submissions/submission-type';
import { problemToForm, validateForm, type FormErrors } from '../../platform';
import { portalLocale, portalText } from '../../platform';
import { ViewService } from '../../platform';
import { KIND_NAMES, requireEmployee, requireUuid } from '../../platform';
import { SUBMISSION_FIELD, SubmissionUploadInterceptor, type UploadRequest } from './submission-upload.interceptor';
import { PortalPages } from '../../platform';

type Content = Awaited<ReturnType<ContentService['content']>>;
type Attempt = Awaited<ReturnType<AttemptsService['get']>>;
type Question = Attempt['questions'][number];

/**
 * The course player: the outline of an enrollment, each lesson by kind (text, video with resume,
 * document, quiz attempts with a timer, assignment uploads) and the results and feedback.
 * Everything goes through the delivery and submissions services; someone else's enrollment is 404.
 */
@PortalPages()
@Controller('learn/:enrollmentId')
export class LearnPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly content: ContentService,
    private readonly progress: ProgressService,
    private readonly attempts: AttemptsService,
    private readonly submissions: SubmissionsService,
  ) {}

  @Get()
  @Portal()
  async outline(@Req() req: PortalRequest, @Param('enrollmentId') enrollmentId: string) {
    const content = await this.load(req, enrollmentId);
    return this.views.page(req, 'learner/outline', { title: content.course.title }, { ...content, kindNames: KIND_NAMES, statusKey: `learner.status.${content.enrollment.status}`, resumeHref: content.resume ? lessonHref(enrollmentId, content.resume.lessonId) : null });
  }

  @Get('lessons/:lessonId')
  @Portal()
  async lesson(@Req() req: PortalRequest, @Param('enrollmentId') enrollmentId: string, @Param('lessonId') lessonId: string) {
    return this.renderLesson(req, enrollmentId, lessonId, {});
  }

  /** Text and document lessons are finished by the learner's word; the next lesson opens. */
  @Post('lessons/:lessonId/complete')
  @Portal()
  async complete(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('enrollmentId') enrollmentId: string, @Param('lessonId') lessonId: string) {
    requireEmployee(req.actor);
    requireUuid(enrollmentId, 'delivery.enrollmentNotFound');
    await this.progress.record(req.actor, enrollmentId, [Object.assign(new ProgressEventDto(), { id: randomUUID(), lessonId, completed: true })]);
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'learner.lesson.completed' });
    const content = await this.content.content(req.actor, enrollmentId);
    const after = neighbours(content, lessonId).next;
    return res.redirect(303, after ? lessonHref(enrollmentId, after.id) : `/learn/${enrollmentId}`);
  }

  /** Progress events from learner.js (video position and percent, time spent), as JSON with the X-CSRF-Token header. */
  @Post('progress')
  @Portal()
  @HttpCode(200)
  async recordProgress(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('enrollmentId') enrollmentId: string, @Body() body: Record<string, unknown>) {
    requireEmployee(req.actor);
    requireUuid(enrollmentId, 'delivery.enrollmentNotFound');
    const form = await validateForm(req, RecordProgressDto, body);
    if (form.invalid) {
      res.status(400);
      return { errors: form.invalid.errors };
    }
    return this.progress.record(req.actor, enrollmentId, form.value.events);
  }

  /** A fresh short-lived link to the lesson's file each time: the page itself holds no expiring URL. */
  @Get('lessons/:lessonId/media')
  @Portal()
  async media(@Req() req: PortalRequest, @Res() res: Response, @Param('enrollmentId') enrollmentId: string, @Param('lessonId') lessonId: string) {
    requireEmployee(req.actor);
    requireUuid(enrollmentId, 'delivery.enrollmentNotFound');
    const lesson = (await this.content.lesson(req.actor, enrollmentId, lessonId)) as { media?: { url: string } | null; url?: string | null };
    const url = lesson.media?.url ?? lesson.url;
    if (!url) throw Problem.notFound('delivery.lessonNotFound', { lessonId });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, url);
  }

  @Post('lessons/:lessonId/attempts')
  @Portal()
  async startAttempt(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('enrollmentId') enrollmentId: string, @Param('lessonId') lessonId: string) {
    requireEmployee(req.actor);
    requireUuid(enrollmentId, 'delivery.enrollmentNotFound');
    try {
      const attempt = await this.attempts.start(req.actor, enrollmentId, lessonId);
      return res.redirect(303, `/learn/${enrollmentId}/attempts/${attempt.id}`);
    } catch (error) {
      if (!(error instanceof Problem) || error.getStatus() !== 409) throw error;
      // An open attempt is simply continued; other refusals (none left, already passed) are told on the lesson.
      const open = error.extra['attemptId'];
      if (typeof open === 'string') return res.redirect(303, `/learn/${enrollmentId}/attempts/${open}`);
      res.status(409);
      return this.renderLesson(req, enrollmentId, lessonId, { errorSummary: problemToForm(req, error).summary });
    }
  }

  @Get('attempts/:attemptId')
  @Portal()
  async attempt(@Req() req: PortalRequest, @Param('enrollmentId') enrollmentId: string, @Param('attemptId') attemptId: string) {
    return this.renderAttempt(req, await this.findAttempt(req, enrollmentId, attemptId), {});
  }

  /** Saves the answers; unless the learner only saved, submits them (the timer's automatic submit included). */
  @Post('attempts/:attemptId')
  @Portal()
  async answer(
    @Req() req: PortalRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('enrollmentId') enrollmentId: string,
    @Param('attemptId') attemptId: string,
    @Body() body: Record<string, unknown>,
  ) {
    const attempt = await this.findAttempt(req, enrollmentId, attemptId);
    const here = `/learn/${enrollmentId}/attempts/${attemptId}`;
    if (attempt.status !== 'in_progress') return res.redirect(303, here);
    const { answers, typed } = answersOf(attempt.questions, body);
    try {
      await this.attempts.saveAnswers(req.actor, attemptId, answers);
    } catch (error) {
      // Past the deadline the answers saved in time count: submitting closes the attempt at its deadline.
      const timeUp = error instanceof Problem && error.getStatus() === 409;
      if (!timeUp) {
        const invalid = problemToForm(req, error);
        res.status(error instanceof Problem ? error.getStatus() : 400);
        return this.renderAttempt(req, attempt, { values: typed, errors: invalid.errors, errorSummary: invalid.summary });
      }
    }
    if (body['action'] === 'save') {
      await this.sessions.flash(req.portal.id, { kind: 'success', key: 'learner.quiz.saved' });
      return res.redirect(303, here);
    }
    await this.attempts.submit(req.actor, attemptId);
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'learner.quiz.submitted' });
    return res.redirect(303, here);
  }

  /**
   * An assignment file posted to the portal (multipart, with the X-CSRF-Token header that portal.js
   * sends): forwarded into the submissions service's own flow — presigned PUT, then completion,
   * where the server checks what really arrived.
   */
  @Post('lessons/:lessonId/submissions')
  @Portal()
  @UseInterceptors(SubmissionUploadInterceptor)
  async upload(@Req() req: PortalRequest & UploadRequest, @Res({ passthrough: true }) res: Response, @Param('enrollmentId') enrollmentId: string, @Param('lessonId') lessonId: string) {
    requireEmployee(req.actor);
    requireUuid(enrollmentId, 'delivery.enrollmentNotFound');
    const refuse = (status: number, errors: FormErrors, summary: string) => {
      res.status(status);
      return this.renderLesson(req, enrollmentId, lessonId, { errors, errorSummary: summary });
    };
    const lang = portalLocale(req);
    if (req.uploadProblem) {
      const invalid = problemToForm(req, req.uploadProblem);
      return refuse(req.uploadProblem.getStatus(), invalid.errors, invalid.summary);
    }
    const file = req.file;
    if (!file || file.size === 0) {
      return refuse(400, { [SUBMISSION_FIELD]: portalText('learner.assignment.fileRequired', lang) }, portalText('common.formErrors', lang, { count: 1 }));
    }
    try {
      const started = await this.submissions.request(req.actor, enrollmentId, lessonId, file.mimetype, file.size, file.originalname);
      const put = await fetch(started.uploadUrl, { method: 'PUT', body: new Uint8Array(file.buffer), headers: { 'Content-Length': String(file.size) } });
      if (!put.ok) throw new Error(`object storage refused the submission upload: ${put.status}`);
      await this.submissions.complete(req.actor, started.id);
    } catch (error) {
      const invalid = problemToForm(req, error);
      const message = invalid.errors[SUBMISSION_FIELD] ?? invalid.errors['contentType'] ?? invalid.errors['size'];
      const status = error instanceof Problem ? error.getStatus() : 400;
      return message ? refuse(status, { [SUBMISSION_FIELD]: message }, portalText('common.formErrors', lang, { count: 1 })) : refuse(status, {}, invalid.summary);
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'learner.assignment.submitted' });
    return res.redirect(303, lessonHref(enrollmentId, lessonId));
  }

  private async load(req: PortalRequest, enrollmentId: string): Promise<Content> {
    requireEmployee(req.actor);
    requireUuid(enrollmentId, 'delivery.enrollmentNotFound');
    return this.content.content(req.actor, enrollmentId);
  }

  private async renderLesson(req: PortalRequest, enrollmentId: string, lessonId: string, frame: { errors?: FormErrors; errorSummary?: string }) {
    const content = await this.load(req, enrollmentId);
    const lesson = (await this.content.lesson(req.actor, enrollmentId, lessonId)) as Record<string, unknown> & { kind: string; title: string };
    const active = content.enrollment.status === 'active';
    const data: Record<string, unknown> = { course: content.course, enrollment: content.enrollment, lesson, active, kindNames: KIND_NAMES, attemptStatusNames: ATTEMPT_STATUS_NAMES, submissionStatusNames: SUBMISSION_STATUS_NAMES, ...neighbourLinks(content, enrollmentId, lessonId) };
    data[`is_${lesson.kind}`] = true;
    if (lesson.kind === 'video' || lesson.kind === 'document') {
      data['mediaHref'] = lesson['media'] || lesson['url'] ? `/learn/${enrollmentId}/lessons/${encodeURIComponent(lessonId)}/media` : null;
    }
    if (lesson.kind === 'video') data['scripts'] = [this.views.assetUrl('learner.js')];
    if (lesson.kind === 'quiz') {
      // A read-only view of the learner's results at this quiz (the enrollment is theirs, checked above).
      data['attempts'] = await this.attempts.listForLesson(enrollmentId, lessonId);
    }
    if (lesson.kind === 'assignment') {
      const handedIn = await this.submissions.list(req.actor, enrollmentId, lessonId);
      data['submissions'] = handedIn.items;
      data['passMark'] = handedIn.passMark;
      data['accept'] = SUBMISSION_CONTENT_TYPES.join(',');
      data['maxMegabytes'] = Math.round(SUBMISSION_MAX_BYTES / 1024 / 1024);
      const waiting = handedIn.items.some((s) => s.status === 'submitted');
      const passed = handedIn.items.some((s) => s.grade?.passed === true);
      data['mayUpload'] = active && !waiting && !passed;
      data['waiting'] = waiting;
    }
    return this.views.page(req, 'learner/lesson', { title: lesson.title, errors: frame.errors, errorSummary: frame.errorSummary }, data);
  }

  private async findAttempt(req: PortalRequest, enrollmentId: string, attemptId: string): Promise<Attempt> {
    requireEmployee(req.actor);
    requireUuid(enrollmentId, 'delivery.enrollmentNotFound');
    requireUuid(attemptId, 'attempt.notFound');
    const attempt = await this.attempts.get(req.actor, attemptId);
    if (attempt.enrollmentId !== enrollmentId) throw Problem.notFound('attempt.notFound');
    return attempt;
  }

  private async renderAttempt(req: PortalRequest, attempt: Attempt, frame: { values?: Record<string, unknown>; errors?: FormErrors; errorSummary?: string }) {
    const content = await this.content.content(req.actor, attempt.enrollmentId);
    const lesson = content.modules.flatMap((m) => m.lessons).find((l) => l.id === attempt.lessonId);
    const open = attempt.status === 'in_progress';
    const results = new Map((attempt.result?.questions ?? []).map((r) => [r.questionId, r]));
    const questions = attempt.questions.map((q, i) => {
      const value = frame.values && q.id in frame.values ? frame.values[q.id] : attempt.answers[q.id];
      const chosen = Array.isArray(value) ? value.map(answerText) : value === undefined || value === null ? [] : [answerText(value)];
      const result = results.get(q.id);
      return {
        ...q,
        number: i + 1,
        field: `answers.${q.id}`,
        inputId: `q-${i + 1}`,
        value: value === undefined || value === null ? '' : answerText(value),
        error: frame.errors?.[`answers.${q.id}`],
        options: q.options.map((o) => ({ ...o, checked: chosen.includes(o.id), feedback: result?.chosenOptions.find((c) => c.id === o.id)?.feedback ?? null })),
        [`is_${q.kind}`]: true,
        result,
      };
    });
    return this.views.page(
      req,
      'learner/attempt',
      { title: 'learner.quiz.attemptTitle', titleParams: { title: lesson?.title ?? attempt.lessonId, number: attempt.number }, errors: frame.errors, errorSummary: frame.errorSummary },
      {
        attempt,
        open,
        questions,
        course: content.course,
        lessonHref: lessonHref(attempt.enrollmentId, attempt.lessonId),
        action: `/learn/${attempt.enrollmentId}/attempts/${attempt.id}`,
        pending: attempt.status === 'submitted',
      },
    );
  }
}

const ATTEMPT_STATUS_NAMES = { in_progress: 'learner.attempt.in_progress', submitted: 'learner.attempt.submitted', awaiting_review: 'learner.attempt.awaiting_review', graded: 'learner.attempt.graded' };
const SUBMISSION_STATUS_NAMES = { submitted: 'learner.submission.submitted', graded: 'learner.submission.graded', rejected: 'learner.submission.rejected', uploading: 'learner.submission.uploading' };

/** A saved or posted answer as the text of a form control (option ids, text and numbers); anything else shows empty. */
const answerText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

const lessonHref = (enrollmentId: string, lessonId: string) => `/learn/${enrollmentId}/lessons/${encodeURIComponent(lessonId)}`;

function neighbours(content: Content, lessonId: string) {
  const all = content.modules.flatMap((m) => m.lessons);
  const at = all.findIndex((l) => l.id === lessonId);
  return { prev: at > 0 ? all[at - 1] : null, next: at >= 0 && at < all.length - 1 ? all[at + 1] : null };
}

function neighbourLinks(content: Content, enrollmentId: string, lessonId: string) {
  const { prev, next } = neighbours(content, lessonId);
  return {
    prev: prev ? { href: lessonHref(enrollmentId, prev.id), title: prev.title } : null,
    next: next ? { href: lessonHref(enrollmentId, next.id), title: next.title } : null,
    outlineHref: `/learn/${enrollmentId}`,
  };
}

/**
 * The quiz form's fields as the service's answers: the form shows every question, so an empty
 * field clears its answer. A number that does not read as one is passed on as typed, for the
 * service to refuse next to its question. `typed` keeps what was typed for showing the form again.
 */
function answersOf(questions: Question[], body: Record<string, unknown>) {
  const answers: Record<string, unknown> = {};
  const typed: Record<string, unknown> = {};
  for (const q of questions) {
    const raw = body[`answers.${q.id}`];
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
    typed[q.id] = q.kind === 'multiple_choice' ? list : (list[0] ?? '');
    const text = list[0] ?? '';
    switch (q.kind) {
      case 'multiple_choice':
        answers[q.id] = list.length ? list : null;
        break;
      case 'numeric': {
        const trimmed = text.trim();
        const n = Number(trimmed.replace(',', '.'));
        answers[q.id] = trimmed === '' ? null : Number.isFinite(n) ? n : trimmed;
        break;
      }
      case 'short_answer':
      case 'essay':
        answers[q.id] = text === '' ? null : text;
        break;
      default:
        answers[q.id] = text === '' ? null : text;
    }
  }
  return { answers, typed };
}
