import { Inject, Injectable } from '@nestjs/common';
import type { Client } from 'minio';
import { DataSource } from 'typeorm';
import { learnerQuestion, scoreRubric, type CourseDocument, type DrawnQuestion, type RubricCriterion, type ScoredSelection } from '@mahir/course';
import { writeOutboxEvent } from '@mahir/persistence';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import { AuditService } from '../../platform';
import { tenantOf, type Actor } from '../../platform';
import { pageOf, type Page } from '../../platform';
import { Problem } from '../../platform';
import type { GradeItemDto, InboxQueryDto } from './dto/grading.dto';

interface ItemRow {
  id: string;
  tenant_id: string;
  kind: 'essay' | 'assignment';
  /** Essays: the attempt and question; assignments: the submission. */
  attempt_id: string | null;
  question_id: string | null;
  submission_id: string | null;
  enrollment_id: string;
  course_id: string;
  max_points: string;
  status: 'pending' | 'graded';
  points: string | null;
  rubric_selections: ScoredSelection[] | null;
  feedback: string | null;
  revision: number;
  graded_by: string | null;
  graded_at: Date | null;
  created_at: Date;
}

const num = (v: string | null) => (v === null ? null : Number(v));
/** How long a grader's link to an assignment file stays valid. */
export const SUBMISSION_DOWNLOAD_SECONDS = 300;
/** The rubric of an assignment lesson is kept beside the essays', keyed `assignment:<lessonId>`. */
export const assignmentRubricKey = (lessonId: string) => `assignment:${lessonId}`;

/**
 * The graders' side of essays: the inbox of answers waiting for a person, one item with its question,
 * answer and rubric, and grading. A grade (or re-grade) is written with 'review.recorded' in one
 * transaction; the worker finalizes the attempt once every essay of it is graded.
 */
