import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applyReviews, quizPassMark, sameGrade, type AttemptStatus, type CourseDocument, type GradingItemStatus, type ScoredSelection } from '@mahir/course';
import type { JobPayloads } from '@mahir/jobs';
import { writeOutboxEvent } from '@mahir/persistence';
import { TransactionalJobHandler } from '../jobs/transactional-job.handler';
import { completeGradedLesson } from './complete-graded-lesson';
import type { QuizAttemptRow } from './quiz-attempt-row';

export type ReviewOutcome =
  /** Unknown attempt, or not awaiting review / graded: nothing to do. */
  | { outcome: 'skipped'; status: AttemptStatus | null }
  /** Some essay still has no grade. */
  | { outcome: 'waiting'; pending: number }
  /** Graded already with exactly this result (a duplicate or replayed event). */
  | { outcome: 'unchanged' }
  | { outcome: 'graded'; scorePercent: number; passed: boolean };

type LockedAttempt = Pick<
  QuizAttemptRow,
  'id' | 'tenant_id' | 'enrollment_id' | 'lesson_id' | 'status' | 'max_points' | 'score_points' | 'score_percent' | 'passed' | 'results' | 'employee_id' | 'course_id' | 'course_version'
>;

interface ItemRow {
  question_id: string;
  status: GradingItemStatus;
  points: string | null;
  feedback: string | null;
  rubric_selections: ScoredSelection[] | null;
  revision: number;
}

/**
 * Finalizes an attempt whose essays people grade: once every essay has a grade, one transaction with
 * the attempt locked writes the score, verdict and per-question results (with feedback), completes the
 * quiz lesson when passed, and writes 'enrollment.progressed' (the completion rules) and a
 * 'grading.graded' notification. A re-grade runs the same way and recomputes the score. Idempotent:
 * a result equal to the stored one changes and announces nothing.
 */
@Injectable()
export class ReviewRecordedHandler extends TransactionalJobHandler<'review.recorded', ReviewOutcome> {
  readonly job = 'review.recorded';

  protected async run(tx: EntityManager, { tenantId, attemptId }: JobPayloads['review.recorded']): Promise<ReviewOutcome> {
    const [attempt]: LockedAttempt[] = await tx.query(
      `SELECT a.id, a.tenant_id, a.enrollment_id, a.lesson_id, a.status, a.max_points, a.score_points, a.score_percent, a.passed, a.results,
              e.employee_id, e.course_id, e.course_version
       FROM quiz_attempt a JOIN enrollment e ON e.tenant_id = a.tenant_id AND e.id = a.enrollment_id
       WHERE a.tenant_id = $1 AND a.id = $2 FOR UPDATE OF a`,
      [tenantId, attemptId],
    );
    if (!attempt || (attempt.status !== 'awaiting_review' && attempt.status !== 'graded') || !attempt.results) {
      return { outcome: 'skipped', status: attempt?.status ?? null };
    }
    const items: ItemRow[] = await tx.query(
      `SELECT question_id, status, points, feedback, rubric_selections, revision FROM grading_item WHERE tenant_id = $1 AND attempt_id = $2`,
      [tenantId, attemptId],
    );
    const pending = items.filter((i) => i.status !== 'graded').length;
    if (pending > 0) return { outcome: 'waiting', pending };

    const [version]: { document: CourseDocument }[] = await tx.query(`SELECT document FROM course_version WHERE course_id = $1 AND version = $2`, [
      attempt.course_id,
      attempt.course_version,
    ]);
    const doc = version.document;
    const passMark = quizPassMark(doc, attempt.lesson_id);
    const reviews = items.map((i) => ({ questionId: i.question_id, points: Number(i.points), feedback: i.feedback, rubric: i.rubric_selections }));
    const graded = applyReviews(attempt.results, reviews, Number(attempt.max_points), passMark);
    if (!graded) return { outcome: 'waiting', pending: 0 };

    const stored = { scorePoints: Number(attempt.score_points), scorePercent: Number(attempt.score_percent), passed: attempt.passed, results: attempt.results };
    if (attempt.status === 'graded' && sameGrade(stored, graded)) return { outcome: 'unchanged' };

    await tx.query(
      `UPDATE quiz_attempt SET status = 'graded', graded_at = now(), score_points = $2, score_percent = $3, passed = $4, results = $5 WHERE id = $1`,
      [attempt.id, graded.scorePoints, graded.scorePercent, graded.passed, JSON.stringify(graded.results)],
    );
    if (graded.passed) {
      await completeGradedLesson(tx, attempt.tenant_id, attempt.enrollment_id, attempt.lesson_id);
    }
    await writeOutboxEvent(tx, 'enrollment.progressed', attempt.tenant_id, { tenantId: attempt.tenant_id, enrollmentId: attempt.enrollment_id });
    const revisions = items.reduce((sum, i) => sum + i.revision, 0);
    await writeOutboxEvent(tx, 'notification.requested', attempt.tenant_id, {
      tenantId: attempt.tenant_id,
      employeeId: attempt.employee_id,
      kind: 'grading.graded',
      data: { attemptId: attempt.id, courseTitle: doc.title, scorePercent: graded.scorePercent, passed: graded.passed },
      // One message per state of the grades: a re-grade tells the learner again, a replay does not.
      dedupeKey: `grading.graded:${attempt.id}:${revisions}`,
    });
    this.logger.info({ attemptId, scorePercent: graded.scorePercent, passed: graded.passed }, 'attempt graded by people');
    return { outcome: 'graded', scorePercent: graded.scorePercent, passed: graded.passed };
  }
}
