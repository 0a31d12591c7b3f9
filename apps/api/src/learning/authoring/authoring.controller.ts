import { tmpdir } from 'node:os';
import { unlink } from 'node:fs/promises';
import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import type { Client } from 'minio';
import {
  COURSE_LANGUAGES, COURSE_VISIBILITIES, ENROLLMENT_POLICIES, LESSON_KINDS, QUESTION_KINDS, CHOICE_QUESTION_KINDS,
  type ChoiceOption, type CourseDocument, type Lesson, type Question, type QuestionKind,
} from '@mahir/course';
import { COMPETENCY_LEVELS } from '@mahir/competency';
import { Portal } from '@mahir/runtime';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import type { PortalRequest } from '../../platform';
import { PortalSessions } from '../../platform';
import { createMarkdownRenderer } from '../catalog/markdown';
import { CertificateTemplatesService } from '../../certification';
import { CompetenciesService } from '../../competency';
import { CompetencyQueryDto } from '../../competency';
import { CoursesService } from '../courses/courses.service';
import { CourseUploadsService } from '../courses/course-uploads.service';
import { COURSE_UPLOAD_LIMITS } from '../courses/dto/course-upload.dto';
import { COURSE_STATUSES, CourseQueryDto, CreateCourseDto } from '../courses/dto/course.dto';
import { Problem } from '../../platform';
import { uuidPipe } from '../../platform';
import { problemToForm, validateForm, type FormErrors } from '../../platform';
import { portalLocale, portalText } from '../../platform';
import type { PageFrame } from '../../platform';
import { ViewService } from '../../platform';
import { AuthoringForm } from './authoring-form';
import { dropUnusedQuestion, findLesson, findModule, move, moveLessonToModule, newId, newLesson, quizQuestions, removeLesson, removeModule } from './course-edits';
import { PortalPages } from '../../platform';

export type Course = Awaited<ReturnType<CoursesService['get']>>;
type FormBody = Record<string, unknown>;
/** What multer leaves for a file it wrote to disk (the part of it this controller reads). */
interface DiskFile {
  path: string;
  size: number;
  mimetype: string;
}
type Frame = Omit<PageFrame, 'title'>;
const ITEM_ID = /^[A-Za-z0-9_-]{1,64}$/;
const OPTION_SLOTS = 6;
const MiB = 1024 * 1024;

/** The quizzes and assignments of a course, in its order: the lessons the final grade weighs. */
function gradedLessonsOf(doc: CourseDocument): Lesson[] {
  return doc.modules.flatMap((m) => m.lessons).filter((l) => l.kind === 'quiz' || l.kind === 'assignment');
}

function itemId(value: string): string {
  if (!ITEM_ID.test(value)) throw new NotFoundException();
  return value;
}

/** A select's options with their labels from the catalog (`<prefix>.<value>`). */
export function optionsOf(req: PortalRequest, prefix: string, values: readonly (string | number)[]): { value: string; label: string }[] {
  const lang = portalLocale(req);
  return values.map((v) => ({ value: String(v), label: portalText(`${prefix}.${v}`, lang) }));
}

/** A posted field as text: a form field is text (a number only when the page set it); anything else shows empty. */
const formText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The document of a course's draft, as a copy the editor may change. */
export function draftOf(course: Course): CourseDocument {
  return structuredClone((course.draft as { document: CourseDocument }).document);
}

export function revisionOf(course: Course): number {
  return Number((course.draft as { revision: number }).revision);
}

/**
 * The course editor of training admins: the list of the agency's courses, a new course, and
 * the draft document edited one small change per form (details, competencies, modules,
 * lessons, quiz questions, files). Every change is saved through the courses service with the
 * revision the form was read at, so a concurrent edit answers 409 and nothing typed is lost.
 */
@PortalPages()
@Controller('admin/courses')
export class AuthoringController {
  private readonly markdown = createMarkdownRenderer();

  constructor(
    private readonly views: ViewService,
    private readonly sessions: PortalSessions,
    private readonly courses: CoursesService,
    private readonly uploads: CourseUploadsService,
    private readonly competencies: CompetenciesService,
    private readonly templates: CertificateTemplatesService,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
  ) {}

  // ---- the list and a new course -------------------------------------------------------------

  @Get()
  @Portal('training_admin')
  async list(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Query() query: Record<string, unknown>) {
    return this.renderList(req, res, query, {});
  }