@Injectable()
export class GradingService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
  ) {}

  /** Items waiting for a grade, oldest first. */
  async inbox(actor: Actor, query: InboxQueryDto): Promise<Page<unknown>> {
    const tenantId = tenantOf(actor);
    const params: unknown[] = [tenantId, query.courseId ?? null, query.minAgeHours ?? 0, query.pageSize, (query.page - 1) * query.pageSize];
    const rows: (ItemRow & { course_title: string; full_name: string; nip: string; lesson_id: string; total: number })[] = await this.db.query(
      `SELECT g.*, v.document->>'title' AS course_title, em.full_name, em.nip, coalesce(a.lesson_id, s.lesson_id) AS lesson_id, count(*) OVER ()::int AS total
       FROM grading_item g
       LEFT JOIN quiz_attempt a ON a.id = g.attempt_id
       LEFT JOIN assignment_submission s ON s.id = g.submission_id
       JOIN enrollment e ON e.id = g.enrollment_id
       JOIN course_version v ON v.course_id = e.course_id AND v.version = e.course_version
       JOIN employee em ON em.tenant_id = e.tenant_id AND em.id = e.employee_id
       WHERE g.tenant_id = $1 AND g.status = 'pending' AND ($2::uuid IS NULL OR g.course_id = $2)
         AND g.created_at <= now() - make_interval(hours => $3::int)
       ORDER BY g.created_at, g.id LIMIT $4 OFFSET $5`,
      params,
    );
    const items = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      courseId: r.course_id,
      courseTitle: r.course_title,
      lessonId: r.lesson_id,
      attemptId: r.attempt_id,
      questionId: r.question_id,
      submissionId: r.submission_id,
      learner: { fullName: r.full_name, nip: r.nip },
      maxPoints: Number(r.max_points),
      waitingSince: r.created_at,
    }));
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && query.page > 1) {
      [{ total }] = await this.db.query(
        `SELECT count(*)::int AS total FROM grading_item g WHERE g.tenant_id = $1 AND g.status = 'pending' AND ($2::uuid IS NULL OR g.course_id = $2)
           AND g.created_at <= now() - make_interval(hours => $3::int)`,
        params.slice(0, 3),
      );
    }
    return pageOf(items, total, query);
  }

  /** One item: the question's prompt, the learner's answer, the rubric and the grade so far. */
  async item(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    const [row]: (ItemRow & { answers: Record<string, unknown>; questions: DrawnQuestion[]; lesson_id: string; course_version: number; full_name: string; nip: string } & SubmissionFile)[] =
      await this.db.query(
        `SELECT g.*, a.answers, a.questions, coalesce(a.lesson_id, s.lesson_id) AS lesson_id, e.course_version, em.full_name, em.nip,
                s.object_key, s.file_name, s.content_type, s.size, s.number AS submission_number, s.submitted_at
         FROM grading_item g LEFT JOIN quiz_attempt a ON a.id = g.attempt_id LEFT JOIN assignment_submission s ON s.id = g.submission_id
         JOIN enrollment e ON e.id = g.enrollment_id
         JOIN employee em ON em.tenant_id = e.tenant_id AND em.id = e.employee_id
         WHERE g.tenant_id = $1 AND g.id = $2`,
        [tenantId, id],
      );
    if (!row) throw Problem.notFound('grading.itemNotFound');
    const [version]: { document: CourseDocument }[] = await this.db.query(`SELECT document FROM course_version WHERE course_id = $1 AND version = $2`, [
      row.course_id,
      row.course_version,
    ]);
    if (row.kind === 'assignment') return this.assignmentItem(tenantId, row, version.document);
    const question = version.document.questionBank.find((q) => q.id === row.question_id);
    const drawn = row.questions.find((q) => q.questionId === row.question_id) ?? { questionId: row.question_id as string, optionIds: [] };
    const answer = row.answers[row.question_id as string];
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      revision: row.revision,
      courseId: row.course_id,
      courseTitle: version.document.title,
      lessonId: row.lesson_id,
      attemptId: row.attempt_id,
      learner: { fullName: row.full_name, nip: row.nip },
      question: question ? learnerQuestion(question, drawn) : null,
      answer: typeof answer === 'string' ? answer : null,
      maxPoints: Number(row.max_points),
      rubric: await this.rubricOf(tenantId, row.course_id, row.question_id as string),
      grade:
        row.status === 'graded'
          ? { points: num(row.points), rubric: row.rubric_selections, feedback: row.feedback, gradedBy: row.graded_by, gradedAt: row.graded_at }
          : null,
      waitingSince: row.created_at,
    };
  }

  /**
   * Grades or re-grades: `revision` must be the one read, so two graders at once (or a replay) cannot
   * both win; the row lock orders them and the loser answers 409 with the current revision.
   */
  async grade(actor: Actor, id: string, dto: GradeItemDto) {
    const tenantId = tenantOf(actor);
    if ((dto.points === undefined) === (dto.rubric === undefined)) throw Problem.field(422, 'points', 'grading.pointsOrRubric');
    await this.db.transaction(async (tx) => {
      const [row]: (ItemRow & { employee_id: string; assignment_lesson_id: string | null })[] = await tx.query(
        `SELECT g.*, e.employee_id, s.lesson_id AS assignment_lesson_id FROM grading_item g JOIN enrollment e ON e.id = g.enrollment_id
         LEFT JOIN assignment_submission s ON s.id = g.submission_id WHERE g.tenant_id = $1 AND g.id = $2 FOR UPDATE OF g`,
        [tenantId, id],
      );
      if (!row) throw Problem.notFound('grading.itemNotFound');
      if (actor.employeeId !== null && row.employee_id === actor.employeeId) throw new Problem(403, 'grading.ownAnswer');
      if (row.revision !== dto.revision) throw new Problem(409, 'grading.staleRevision', { currentRevision: row.revision }, [], { currentRevision: row.revision });
      const max = Number(row.max_points);
      let points: number;
      let selections: ScoredSelection[] | null = null;
      if (dto.rubric !== undefined) {
        const rubricKey = row.kind === 'assignment' ? assignmentRubricKey(row.assignment_lesson_id as string) : (row.question_id as string);
        const criteria = await this.rubricOf(tenantId, row.course_id, rubricKey, tx);
        if (!criteria) throw Problem.field(422, 'rubric', 'grading.noRubric');
        const scored = scoreRubric(criteria, dto.rubric);
        if (!scored.ok) throw new Problem(422, 'request.validation', {}, scored.problems.map((p) => ({ field: p.path, rule: p.rule, key: p.rule })));
        points = scored.points;
        selections = scored.selections;
      } else {
        points = dto.points as number;
      }
      if (points > max + 1e-9) throw Problem.field(422, dto.rubric !== undefined ? 'rubric' : 'points', 'grading.aboveMaximum', { max });
      const feedback = dto.feedback?.trim() || null;
      await tx.query(
        `UPDATE grading_item SET status = 'graded', points = $2, rubric_selections = $3, feedback = $4, revision = revision + 1, graded_by = $5, graded_at = now()
         WHERE id = $1`,
        [row.id, points, selections === null ? null : JSON.stringify(selections), feedback, actor.userId],
      );
      const after = { points, rubric: selections, feedback };
      if (row.status === 'graded') {
        await this.audit.record(tx, { tenantId, userId: actor.userId }, 'grading.regraded', 'grading_item', row.id, {
          attemptId: row.attempt_id,
          questionId: row.question_id,
          submissionId: row.submission_id,
          before: { points: num(row.points), rubric: row.rubric_selections, feedback: row.feedback, revision: row.revision },
          after: { ...after, revision: row.revision + 1 },
        });
      } else {
        await this.audit.record(tx, { tenantId, userId: actor.userId }, 'grading.graded', 'grading_item', row.id, {
          attemptId: row.attempt_id,
          questionId: row.question_id,
          submissionId: row.submission_id,
          after,
        });
      }
      if (row.kind === 'assignment') await writeOutboxEvent(tx, 'submission.graded', tenantId, { tenantId, submissionId: row.submission_id as string });
      else await writeOutboxEvent(tx, 'review.recorded', tenantId, { tenantId, attemptId: row.attempt_id as string });
    });
    return this.item(actor, id);
  }

  /** An assignment item: the lesson's instructions, the file with a short-lived download link, the rubric and the grade so far. */
  private async assignmentItem(tenantId: string, row: ItemRow & SubmissionFile & { lesson_id: string; full_name: string; nip: string }, doc: CourseDocument) {
    const lesson = doc.modules.flatMap((m) => m.lessons).find((l) => l.id === row.lesson_id);
    const extension = row.object_key.slice(row.object_key.lastIndexOf('.'));
    const downloadUrl = await this.storage.presignedGetObject(this.bucket, row.object_key, SUBMISSION_DOWNLOAD_SECONDS, {
      'response-content-type': row.content_type ?? 'application/octet-stream',
      'response-content-disposition': `attachment; filename="tugas-${row.nip}-${row.submission_number}${extension}"`,
    });
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      revision: row.revision,
      courseId: row.course_id,
      courseTitle: doc.title,
      lessonId: row.lesson_id,
      submissionId: row.submission_id,
      learner: { fullName: row.full_name, nip: row.nip },
      assignment: lesson?.kind === 'assignment' ? { title: lesson.title, instructions: lesson.instructions } : null,
      file: {
        fileName: row.file_name,
        contentType: row.content_type,
        size: row.size === null ? null : Number(row.size),
        number: row.submission_number,
        submittedAt: row.submitted_at,
        downloadUrl,
        expiresInSeconds: SUBMISSION_DOWNLOAD_SECONDS,
      },
      maxPoints: Number(row.max_points),
      rubric: await this.rubricOf(tenantId, row.course_id, assignmentRubricKey(row.lesson_id)),
      grade:
        row.status === 'graded'
          ? { points: num(row.points), rubric: row.rubric_selections, feedback: row.feedback, gradedBy: row.graded_by, gradedAt: row.graded_at }
          : null,
      waitingSince: row.created_at,
    };
  }

  private async rubricOf(tenantId: string, courseId: string, questionId: string, runner: Pick<DataSource, 'query'> = this.db): Promise<RubricCriterion[] | null> {
    const [row]: { criteria: RubricCriterion[] }[] = await runner.query(
      `SELECT criteria FROM grading_rubric WHERE tenant_id = $1 AND course_id = $2 AND question_id = $3`,
      [tenantId, courseId, questionId],
    );
    return row?.criteria ?? null;
  }
}

/** The submission's file, joined to an assignment item. */
interface SubmissionFile {
  object_key: string;
  file_name: string | null;
  content_type: string | null;
  size: string | null;
  submission_number: number | null;
  submitted_at: Date | null;
}
