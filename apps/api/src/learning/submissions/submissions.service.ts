import { Inject, Injectable } from '@nestjs/common';
import type { Client } from 'minio';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourseDocument, LessonOf } from '@mahir/course';
import type { AssignmentSubmission } from '@mahir/persistence';
import { newObjectKey, readRange, STORAGE_BUCKET, STORAGE_CLIENT, uploadedObject } from '@mahir/storage';
import { tenantOf, type Actor } from '../../platform';
import { lessonsOf, PinnedEnrollments } from '../delivery/pinned-enrollments';
import { SNIFF_BYTES } from '../../competency';
import { Problem } from '../../platform';
import { SubmissionsRepository } from './submissions.repository';
import { SUBMISSION_CONTENT_TYPES, SUBMISSION_MAX_BYTES, SUBMISSION_TYPES, sniffHead, ZIP_TAIL_BYTES, zipDirectoryOf, zipEntryNames, zipFlavourOf, type SubmissionType } from './submission-type';

/** How long a presigned upload URL stays valid. */
export const SUBMISSION_UPLOAD_SECONDS = 600;
/** A central directory larger than this is not read (a zip bomb's index, not a report). */
const MAX_ZIP_DIRECTORY = 4 * 1024 * 1024;

/** Display only: the last path segment, without control characters. */
const cleanFileName = (name: string | undefined) => {
  const base = [...(name?.split(/[\\/]/).pop() ?? '')].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('').trim();
  return base ? base.slice(0, 255) : null;
};

/** What the learner sees of one submission: the file, and once graded the score, verdict and feedback. */
export function submissionView(r: AssignmentSubmission) {
  return {
    id: r.id,
    enrollmentId: r.enrollmentId,
    lessonId: r.lessonId,
    number: r.number,
    status: r.status,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size === null ? null : Number(r.size),
    createdAt: r.createdAt,
    submittedAt: r.submittedAt,
    grade:
      r.status === 'graded'
        ? {
            points: Number(r.scorePoints),
            maxPoints: Number(r.maxPoints),
            scorePercent: Number(r.scorePercent),
            passed: r.passed,
            feedback: r.feedback,
            rubric: r.rubricSelections,
            gradedAt: r.gradedAt,
          }
        : null,
  };
}