  @Post()
  @Portal('training_admin')
  async create(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Body() body: FormBody) {
    const lang = portalLocale(req);
    const form = new AuthoringForm(body, lang);
    // The title's rules are the API's own (CreateCourseDto); the rest are the optional details of the first draft.
    const checked = await validateForm(req, CreateCourseDto, { title: form.raw('title').trim() });
    if (checked.invalid) form.fail('title', 'authoring.error.required', portalText('authoring.field.courseTitle', lang));
    const extra = this.readDetails(form, lang, false);
    const competencyId = form.raw('competencyId');
    const level = competencyId ? form.int('level', portalText('authoring.field.level', lang), 1, 5) : null;
    if (form.invalid || !checked.value) {
      res.status(400);
      return this.renderList(req, res, {}, { values: form.values(), errors: form.errors, errorSummary: this.summary(req, form.errors) });
    }
    const course = await this.courses.create(req.actor, checked.value.title.trim());
    const doc = draftOf(course);
    Object.assign(doc, extra);
    if (competencyId && level) doc.competencies.push({ competencyId, level: level as CourseDocument['competencies'][number]['level'], validityMonths: null });
    if (extra.summary || extra.jpMinutes || doc.competencies.length) {
      try {
        await this.courses.saveDraft(req.actor, course.id, revisionOf(course), doc);
      } catch (error) {
        // The course exists with its title; its editor shows what could not be kept.
        const shown = this.problem(req, error, []);
        await this.sessions.flash(req.portal.id, { kind: 'error', key: 'authoring.created.partly', params: { reason: shown.errorSummary } });
        return res.redirect(303, `/admin/courses/${course.id}`);
      }
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: 'authoring.created' });
    return res.redirect(303, `/admin/courses/${course.id}`);
  }

  // ---- the editor ----------------------------------------------------------------------------

  @Get(':id')
  @Portal('training_admin')
  async editor(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string) {
    return this.renderEditor(req, await this.courses.get(req.actor, id), {});
  }

  @Post(':id/details')
  @Portal('training_admin')
  async details(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: FormBody) {
    const choices = { templates: await this.templateOptions(req), prerequisites: await this.prerequisiteOptions(req, id) };
    return this.change(req, res, id, body, (doc, form) => {
      const lang = portalLocale(req);
      doc.title = form.text('title', portalText('authoring.field.courseTitle', lang), { required: true, max: 300 }).trim();
      Object.assign(doc, this.readDetails(form, lang, true));
      this.readSettings(doc, form, lang, choices);
      return `/admin/courses/${id}`;
    }, (course, frame) => this.renderEditor(req, course, frame));
  }

  @Post(':id/competencies')
  @Portal('training_admin')
  async addCompetency(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const lang = portalLocale(req);
      const competencyId = form.text('competencyId', portalText('authoring.field.competency', lang), { required: true, max: 36 });
      const level = form.int('level', portalText('authoring.field.level', lang), 1, 5);
      const validityMonths = form.int('validityMonths', portalText('authoring.field.validityMonths', lang), 1, 240, true);
      if (!/^[0-9a-f-]{36}$/i.test(competencyId) && !form.errors['competencyId']) form.fail('competencyId', 'authoring.error.choice', portalText('authoring.field.competency', lang));
      if (doc.competencies.some((c) => c.competencyId === competencyId)) form.fail('competencyId', 'authoring.error.competencyTwice', portalText('authoring.field.competency', lang));
      if (!form.invalid) doc.competencies.push({ competencyId, level: level as (typeof COMPETENCY_LEVELS)[number], validityMonths });
      return `/admin/courses/${id}#competencies`;
    }, (course, frame) => this.renderEditor(req, course, frame));
  }

  @Post(':id/competencies/:index/delete')
  @Portal('training_admin')
  async removeCompetency(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('index') index: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc) => {
      const at = Number(index);
      if (!Number.isInteger(at) || !doc.competencies[at]) throw new NotFoundException();
      doc.competencies.splice(at, 1);
      return `/admin/courses/${id}#competencies`;
    }, (course, frame) => this.renderEditor(req, course, frame));
  }

  @Post(':id/modules')
  @Portal('training_admin')
  async addModule(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const title = form.text('moduleTitle', portalText('authoring.field.newModuleTitle', portalLocale(req)), { required: true, max: 300 }).trim();
      const module = { id: newId('m'), title, lessons: [] };
      if (!form.invalid) doc.modules.push(module);
      return `/admin/courses/${id}#module-${module.id}`;
    }, (course, frame) => this.renderEditor(req, course, frame), 'authoring.module.added');
  }

  @Get(':id/modules/:moduleId')
  @Portal('training_admin')
  async modulePage(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string, @Param('moduleId') moduleId: string) {
    return this.renderModule(req, await this.courses.get(req.actor, id), itemId(moduleId), {});
  }

  @Post(':id/modules/:moduleId')
  @Portal('training_admin')
  async updateModule(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('moduleId') moduleId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const module = findModule(doc, itemId(moduleId));
      if (!module) throw new NotFoundException();
      module.title = form.text('title', portalText('authoring.field.moduleTitle', portalLocale(req)), { required: true, max: 300 }).trim();
      return `/admin/courses/${id}#module-${module.id}`;
    }, (course, frame) => this.renderModule(req, course, moduleId, frame));
  }

  @Post(':id/modules/:moduleId/move')
  @Portal('training_admin')
  async moveModule(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('moduleId') moduleId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const index = doc.modules.findIndex((m) => m.id === itemId(moduleId));
      if (index < 0) throw new NotFoundException();
      move(doc.modules, index, form.raw('direction') === 'up' ? -1 : 1);
      return `/admin/courses/${id}#module-${moduleId}`;
    }, (course, frame) => this.renderEditor(req, course, frame));
  }

  @Post(':id/modules/:moduleId/delete')
  @Portal('training_admin')
  async deleteModule(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('moduleId') moduleId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc) => {
      if (!removeModule(doc, itemId(moduleId))) throw new NotFoundException();
      return `/admin/courses/${id}#modules`;
    }, (course, frame) => this.renderEditor(req, course, frame), 'authoring.deleted');
  }

  @Post(':id/lessons')
  @Portal('training_admin')
  async addLesson(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const lang = portalLocale(req);
      const moduleId = form.raw('lessonModule');
      const module = findModule(doc, moduleId);
      if (!module) form.fail('lessonModule', 'authoring.error.choice', portalText('authoring.field.lessonModule', lang));
      const kind = form.choice('lessonKind', portalText('authoring.field.lessonKind', lang), LESSON_KINDS);
      const title = form.text('lessonTitle', portalText('authoring.field.newLessonTitle', lang), { required: true, max: 300 }).trim();
      const lesson = newLesson(kind, title);
      if (!form.invalid && module) module.lessons.push(lesson);
      return `/admin/courses/${id}/lessons/${lesson.id}`;
    }, (course, frame) => this.renderEditor(req, course, frame), 'authoring.lesson.added');
  }

  @Get(':id/lessons/:lessonId')
  @Portal('training_admin')
  async lessonPage(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string) {
    return this.renderLesson(req, await this.courses.get(req.actor, id), itemId(lessonId), {});
  }

  @Post(':id/lessons/:lessonId')
  @Portal('training_admin')
  async updateLesson(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const found = findLesson(doc, itemId(lessonId));
      if (!found) throw new NotFoundException();
      this.readLesson(found.lesson, form, portalLocale(req));
      return `/admin/courses/${id}/lessons/${lessonId}`;
    }, (course, frame) => this.renderLesson(req, course, lessonId, frame));
  }

  /** The Markdown as learners will see it, nothing saved: the page again (no script) or the HTML alone (authoring.js). */
  @Post(':id/lessons/:lessonId/preview')
  @Portal('training_admin')
  @HttpCode(200)
  async preview(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Body() body: FormBody) {
    const course = await this.courses.get(req.actor, id);
    const form = new AuthoringForm(body, portalLocale(req));
    const html = this.markdown.render(form.raw('markdown').slice(0, 100_000));
    if (/application\/json/.test(req.header('accept') ?? '')) {
      res.setHeader('Cache-Control', 'no-store');
      return { html };
    }
    return this.renderLesson(req, course, itemId(lessonId), { values: form.values() }, html);
  }

  @Post(':id/lessons/:lessonId/move')
  @Portal('training_admin')
  async moveLesson(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const found = findLesson(doc, itemId(lessonId));
      if (!found) throw new NotFoundException();
      move(found.module.lessons, found.index, form.raw('direction') === 'up' ? -1 : 1);
      return `/admin/courses/${id}#lesson-${lessonId}`;
    }, (course, frame) => this.renderEditor(req, course, frame));
  }

  /** Moves the lesson to the end of another module (the lesson page's "move to module"). */
  @Post(':id/lessons/:lessonId/module')
  @Portal('training_admin')
  async moveLessonToModule(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const found = findLesson(doc, itemId(lessonId));
      if (!found) throw new NotFoundException();
      const target = form.raw('targetModule');
      if (!findModule(doc, target) || target === found.module.id) form.fail('targetModule', 'authoring.error.choice', portalText('authoring.field.targetModule', portalLocale(req)));
      else moveLessonToModule(doc, lessonId, target);
      return `/admin/courses/${id}/lessons/${lessonId}`;
    }, (course, frame) => this.renderLesson(req, course, lessonId, frame), 'authoring.lesson.moved');
  }

  @Post(':id/lessons/:lessonId/delete')
  @Portal('training_admin')
  async deleteLesson(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc) => {
      if (!removeLesson(doc, itemId(lessonId))) throw new NotFoundException();
      return `/admin/courses/${id}#modules`;
    }, (course, frame) => this.renderEditor(req, course, frame), 'authoring.deleted');
  }

  /**
   * A video or PDF for the lesson, posted as multipart (portal.js shows the progress). The
   * portal stores it under the key the uploads service hands out, then lets that service
   * check the bytes before the lesson names the file.
   */
  @Post(':id/lessons/:lessonId/upload')
  @Portal('training_admin')
  @UseInterceptors(FileInterceptor('file', { dest: tmpdir(), limits: { fileSize: COURSE_UPLOAD_LIMITS.video.maxBytes, files: 1, fields: 10 } }))
  async upload(
    @Req() req: PortalRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id', uuidPipe('id')) id: string,
    @Param('lessonId') lessonId: string,
    @Body() body: FormBody,
    @UploadedFile() file: DiskFile | undefined,
  ) {
    const lang = portalLocale(req);
    try {
      const course = await this.courses.get(req.actor, id);
      const found = findLesson(draftOf(course), itemId(lessonId));
      if (!found) throw new NotFoundException();
      const kind = found.lesson.kind;
      if (kind !== 'video' && kind !== 'document') throw new NotFoundException();
      const again = (status: number, errors: FormErrors, summary: string) => {
        res.status(status);
        return this.renderLesson(req, course, lessonId, { values: {}, errors, errorSummary: summary });
      };
      if (!file || file.size === 0) return again(400, { file: portalText('authoring.error.required', lang, { label: portalText('authoring.field.file', lang) }) }, this.summary(req, { file: '' }));
      let objectKey: string;
      try {
        const ticket = await this.uploads.request(req.actor, id, kind, file.mimetype, file.size);
        await this.storage.fPutObject(this.bucket, ticket.objectKey, file.path, { 'Content-Type': file.mimetype });
        await this.uploads.complete(req.actor, id, ticket.uploadId);
        objectKey = ticket.objectKey;
      } catch (error) {
        const shown = problemToForm(req, error);
        const message = Object.values(shown.errors)[0] ?? shown.summary;
        return again(error instanceof Problem ? error.getStatus() : 400, { file: message }, message);
      }
      return await this.change(req, res, id, body, (doc) => {
        const target = findLesson(doc, lessonId);
        if (!target || (target.lesson.kind !== 'video' && target.lesson.kind !== 'document')) throw new NotFoundException();
        target.lesson.objectKey = objectKey;
        if (target.lesson.kind === 'video') target.lesson.url = null;
        return `/admin/courses/${id}/lessons/${lessonId}`;
      }, (current, frame) => this.renderLesson(req, current, lessonId, frame), 'authoring.upload.done');
    } finally {
      if (file?.path) await unlink(file.path).catch(() => undefined);
    }
  }

  // ---- quiz questions ------------------------------------------------------------------------

  @Post(':id/lessons/:lessonId/questions')
  @Portal('training_admin')
  async addQuestion(@Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Body() body: FormBody) {
    return this.change(req, res, id, body, (doc, form) => {
      const found = findLesson(doc, itemId(lessonId));
      if (!found || found.lesson.kind !== 'quiz') throw new NotFoundException();
      const question = this.readQuestion(form, portalLocale(req), doc, null);
      if (!form.invalid) {
        doc.questionBank.push(question);
        found.lesson.questionIds.push(question.id);
      }
      return `/admin/courses/${id}/lessons/${lessonId}#questions`;
    }, (course, frame) => this.renderLesson(req, course, lessonId, frame), 'authoring.question.added');
  }

  @Get(':id/lessons/:lessonId/questions/:questionId')
  @Portal('training_admin')
  async questionPage(@Req() req: PortalRequest, @Param('id', uuidPipe('id')) id: string, @Param('lessonId') lessonId: string, @Param('questionId') questionId: string) {
    return this.renderQuestion(req, await this.courses.get(req.actor, id), itemId(lessonId), itemId(questionId), {});
  }

  @Post(':id/lessons/:lessonId/questions/:questionId')
  @Portal('training_admin')
  async updateQuestion(
    @Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string,
    @Param('lessonId') lessonId: string, @Param('questionId') questionId: string, @Body() body: FormBody,
  ) {
    return this.change(req, res, id, body, (doc, form) => {
      const { index } = this.quizQuestion(doc, itemId(lessonId), itemId(questionId));
      const question = this.readQuestion(form, portalLocale(req), doc, doc.questionBank[index]);
      if (!form.invalid) doc.questionBank[index] = question;
      return `/admin/courses/${id}/lessons/${lessonId}#questions`;
    }, (course, frame) => this.renderQuestion(req, course, lessonId, questionId, frame));
  }

  @Post(':id/lessons/:lessonId/questions/:questionId/move')
  @Portal('training_admin')
  async moveQuestion(
    @Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string,
    @Param('lessonId') lessonId: string, @Param('questionId') questionId: string, @Body() body: FormBody,
  ) {
    return this.change(req, res, id, body, (doc, form) => {
      const { quiz } = this.quizQuestion(doc, itemId(lessonId), itemId(questionId));
      move(quiz.questionIds, quiz.questionIds.indexOf(questionId), form.raw('direction') === 'up' ? -1 : 1);
      return `/admin/courses/${id}/lessons/${lessonId}#questions`;
    }, (course, frame) => this.renderLesson(req, course, lessonId, frame));
  }

  @Post(':id/lessons/:lessonId/questions/:questionId/delete')
  @Portal('training_admin')
  async deleteQuestion(
    @Req() req: PortalRequest, @Res({ passthrough: true }) res: Response, @Param('id', uuidPipe('id')) id: string,
    @Param('lessonId') lessonId: string, @Param('questionId') questionId: string, @Body() body: FormBody,
  ) {
    return this.change(req, res, id, body, (doc) => {
      const { quiz } = this.quizQuestion(doc, itemId(lessonId), itemId(questionId));
      quiz.questionIds = quiz.questionIds.filter((q) => q !== questionId);
      dropUnusedQuestion(doc, questionId);
      return `/admin/courses/${id}/lessons/${lessonId}#questions`;
    }, (course, frame) => this.renderLesson(req, course, lessonId, frame), 'authoring.deleted');
  }

  // ---- one change, saved with its revision ---------------------------------------------------

  /**
   * Reads the current draft, makes one change, saves it with the revision the form carried.
   * Bad input (400) or a refusal of the service (409 stale revision or in review, 422) shows
   * the same form again with what was typed; success flashes and redirects (303).
   */
  private async change(
    req: PortalRequest,
    res: Response,
    id: string,
    body: FormBody,
    edit: (doc: CourseDocument, form: AuthoringForm) => string,
    again: (course: Course, frame: Frame) => Promise<string> | string,
    flashKey = 'authoring.saved',
  ) {
    const course = await this.courses.get(req.actor, id);
    const form = new AuthoringForm(body, portalLocale(req));
    const doc = draftOf(course);
    const next = edit(doc, form);
    if (form.invalid) {
      res.status(400);
      return again(course, { values: form.values(), errors: form.errors, errorSummary: this.summary(req, form.errors) });
    }
    const revision = Number(form.raw('revision'));
    try {
      await this.courses.saveDraft(req.actor, id, Number.isInteger(revision) && revision > 0 ? revision : 0, doc);
    } catch (error) {
      const shown = this.problem(req, error, Object.keys(body));
      res.status(error instanceof Problem ? error.getStatus() : 400);
      // Shown with the current draft (and its revision), so sending the form again applies the change to it.
      return again(await this.courses.get(req.actor, id), { values: form.values(), ...shown });
    }
    await this.sessions.flash(req.portal.id, { kind: 'success', key: flashKey });
    return res.redirect(303, next);
  }

  /** A service's refusal as form errors: a field the form has gets its message beside it, anything else (revision, state) the summary. */
  private problem(req: PortalRequest, error: unknown, fields: string[]): { errors: FormErrors; errorSummary: string } {
    const shown = problemToForm(req, error);
    const errors: FormErrors = {};
    const elsewhere: string[] = [];
    for (const [field, message] of Object.entries(shown.errors)) {
      const name = field.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? field;
      if (fields.includes(name) && name !== 'revision') errors[name] = message;
      else elsewhere.push(message);
    }
    const summary = elsewhere.length ? elsewhere.join(' ') : Object.keys(errors).length ? this.summary(req, errors) : shown.summary;
    return { errors, errorSummary: summary };
  }

  private summary(req: PortalRequest, errors: FormErrors): string {
    return portalText('common.formErrors', portalLocale(req), { count: Object.keys(errors).length });
  }

  // ---- reading forms -------------------------------------------------------------------------

  private readDetails(form: AuthoringForm, lang: 'id' | 'en', full: boolean): Partial<CourseDocument> {
    const label = (key: string) => portalText(`authoring.field.${key}`, lang);
    const out: Partial<CourseDocument> = {
      summary: form.text('summary', label('summary'), { max: 2_000 }).trim(),
      jpMinutes: form.int('jpMinutes', label('jpMinutes'), 0, 100_000, !full) ?? 0,
    };
    if (!full) return out;
    const category = form.text('category', label('category'), { max: 100 }).trim();
    return {
      ...out,
      description: form.text('description', label('description'), { max: 100_000 }),
      category: category || null,
      language: form.choice('language', label('language'), COURSE_LANGUAGES),
      enrollmentPolicy: form.choice('enrollmentPolicy', label('enrollmentPolicy'), ENROLLMENT_POLICIES),
      visibility: form.choice('visibility', label('visibility'), COURSE_VISIBILITIES),
    };
  }

  /**
   * The details form's certificate template, final-grade settings and prerequisites. A field the
   * posted form does not carry leaves its part of the document as it is.
   */
  private readSettings(doc: CourseDocument, form: AuthoringForm, lang: 'id' | 'en', choices: { templates: { id: string }[]; prerequisites: { id: string }[] }): void {
    const label = (key: string, params: Record<string, unknown> = {}) => portalText(`authoring.field.${key}`, lang, params);
    if (form.has('certificateTemplateId')) {
      const chosen = form.raw('certificateTemplateId');
      if (!chosen) doc.certificateTemplateId = null;
      else if (chosen === doc.certificateTemplateId || choices.templates.some((t) => t.id === chosen)) doc.certificateTemplateId = chosen;
      else form.fail('certificateTemplateId', 'authoring.error.choice', label('certificateTemplate'));
    }
    if (form.has('coursePassMark')) doc.grading.passMark = form.number('coursePassMark', label('coursePassMark'), 0, 100) ?? doc.grading.passMark;
    if (form.has('courseAttempts')) doc.grading.attemptsAllowed = form.int('courseAttempts', label('courseAttempts'), 1, 100, true);
    const graded = gradedLessonsOf(doc);
    if (graded.some((l) => form.has(`weight-${l.id}`))) {
      const weights: CourseDocument['grading']['weights'] = [];
      for (const lesson of graded) {
        const name = `weight-${lesson.id}`;
        const weight = form.number(name, label('weight', { title: lesson.title }), 0, 1_000, true);
        if (weight === 0) form.fail(name, 'authoring.error.positive', label('weight', { title: lesson.title }));
        else if (weight !== null) weights.push({ lessonId: lesson.id, weight });
      }
      // All empty: every quiz and assignment weighs the same.
      doc.grading.weights = weights;
    }
    if (form.has('prerequisites')) {
      const chosen = [...new Set(form.all('prerequisites'))];
      const allowed = new Set([...choices.prerequisites.map((c) => c.id), ...doc.prerequisites]);
      if (chosen.some((c) => !allowed.has(c))) form.fail('prerequisites', 'authoring.error.choice', label('prerequisites'));
      else if (chosen.length > 20) form.fail('prerequisites', 'authoring.error.tooMany', label('prerequisites'), { max: 20 });
      else doc.prerequisites = chosen;
    }
  }

  private readLesson(lesson: Lesson, form: AuthoringForm, lang: 'id' | 'en'): void {
    const label = (key: string) => portalText(`authoring.field.${key}`, lang);
    lesson.title = form.text('title', label('lessonTitle'), { required: true, max: 300 }).trim();
    lesson.required = form.bool('required');
    lesson.estimatedMinutes = form.int('estimatedMinutes', label('estimatedMinutes'), 0, 100_000) ?? 0;
    switch (lesson.kind) {
      case 'text':
        lesson.markdown = form.text('markdown', label('markdown'), { max: 100_000 });
        return;
      case 'video': {
        const url = form.text('url', label('url'), { max: 2_000 }).trim();
        if (url && !/^https?:\/\/[^\s]+$/i.test(url)) form.fail('url', 'authoring.error.url', label('url'));
        lesson.url = url || null;
        // A link replaces an uploaded file: a video has one source.
        if (url) lesson.objectKey = null;
        lesson.completionThreshold = form.int('completionThreshold', label('completionThreshold'), 1, 100) ?? 90;
        return;
      }
      case 'document':
        return;
      case 'quiz':
        lesson.passMark = form.number('passMark', label('quizPassMark'), 0, 100) ?? 70;
        lesson.timeLimitMinutes = form.int('timeLimitMinutes', label('timeLimitMinutes'), 1, 1_440, true);
        lesson.attemptsAllowed = form.int('attemptsAllowed', label('attemptsAllowed'), 1, 100, true);
        lesson.drawCount = form.int('drawCount', label('drawCount'), 1, 500, true);
        lesson.shuffle = form.bool('shuffle');
        return;
      case 'assignment':
        lesson.instructions = form.text('instructions', label('instructions'), { max: 20_000 });
        lesson.maxPoints = form.number('maxPoints', label('maxPoints'), 0, 1_000) ?? 100;
        return;
    }
  }

  /** A question from its form: options in numbered slots (true/false fills in its two answers when left empty). */
  private readQuestion(form: AuthoringForm, lang: 'id' | 'en', doc: CourseDocument, before: Question | null): Question {
    const label = (key: string, params: Record<string, unknown> = {}) => portalText(`authoring.field.${key}`, lang, params);
    const kind = form.choice('questionKind', label('questionKind'), QUESTION_KINDS);
    const prompt = form.text('prompt', label('prompt'), { required: true, max: 20_000 }).trim();
    const points = form.number('points', label('points'), 0, 1_000) ?? 1;
    const options: ChoiceOption[] = [];
    if ((CHOICE_QUESTION_KINDS as readonly QuestionKind[]).includes(kind)) {
      for (let i = 1; i <= OPTION_SLOTS; i++) {
        let text = form.text(`option${i}`, label('option', { n: i }), { max: 2_000 }).trim();
        if (kind === 'true_false' && !text && i <= 2) text = portalText(i === 1 ? 'authoring.question.true' : 'authoring.question.false', doc.language);
        if (kind === 'true_false' && i > 2) continue;
        if (!text) continue;
        options.push({ id: before?.options[i - 1]?.id ?? newId('o'), text, correct: form.bool(`correct${i}`), feedback: before?.options[i - 1]?.feedback ?? null });
      }
      if (options.length < 2) form.fail('option1', 'authoring.error.twoOptions', label('option', { n: 1 }));
      else if (!options.some((o) => o.correct)) form.fail('correct1', 'authoring.error.noCorrect', label('correct', { n: 1 }));
      else if (kind !== 'multiple_choice' && options.filter((o) => o.correct).length > 1) form.fail('correct1', 'authoring.error.oneCorrect', label('correct', { n: 1 }));
    }
    const acceptedAnswers =
      kind === 'short_answer'
        ? form.text('acceptedAnswers', label('acceptedAnswers'), { required: true, max: 20_000 }).split('\n').map((a) => a.trim()).filter(Boolean).slice(0, 50)
        : [];
    const numericAnswer = kind === 'numeric' ? form.number('numericAnswer', label('numericAnswer'), -1e12, 1e12) : null;
    const tolerance = kind === 'numeric' ? form.number('tolerance', label('tolerance'), 0, 1e12, true) : null;
    return {
      id: before?.id ?? newId('q'),
      kind,
      prompt,
      points,
      options,
      acceptedAnswers,
      caseSensitive: kind === 'short_answer' && form.bool('caseSensitive'),
      ignoreSpaces: kind === 'short_answer' && form.bool('ignoreSpaces'),
      numericAnswer,
      tolerance,
    };
  }

  private quizQuestion(doc: CourseDocument, lessonId: string, questionId: string) {
    const found = findLesson(doc, lessonId);
    if (!found || found.lesson.kind !== 'quiz' || !found.lesson.questionIds.includes(questionId)) throw new NotFoundException();
    const index = doc.questionBank.findIndex((q) => q.id === questionId);
    if (index < 0) throw new NotFoundException();
    return { quiz: found.lesson, index };
  }

  // ---- pages ---------------------------------------------------------------------------------

  private async renderList(req: PortalRequest, res: Response, raw: Record<string, unknown>, frame: Frame) {
    const checked = await validateForm(req, CourseQueryDto, { ...raw, pageSize: '20' });
    const query = checked.value ?? Object.assign(new CourseQueryDto(), { page: 1, pageSize: 20 });
    const page = await this.courses.list(req.actor, query);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const link = (n: number) => {
      const params = new URLSearchParams();
      if (query.q) params.set('q', query.q);
      if (query.status) params.set('status', query.status);
      params.set('page', String(n));
      return `/admin/courses?${params.toString()}`;
    };
    return this.views.page(req, 'authoring/list', { title: 'authoring.list.title', ...frame }, {
      courses: (page.items as { status: string }[]).map((c) => ({ ...c, statusLabel: portalText(`authoring.status.${c.status}`, portalLocale(req)) })),
      query: { q: query.q ?? '', status: query.status ?? '' },
      statuses: optionsOf(req, 'authoring.status', COURSE_STATUSES),
      page: { page: page.page, pages, total: page.total, prev: page.page > 1 ? link(page.page - 1) : null, next: page.page < pages ? link(page.page + 1) : null },
      competencies: await this.competencyOptions(req),
      levels: COMPETENCY_LEVELS,
    });
  }

  private async competencyOptions(req: PortalRequest) {
    const query = Object.assign(new CompetencyQueryDto(), { page: 1, pageSize: 300 });
    return (await this.competencies.list(req.actor, query)).items.map((c) => ({ id: c.id, label: `${c.code} · ${c.name}` }));
  }

  /** The agency's certificate templates, for the course's select. */
  private async templateOptions(req: PortalRequest): Promise<{ id: string; name: string }[]> {
    return ((await this.templates.list(req.actor)) as { id: string; name: string }[]).map((t) => ({ id: t.id, name: t.name }));
  }

  /** The agency's published courses other than this one: what a learner may be asked to finish first. */
  private async prerequisiteOptions(req: PortalRequest, courseId: string): Promise<{ id: string; title: string }[]> {
    const query = Object.assign(new CourseQueryDto(), { page: 1, pageSize: 100, status: 'published' });
    const page = await this.courses.list(req.actor, query);
    return (page.items as { id: string; title: string }[]).filter((c) => c.id !== courseId).map((c) => ({ id: c.id, title: c.title }));
  }

  private async renderEditor(req: PortalRequest, course: Course, frame: Frame) {
    const doc = draftOf(course);
    const [options, templates, published] = await Promise.all([this.competencyOptions(req), this.templateOptions(req), this.prerequisiteOptions(req, course.id)]);
    const names = new Map(options.map((o) => [o.id, o.label]));
    // The other forms of the page keep showing the draft while one form is shown again with what was typed.
    const values = {
      title: doc.title, summary: doc.summary, description: doc.description, category: doc.category ?? '', jpMinutes: doc.jpMinutes,
      language: doc.language, enrollmentPolicy: doc.enrollmentPolicy, visibility: doc.visibility, level: 1,
      certificateTemplateId: doc.certificateTemplateId ?? '', coursePassMark: doc.grading.passMark, courseAttempts: doc.grading.attemptsAllowed ?? '',
      ...(frame.values ?? {}),
    };
    // The details form shown again keeps the boxes that were ticked; otherwise the draft's prerequisites.
    const shownAgain = !!frame.values && 'prerequisites' in frame.values;
    const ticked = new Set(shownAgain ? new AuthoringForm(frame.values ?? {}, portalLocale(req)).all('prerequisites') : doc.prerequisites);
    const titles = new Map(published.map((c) => [c.id, c.title]));
    // A prerequisite that is no longer published stays listed (ticked), so saving does not drop it unseen.
    const prerequisites = [...published, ...doc.prerequisites.filter((p) => !titles.has(p)).map((p) => ({ id: p, title: p }))]
      .map((c) => ({ ...c, checked: ticked.has(c.id) }));
    const weightOf = new Map(doc.grading.weights.map((w) => [w.lessonId, w.weight]));
    const gradedLessons = gradedLessonsOf(doc).map((l) => {
      const name = `weight-${l.id}`;
      const typed = frame.values && name in frame.values ? frame.values[name] : undefined;
      return { id: l.id, title: l.title, name, value: typed ?? weightOf.get(l.id) ?? '', error: frame.errors?.[name] };
    });
    return this.views.page(req, 'authoring/editor', { title: 'authoring.editor.title', titleParams: { title: doc.title }, ...frame, values }, {
      course,
      revision: revisionOf(course),
      doc,
      base: `/admin/courses/${course.id}`,
      competencies: doc.competencies.map((c, index) => ({ ...c, index, name: names.get(c.competencyId) ?? c.competencyId })),
      competencyOptions: options,
      levels: COMPETENCY_LEVELS,
      templates,
      prerequisites,
      gradedLessons,
      modules: doc.modules.map((m, i) => ({
        ...m,
        first: i === 0,
        last: i === doc.modules.length - 1,
        lessons: m.lessons.map((l, j) => ({ id: l.id, title: l.title, kind: l.kind, kindLabel: portalText(`authoring.kind.${l.kind}`, portalLocale(req)), required: l.required, first: j === 0, last: j === m.lessons.length - 1 })),
      })),
      lessonKinds: optionsOf(req, 'authoring.kind', LESSON_KINDS),
      languages: optionsOf(req, 'authoring.language', COURSE_LANGUAGES),
      policies: optionsOf(req, 'authoring.policy', ENROLLMENT_POLICIES),
      visibilities: optionsOf(req, 'authoring.visibility', COURSE_VISIBILITIES),
      statusLabel: portalText(`authoring.status.${course.status}`, portalLocale(req)),
    });
  }

  private renderModule(req: PortalRequest, course: Course, moduleId: string, frame: Frame) {
    const module = findModule(draftOf(course), moduleId);
    if (!module) throw new NotFoundException();
    return this.views.page(req, 'authoring/module', { title: 'authoring.module.title', titleParams: { title: module.title }, ...frame, values: { title: module.title, ...(frame.values ?? {}) } }, {
      course, revision: revisionOf(course), module, base: `/admin/courses/${course.id}`,
    });
  }

  private renderLesson(req: PortalRequest, course: Course, lessonId: string, frame: Frame, preview?: string) {
    const doc = draftOf(course);
    const found = findLesson(doc, lessonId);
    if (!found) throw new NotFoundException();
    const { lesson, module } = found;
    const questions = lesson.kind === 'quiz' ? quizQuestions(doc, lesson.questionIds) : [];
    const fields: Record<string, unknown> = { ...lesson, required: lesson.required ? 'on' : '', shuffle: lesson.kind === 'quiz' && lesson.shuffle ? 'on' : '' };
    for (const key of Object.keys(fields)) if (fields[key] === null) fields[key] = '';
    fields['points'] = 1;
    // A lesson form shown again: an unticked box is absent from what was typed, not a default.
    if (frame.values && 'title' in frame.values) for (const box of ['required', 'shuffle']) delete fields[box];
    return this.views.page(
      req,
      'authoring/lesson',
      { title: 'authoring.lesson.title', titleParams: { title: lesson.title }, ...frame, values: { ...fields, ...(frame.values ?? {}) } },
      {
        course,
        revision: revisionOf(course),
        courseTitle: doc.title,
        module,
        lesson,
        base: `/admin/courses/${course.id}`,
        isText: lesson.kind === 'text',
        isVideo: lesson.kind === 'video',
        isDocument: lesson.kind === 'document',
        isQuiz: lesson.kind === 'quiz',
        isAssignment: lesson.kind === 'assignment',
        hasFile: (lesson.kind === 'video' || lesson.kind === 'document') && !!lesson.objectKey,
        accept: lesson.kind === 'video' ? COURSE_UPLOAD_LIMITS.video.contentTypes.join(',') : COURSE_UPLOAD_LIMITS.document.contentTypes.join(','),
        maxMiB: lesson.kind === 'video' ? COURSE_UPLOAD_LIMITS.video.maxBytes / MiB : COURSE_UPLOAD_LIMITS.document.maxBytes / MiB,
        preview,
        kindLabel: portalText(`authoring.kind.${lesson.kind}`, portalLocale(req)),
        otherModules: doc.modules.filter((m) => m.id !== module.id).map((m) => ({ id: m.id, title: m.title })),
        questions: questions.map((q, i) => ({ ...q, kindLabel: portalText(`authoring.questionKind.${q.kind}`, portalLocale(req)), first: i === 0, last: i === questions.length - 1 })),
        questionKinds: optionsOf(req, 'authoring.questionKind', QUESTION_KINDS),
        slots: this.slots(null, frame.values && 'prompt' in frame.values ? frame.values : undefined, frame.errors),
        scripts: lesson.kind === 'text' ? [this.views.assetUrl('authoring.js')] : [],
      },
    );
  }

  private renderQuestion(req: PortalRequest, course: Course, lessonId: string, questionId: string, frame: Frame) {
    const doc = draftOf(course);
    const { quiz, index } = this.quizQuestion(doc, lessonId, questionId);
    const question = doc.questionBank[index];
    const values: Record<string, unknown> = frame.values ?? {
      questionKind: question.kind, prompt: question.prompt, points: question.points, acceptedAnswers: question.acceptedAnswers.join('\n'),
      numericAnswer: question.numericAnswer ?? '', tolerance: question.tolerance ?? '', caseSensitive: question.caseSensitive ? 'on' : '', ignoreSpaces: question.ignoreSpaces ? 'on' : '',
    };
    return this.views.page(req, 'authoring/question', { title: 'authoring.question.title', ...frame, values }, {
      course, revision: revisionOf(course), courseTitle: doc.title, lesson: quiz, question, base: `/admin/courses/${course.id}`,
      questionKinds: optionsOf(req, 'authoring.questionKind', QUESTION_KINDS), slots: this.slots(question, frame.values, frame.errors),
    });
  }

  /** The numbered option rows of a question form: what was typed, else the question's options, else empty. */
  private slots(question: Question | null, values: Record<string, unknown> | undefined, errors: FormErrors = {}) {
    return Array.from({ length: OPTION_SLOTS }, (_, i) => {
      const n = i + 1;
      const option = question?.options[i];
      return {
        n,
        name: `option${n}`,
        error: errors[`option${n}`],
        correctError: errors[`correct${n}`],
        text: values ? formText(values[`option${n}`]) : option?.text ?? '',
        correct: values ? values[`correct${n}`] === 'on' : !!option?.correct,
      };
    });
  }
}
