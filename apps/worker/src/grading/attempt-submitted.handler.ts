import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { gradeAttempt, quizPassMark, type AttemptStatus, type CourseDocument } from '@mahir/course';
import type { JobPayloads } from '@mahir/jobs';
import { writeOutboxEvent } from '@mahir/persistence';
import { TransactionalJobHandler } from '../jobs/transactional-job.handler';
import { correctedBank } from './corrected-bank';
import { completeGradedLesson } from './complete-graded-lesson';
import type { QuizAttemptRow } from './quiz-attempt-row';

export type AttemptGradingResult =
  /** Unknown, or no longer 'submitted' (graded by an earlier run): nothing to do. */
  | { outcome: 'skipped'; status: AttemptStatus | null }
  | { outcome: 'graded'; scorePercent: number; passed: boolean }
  | { outcome: 'awaiting_review'; scorePoints: number };

type LockedAttempt = Pick<QuizAttemptRow, 'id' | 'tenant_id' | 'enrollment_id' | 'lesson_id' | 'status' | 'questions' | 'answers' | 'course_id' | 'course_version'>;

/**
 * Automatic grading of a submitted quiz attempt, in one transaction with the attempt row locked:
 * scores what a machine can (see gradeAttempt), leaves essays awaiting a person, and when the
 * attempt passed marks the quiz lesson completed. A graded attempt announces 'enrollment.progressed'
 * in the same transaction, so the completion rules see the new grade. Idempotent: only a
 * 'submitted' attempt is graded, so a duplicate or retried job finds nothing to do.
 */
@Injectable()
export class AttemptSubmittedHandler extends TransactionalJobHandler<'attempt.submitted', AttemptGradingResult> {
  readonly job = 'attempt.submitted';

  protected async run(tx: EntityManager, { tenantId, attemptId }: JobPayloads['attempt.submitted']): Promise<AttemptGradingResult> {
    const [attempt]: LockedAttempt[] = await tx.query(
      `SELECT a.id, a.tenant_id, a.enrollment_id, a.lesson_id, a.status, a.questions, a.answers, e.course_id, e.course_version
       FROM quiz_attempt a JOIN enrollment e ON e.tenant_id = a.tenant_id AND e.id = a.enrollment_id
       WHERE a.tenant_id = $1 AND a.id = $2 FOR UPDATE OF a`,
      [tenantId, attemptId],
    );
    if (!attempt || attempt.status !== 'submitted') return { outcome: 'skipped', status: attempt?.status ?? null };

    const [version]: { document: CourseDocument }[] = await tx.query(`SELECT document FROM course_version WHERE course_id = $1 AND version = $2`, [
      attempt.course_id,
      attempt.course_version,
    ]);
    const doc = version.document;
    const passMark = quizPassMark(doc, attempt.lesson_id);
    // Answer-key corrections of the pinned version apply on top of its document (corrected-bank.ts).
    const bank = await correctedBank(tx, attempt.course_id, attempt.course_version, doc.questionBank);
    const grade = gradeAttempt(attempt.questions, bank, attempt.answers, passMark);

    await tx.query(
      `UPDATE quiz_attempt SET status = $2, graded_at = CASE WHEN $2 = 'graded' THEN now() END,
              score_points = $3, max_points = $4, score_percent = $5, passed = $6, results = $7
       WHERE id = $1`,
      [attempt.id, grade.pendingReview ? 'awaiting_review' : 'graded', grade.scorePoints, grade.maxPoints, grade.scorePercent, grade.passed, JSON.stringify(grade.results)],
    );
    if (grade.pendingReview) {
      // One grading item per essay, for the graders' inbox (issue 6); a rerun adds nothing.
      await tx.query(
        `INSERT INTO grading_item (tenant_id, kind, attempt_id, question_id, enrollment_id, course_id, max_points)
         SELECT $1, 'essay', $2, r->>'questionId', $3, $4, (r->>'points')::numeric FROM jsonb_array_elements($5::jsonb) r
         WHERE r->>'outcome' = 'pending_review'
         ON CONFLICT (attempt_id, question_id) DO NOTHING`,
        [attempt.tenant_id, attempt.id, attempt.enrollment_id, attempt.course_id, JSON.stringify(grade.results)],
      );
      this.logger.info({ attemptId, scorePoints: grade.scorePoints }, 'attempt awaits a person for its essays');
      return { outcome: 'awaiting_review', scorePoints: grade.scorePoints };
    }
    if (grade.passed) {
      await completeGradedLesson(tx, attempt.tenant_id, attempt.enrollment_id, attempt.lesson_id);
    }
    await writeOutboxEvent(tx, 'enrollment.progressed', attempt.tenant_id, { tenantId: attempt.tenant_id, enrollmentId: attempt.enrollment_id });
    return { outcome: 'graded', scorePercent: grade.scorePercent as number, passed: grade.passed as boolean };
  }
}
