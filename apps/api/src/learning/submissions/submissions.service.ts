import { Inject, Injectable } from '@nestjs/common';
import type { Client } from 'minio';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourseDocument, LessonOf } from '@mahir/course';
import { newObjectKey, readRange, STORAGE_BUCKET, STORAGE_CLIENT, uploadedObject } from '@mahir/storage';
import { tenantOf, type Actor } from '../../platform';
import { lessonsOf, PinnedEnrollments } from '../delivery/pinned-enrollments';
import { SNIFF_BYTES } from '../../competency';
import { Problem } from '../../platform';
import { SUBMISSION_CONTENT_TYPES, SUBMISSION_MAX_BYTES, SUBMISSION_TYPES, sniffHead, ZIP_TAIL_BYTES, zipDirectoryOf, zipEntryNames, zipFlavourOf, type SubmissionType } from './submission-type';

/** How long a presigned upload URL stays valid. */
export const SUBMISSION_UPLOAD_SECONDS = 600;
/** A central directory larger than this is not read (a zip bomb's index, not a report). */
const MAX_ZIP_DIRECTORY = 4 * 1024 * 1024;

interface SubmissionRow {
  id: string;
  tenant_id: string;
  enrollment_id: string;
  lesson_id: string;
  object_key: string;
  file_name: string | null;
  status: 'uploading' | 'submitted' | 'graded' | 'rejected';
  number: number | null;
  content_type: string | null;
  size: string | null;
  max_points: string;
  score_points: string | null;
  score_percent: string | null;
  passed: boolean | null;
  feedback: string | null;
  rubric_selections: unknown;
  created_at: Date;
  submitted_at: Date | null;
  graded_at: Date | null;
}

/** Display only: the last path segment, without control characters. */
const cleanFileName = (name: string | undefined) => {
  const base = [...(name?.split(/[\\/]/).pop() ?? '')].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('').trim();
  return base ? base.slice(0, 255) : null;
};

