import { Inject, Injectable } from '@nestjs/common';
import type { Client } from 'minio';
import type { CourseDocument, Lesson } from '@mahir/course';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import type { Actor } from '../../platform';
import { MARKDOWN_RENDERER, type MarkdownRenderer } from '../catalog/markdown';
import { Problem } from '../../platform';
import { lessonsOf, PinnedEnrollments, type PinnedEnrollment } from './pinned-enrollments';
import { DeliveryRepository } from './delivery.repository';
import { emptyState, lessonState, type LessonState } from './progress.service';

/** How long a lesson's media link works: long enough to start playing, short enough not to be shared around. */
export const MEDIA_URL_SECONDS = 300;

const READABLE: PinnedEnrollment['status'][] = ['active', 'completed'];

interface QuizSummary {
  attemptsUsed: number;
  passed: boolean;
  open: string | null;
}

/**
 * What a lesson shows in the syllabus: its settings, never its content's answer keys. Quiz questions
 * are not listed at all; an attempt shows its own drawn questions.
 */
function lessonOutline(lesson: Lesson, doc: CourseDocument) {
  const base = { id: lesson.id, kind: lesson.kind, title: lesson.title, required: lesson.required, estimatedMinutes: lesson.estimatedMinutes };
  switch (lesson.kind) {
    case 'video':
      return { ...base, completionThreshold: lesson.completionThreshold };
    case 'quiz': {
      const inBank = lesson.questionIds.filter((id) => doc.questionBank.some((q) => q.id === id)).length;
      return {
        ...base,
        questionCount: lesson.drawCount === null ? inBank : Math.min(lesson.drawCount, inBank),
        timeLimitMinutes: lesson.timeLimitMinutes,
        attemptsAllowed: lesson.attemptsAllowed ?? doc.grading.attemptsAllowed,
        passMark: lesson.passMark,
      };
    }
    case 'assignment':
      return { ...base, maxPoints: lesson.maxPoints };
    default:
      return base;
  }
}

/** The learner's view of an enrollment's course: the pinned version, with their progress. */
@Injectable()
export class ContentService {
  constructor(
    private readonly delivery: DeliveryRepository,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    @Inject(MARKDOWN_RENDERER) private readonly markdown: MarkdownRenderer,
    private readonly enrollments: PinnedEnrollments,
  ) {}

  async content(actor: Actor, enrollmentId: string) {
    const enrollment = await this.enrollments.load(actor, enrollmentId, READABLE);
    const doc = enrollment.document;
    const progress = await this.progress(enrollment.id);
    const quizzes = await this.quizzes(enrollment.id);
    const modules = doc.modules.map((m) => ({
      id: m.id,
      title: m.title,
      lessons: m.lessons.map((l) => ({ ...lessonOutline(l, doc), progress: progress.get(l.id) ?? emptyState(l.id), ...(l.kind === 'quiz' ? { quiz: quizzes.get(l.id) ?? noAttempts } : {}) })),
    }));
    return {
      enrollment: { id: enrollment.id, status: enrollment.status, courseId: enrollment.courseId, courseVersion: enrollment.courseVersion, progressPercent: enrollment.progressPercent },
      course: { title: doc.title, summary: doc.summary, jpMinutes: doc.jpMinutes, passMark: doc.grading.passMark },
      modules,
      resume: resumePoint(doc, progress),
    };
  }

  async lesson(actor: Actor, enrollmentId: string, lessonId: string) {
    const enrollment = await this.enrollments.load(actor, enrollmentId, READABLE);
    const doc = enrollment.document;
    const lesson = lessonsOf(doc).get(lessonId);
    if (!lesson) throw Problem.notFound('delivery.lessonNotFound', { lessonId });
    const progress = (await this.progress(enrollment.id, lessonId)).get(lessonId) ?? emptyState(lessonId);
    const outline = { ...lessonOutline(lesson, doc), progress };
    switch (lesson.kind) {
      case 'text':
        return { ...outline, html: this.markdown.render(lesson.markdown) };
      case 'video':
        return { ...outline, url: lesson.url, media: lesson.objectKey ? await this.media(lesson.objectKey) : null };
      case 'document':
        return { ...outline, media: lesson.objectKey ? await this.media(lesson.objectKey) : null };
      case 'quiz':
        return { ...outline, quiz: (await this.quizzes(enrollment.id, lessonId)).get(lessonId) ?? noAttempts };
      case 'assignment':
        return { ...outline, instructionsHtml: this.markdown.render(lesson.instructions) };
    }
  }

  private async media(objectKey: string) {
    return { url: await this.storage.presignedGetObject(this.bucket, objectKey, MEDIA_URL_SECONDS), expiresInSeconds: MEDIA_URL_SECONDS };
  }

  private async progress(enrollmentId: string, lessonId?: string): Promise<Map<string, LessonState & { updatedAt: Date }>> {
    const rows = await this.delivery.progress(enrollmentId, lessonId);
    return new Map(rows.map((r) => [r.lessonId, { ...lessonState(r), updatedAt: r.updatedAt }]));
  }

  private async quizzes(enrollmentId: string, lessonId?: string): Promise<Map<string, QuizSummary>> {
    const rows = await this.delivery.quizSummaries(enrollmentId, lessonId);
    return new Map(rows.map((r) => [r.lessonId, { attemptsUsed: r.used, passed: r.passed, open: r.open }]));
  }
}

const noAttempts: QuizSummary = { attemptsUsed: 0, passed: false, open: null };

/** Where to pick up on another device: the unfinished lesson touched last, else the first unfinished one. */
function resumePoint(doc: CourseDocument, progress: Map<string, LessonState & { updatedAt: Date }>) {
  const ordered = doc.modules.flatMap((m) => m.lessons);
  const unfinished = ordered.filter((l) => !progress.get(l.id)?.completed);
  const touched = unfinished.filter((l) => progress.has(l.id)).sort((a, b) => (progress.get(b.id)?.updatedAt.getTime() ?? 0) - (progress.get(a.id)?.updatedAt.getTime() ?? 0));
  const next = touched[0] ?? unfinished[0];
  return next ? { lessonId: next.id, position: progress.get(next.id)?.position ?? null } : null;
}