/**
 * Assignment lessons: the learner's file goes straight to object storage through a presigned PUT
 * (generated key, declared type and size within the limits); on completion the server checks what
 * really arrived (size, and the type by its bytes — for a zip, by its entries), then the submission
 * waits in the grading inbox. One submission at a time may wait for a grade, none after a pass, and
 * at most the course's attemptsAllowed in all.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly submissions: SubmissionsRepository,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    private readonly pinned: PinnedEnrollments,
  ) {}

  async request(actor: Actor, enrollmentId: string, lessonId: string, contentType: string, size: number, fileName?: string) {
    const enrollment = await this.pinned.load(actor, enrollmentId, ['active']);
    const lesson = assignmentOf(enrollment.document, lessonId);
    const declared = contentType.split(';')[0].trim().toLowerCase();
    const type = SUBMISSION_TYPES.find((t) => t.contentType === declared);
    if (!type) throw Problem.field(415, 'contentType', 'submission.unsupportedType', { allowed: SUBMISSION_CONTENT_TYPES.join(', ') });
    if (size > SUBMISSION_MAX_BYTES) throw Problem.field(413, 'size', 'submission.tooLarge', { limit: SUBMISSION_MAX_BYTES });
    await this.assertMayHandIn(enrollment.id, lessonId, enrollment.document);
    const objectKey = newObjectKey(enrollment.tenantId, 'assignment-submissions', type.extension);
    const id = await this.submissions.create({
      tenantId: enrollment.tenantId, enrollmentId: enrollment.id, lessonId, objectKey, fileName: cleanFileName(fileName),
      declaredType: declared, declaredSize: size, maxPoints: lesson.maxPoints,
    });
    const uploadUrl = await this.storage.presignedPutObject(this.bucket, objectKey, SUBMISSION_UPLOAD_SECONDS);
    return { id, uploadUrl, expiresInSeconds: SUBMISSION_UPLOAD_SECONDS, maxBytes: SUBMISSION_MAX_BYTES };
  }

  /** Verifies the uploaded object; accepted, it is numbered and waits in the grading inbox. Again: the same answer. */
  async complete(actor: Actor, submissionId: string) {
    const outcome = await this.db.transaction(async (tx) => {
      const found = await this.own(actor, submissionId, tx);
      // The enrollment lock orders two completions of one learner (and their numbering).
      const enrollment = await this.pinned.load(actor, found.enrollmentId, ['active'], true, tx);
      const s = await this.submissions.lock(submissionId, tx);
      if (s.status === 'submitted' || s.status === 'graded') return submissionView(s);
      if (s.status === 'rejected') throw new Problem(409, 'submission.rejected');
      const lesson = assignmentOf(enrollment.document, s.lessonId);
      await this.assertMayHandIn(s.enrollmentId, s.lessonId, enrollment.document, tx);

      const stored = await uploadedObject(this.storage, this.bucket, s.objectKey, SNIFF_BYTES);
      if (!stored) throw Problem.field(409, 'file', 'submission.objectMissing');
      const size = stored.size;
      const type = size > 0 && size <= SUBMISSION_MAX_BYTES ? await this.sniff(s.objectKey, size, stored.head) : null;
      if (!type || size > SUBMISSION_MAX_BYTES) {
        const failure =
          size > SUBMISSION_MAX_BYTES
            ? Problem.field(413, 'file', 'submission.tooLarge', { limit: SUBMISSION_MAX_BYTES })
            : Problem.field(415, 'file', 'submission.unsupportedType', { allowed: SUBMISSION_CONTENT_TYPES.join(', ') });
        await this.storage.removeObject(this.bucket, s.objectKey);
        await this.submissions.reject(s.id, size, tx);
        return failure;
      }
      const next = await this.submissions.nextNumber(s.enrollmentId, s.lessonId, tx);
      const updated = await this.submissions.accept(s.id, { number: next, contentType: type.contentType, size }, tx);
      await this.submissions.enqueueForGrading(
        { tenantId: s.tenantId, submissionId: s.id, enrollmentId: s.enrollmentId, courseId: enrollment.courseId, maxPoints: lesson.maxPoints },
        tx,
      );
      return submissionView(updated);
    });
    // A rejection is committed first, then told.
    if (outcome instanceof Problem) throw outcome;
    return outcome;
  }

  async get(actor: Actor, submissionId: string) {
    return submissionView(await this.own(actor, submissionId));
  }

  /** The learner's submissions of one assignment lesson (any enrollment state with a pinned version), newest first. */
  async list(actor: Actor, enrollmentId: string, lessonId: string) {
    const enrollment = await this.pinned.load(actor, enrollmentId, ['active', 'completed', 'failed', 'withdrawn']);
    const lesson = assignmentOf(enrollment.document, lessonId);
    const rows = await this.submissions.list(enrollment.id, lessonId);
    return {
      lessonId,
      title: lesson.title,
      instructions: lesson.instructions,
      maxPoints: lesson.maxPoints,
      passMark: enrollment.document.grading.passMark,
      attemptsAllowed: enrollment.document.grading.attemptsAllowed,
      items: rows.map(submissionView),
    };
  }

  /** The caller's own submission; anyone else's, in any agency, is not found. */
  private async own(actor: Actor, id: string, manager?: EntityManager): Promise<AssignmentSubmission> {
    const row = await this.submissions.own(tenantOf(actor), actor.employeeId, id, manager);
    if (!row) throw Problem.notFound('submission.notFound');
    return row;
  }

  /** One waiting for a grade at a time, nothing after a pass, and at most attemptsAllowed accepted ones. */
  private async assertMayHandIn(enrollmentId: string, lessonId: string, doc: CourseDocument, manager?: EntityManager) {
    const state = await this.submissions.handInState(enrollmentId, lessonId, manager);
    if (state.passed) throw new Problem(409, 'submission.alreadyPassed');
    if (state.waiting > 0) throw new Problem(409, 'submission.awaitingGrade');
    const allowed = doc.grading.attemptsAllowed;
    if (allowed !== null && state.used >= allowed) throw new Problem(409, 'submission.attemptsUsedUp', { allowed });
  }

  /** The real type: by the first bytes, and for a zip by the names in its central directory. */
  private async sniff(objectKey: string, size: number, head: Buffer): Promise<SubmissionType | null> {
    const first = sniffHead(head);
    if (first !== 'zip') return first;
    const tailOffset = Math.max(0, size - ZIP_TAIL_BYTES);
    const tail = await readRange(this.storage, this.bucket, objectKey, tailOffset, size - tailOffset);
    const where = zipDirectoryOf(tail, tailOffset, size);
    if (!where || where.size > MAX_ZIP_DIRECTORY) return null;
    const directory =
      where.offset >= tailOffset
        ? tail.subarray(where.offset - tailOffset, where.offset - tailOffset + where.size)
        : await readRange(this.storage, this.bucket, objectKey, where.offset, where.size);
    return zipFlavourOf(zipEntryNames(directory));
  }
}

function assignmentOf(doc: CourseDocument, lessonId: string): LessonOf<'assignment'> {
  const lesson = lessonsOf(doc).get(lessonId);
  if (!lesson || lesson.kind !== 'assignment') throw Problem.notFound('submission.lessonNotFound', { lessonId });
  return lesson;
}