/** What the learner sees of one submission: the file, and once graded the score, verdict and feedback. */
export function submissionView(r: SubmissionRow) {
  return {
    id: r.id,
    enrollmentId: r.enrollment_id,
    lessonId: r.lesson_id,
    number: r.number,
    status: r.status,
    fileName: r.file_name,
    contentType: r.content_type,
    size: r.size === null ? null : Number(r.size),
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    grade:
      r.status === 'graded'
        ? {
            points: Number(r.score_points),
            maxPoints: Number(r.max_points),
            scorePercent: Number(r.score_percent),
            passed: r.passed,
            feedback: r.feedback,
            rubric: r.rubric_selections,
            gradedAt: r.graded_at,
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
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    private readonly pinned: PinnedEnrollments,
  ) {}

  async request(actor: Actor, enrollmentId: string, lessonId: string, contentType: string, size: number, fileName?: string) {
    const enrollment = await this.pinned.load(this.db, actor, enrollmentId, ['active']);
    const lesson = assignmentOf(enrollment.document, lessonId);
    const declared = contentType.split(';')[0].trim().toLowerCase();
    const type = SUBMISSION_TYPES.find((t) => t.contentType === declared);
    if (!type) throw Problem.field(415, 'contentType', 'submission.unsupportedType', { allowed: SUBMISSION_CONTENT_TYPES.join(', ') });
    if (size > SUBMISSION_MAX_BYTES) throw Problem.field(413, 'size', 'submission.tooLarge', { limit: SUBMISSION_MAX_BYTES });
    await this.assertMayHandIn(this.db, enrollment.id, lessonId, enrollment.document);
    const objectKey = newObjectKey(enrollment.tenantId, 'assignment-submissions', type.extension);
    const [row] = await this.db.query(
      `INSERT INTO assignment_submission (tenant_id, enrollment_id, lesson_id, object_key, file_name, declared_type, declared_size, max_points)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [enrollment.tenantId, enrollment.id, lessonId, objectKey, cleanFileName(fileName), declared, size, lesson.maxPoints],
    );
    const uploadUrl = await this.storage.presignedPutObject(this.bucket, objectKey, SUBMISSION_UPLOAD_SECONDS);
    return { id: row.id as string, uploadUrl, expiresInSeconds: SUBMISSION_UPLOAD_SECONDS, maxBytes: SUBMISSION_MAX_BYTES };
  }

  /** Verifies the uploaded object; accepted, it is numbered and waits in the grading inbox. Again: the same answer. */
  async complete(actor: Actor, submissionId: string) {
    const outcome = await this.db.transaction(async (tx) => {
      const found = await this.own(tx, actor, submissionId);
      // The enrollment lock orders two completions of one learner (and their numbering).
      const enrollment = await this.pinned.load(tx, actor, found.enrollment_id, ['active'], true);
      const [s]: SubmissionRow[] = await tx.query(`SELECT * FROM assignment_submission WHERE id = $1 FOR UPDATE`, [submissionId]);
      if (s.status === 'submitted' || s.status === 'graded') return submissionView(s);
      if (s.status === 'rejected') throw new Problem(409, 'submission.rejected');
      const lesson = assignmentOf(enrollment.document, s.lesson_id);
      await this.assertMayHandIn(tx, s.enrollment_id, s.lesson_id, enrollment.document);

      const stored = await uploadedObject(this.storage, this.bucket, s.object_key, SNIFF_BYTES);
      if (!stored) throw Problem.field(409, 'file', 'submission.objectMissing');
      const size = stored.size;
      const type = size > 0 && size <= SUBMISSION_MAX_BYTES ? await this.sniff(s.object_key, size, stored.head) : null;
      if (!type || size > SUBMISSION_MAX_BYTES) {
        const failure =
          size > SUBMISSION_MAX_BYTES
            ? Problem.field(413, 'file', 'submission.tooLarge', { limit: SUBMISSION_MAX_BYTES })
            : Problem.field(415, 'file', 'submission.unsupportedType', { allowed: SUBMISSION_CONTENT_TYPES.join(', ') });
        await this.storage.removeObject(this.bucket, s.object_key);
        await tx.query(`UPDATE assignment_submission SET status = 'rejected', size = $2 WHERE id = $1`, [s.id, size]);
        return failure;
      }
      const [{ next }] = await tx.query(`SELECT coalesce(max(number), 0) + 1 AS next FROM assignment_submission WHERE enrollment_id = $1 AND lesson_id = $2`, [
        s.enrollment_id,
        s.lesson_id,
      ]);
      // An UPDATE answers [rows, count] through TypeORM's query(): the rows are its first element.
      const [[updated]]: [SubmissionRow[], number] = await tx.query(
        `UPDATE assignment_submission SET status = 'submitted', number = $2, content_type = $3, size = $4, submitted_at = now() WHERE id = $1 RETURNING *`,
        [s.id, next, type.contentType, size],
      );
      await tx.query(
        `INSERT INTO grading_item (tenant_id, kind, submission_id, enrollment_id, course_id, max_points) VALUES ($1, 'assignment', $2, $3, $4, $5)`,
        [s.tenant_id, s.id, s.enrollment_id, enrollment.courseId, lesson.maxPoints],
      );
      return submissionView(updated);
    });
    // A rejection is committed first, then told.
    if (outcome instanceof Problem) throw outcome;
    return outcome;
  }

  async get(actor: Actor, submissionId: string) {
    return submissionView(await this.own(this.db, actor, submissionId));
  }

  /** The learner's submissions of one assignment lesson (any enrollment state with a pinned version), newest first. */
  async list(actor: Actor, enrollmentId: string, lessonId: string) {
    const enrollment = await this.pinned.load(this.db, actor, enrollmentId, ['active', 'completed', 'failed', 'withdrawn']);
    const lesson = assignmentOf(enrollment.document, lessonId);
    const rows: SubmissionRow[] = await this.db.query(
      `SELECT * FROM assignment_submission WHERE enrollment_id = $1 AND lesson_id = $2 AND status <> 'uploading' ORDER BY created_at DESC, id`,
      [enrollment.id, lessonId],
    );
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
  private async own(runner: EntityManager | DataSource, actor: Actor, id: string): Promise<SubmissionRow> {
    const [row]: SubmissionRow[] = await runner.query(
      `SELECT s.* FROM assignment_submission s JOIN enrollment e ON e.tenant_id = s.tenant_id AND e.id = s.enrollment_id
       WHERE s.id = $1 AND s.tenant_id = $2 AND e.employee_id = $3`,
      [id, tenantOf(actor), actor.employeeId],
    );
    if (!row) throw Problem.notFound('submission.notFound');
    return row;
  }

  /** One waiting for a grade at a time, nothing after a pass, and at most attemptsAllowed accepted ones. */
  private async assertMayHandIn(runner: EntityManager | DataSource, enrollmentId: string, lessonId: string, doc: CourseDocument) {
    const [state] = await runner.query(
      `SELECT count(*) FILTER (WHERE status = 'submitted')::int AS waiting, count(*) FILTER (WHERE status IN ('submitted', 'graded'))::int AS used,
              coalesce(bool_or(passed), false) AS passed
       FROM assignment_submission WHERE enrollment_id = $1 AND lesson_id = $2`,
      [enrollmentId, lessonId],
    );
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
