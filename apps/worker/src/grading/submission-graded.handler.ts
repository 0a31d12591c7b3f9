import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assignmentScorePercent, type CourseDocument, type GradingItemStatus, type ScoredSelection, type SubmissionStatus } from '@mahir/course';
import type { JobPayloads } from '@mahir/jobs';
import { writeOutboxEvent } from '@mahir/persistence';
import { TransactionalJobHandler } from '../jobs/transactional-job.handler';
import { completeGradedLesson } from './complete-graded-lesson';

export type SubmissionGradedOutcome =
  /** Unknown submission, not accepted, or its item has no grade: nothing to do. */
  | { outcome: 'skipped'; status: SubmissionStatus | null }
  /** Graded already with exactly this grade (a duplicate or replayed event). */
  | { outcome: 'unchanged' }
  | { outcome: 'graded'; scorePercent: number; passed: boolean };

interface LockedSubmission {
  id: string;
  tenant_id: string;
  enrollment_id: string;
  lesson_id: string;
  status: SubmissionStatus;
  max_points: string;
  score_points: string | null;
  passed: boolean | null;
  feedback: string | null;
  rubric_selections: ScoredSelection[] | null;
  employee_id: string;
  course_id: string;
  course_version: number;
  item_status: GradingItemStatus | null;
  item_points: string | null;
  item_feedback: string | null;
  item_rubric: ScoredSelection[] | null;
  item_revision: number;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Finalizes an assignment submission a person graded (or re-graded): one transaction with the
 * submission locked copies the grade onto it with its score (points / maxPoints, libs/course
 * assignmentScorePercent) and verdict (at the course's pass mark), completes the lesson when passed,
 * and writes 'enrollment.progressed' (the completion rules) and a 'grading.graded' notification.
 * Idempotent: a grade equal to the stored one changes and announces nothing.
 */
@Injectable()
export class SubmissionGradedHandler extends TransactionalJobHandler<'submission.graded', SubmissionGradedOutcome> {
  readonly job = 'submission.graded';

  protected async run(tx: EntityManager, { tenantId, submissionId }: JobPayloads['submission.graded']): Promise<SubmissionGradedOutcome> {
    const [s]: LockedSubmission[] = await tx.query(
      `SELECT s.id, s.tenant_id, s.enrollment_id, s.lesson_id, s.status, s.max_points, s.score_points, s.passed, s.feedback, s.rubric_selections,
              e.employee_id, e.course_id, e.course_version,
              g.status AS item_status, g.points AS item_points, g.feedback AS item_feedback, g.rubric_selections AS item_rubric, g.revision AS item_revision
       FROM assignment_submission s JOIN enrollment e ON e.tenant_id = s.tenant_id AND e.id = s.enrollment_id
       LEFT JOIN grading_item g ON g.submission_id = s.id
       WHERE s.tenant_id = $1 AND s.id = $2 FOR UPDATE OF s`,
      [tenantId, submissionId],
    );
    if (!s || (s.status !== 'submitted' && s.status !== 'graded') || s.item_status !== 'graded') return { outcome: 'skipped', status: s?.status ?? null };

    const [version]: { document: CourseDocument }[] = await tx.query(`SELECT document FROM course_version WHERE course_id = $1 AND version = $2`, [s.course_id, s.course_version]);
    const doc = version.document;
    const points = Number(s.item_points);
    const scorePercent = assignmentScorePercent(points, Number(s.max_points));
    const passed = scorePercent >= doc.grading.passMark;
    if (s.status === 'graded' && Number(s.score_points) === points && s.passed === passed && s.feedback === s.item_feedback && sameJson(s.rubric_selections, s.item_rubric)) {
      return { outcome: 'unchanged' };
    }

    await tx.query(
      `UPDATE assignment_submission SET status = 'graded', score_points = $2, score_percent = $3, passed = $4, feedback = $5, rubric_selections = $6, graded_at = now() WHERE id = $1`,
      [s.id, points, scorePercent, passed, s.item_feedback, s.item_rubric === null ? null : JSON.stringify(s.item_rubric)],
    );
    if (passed) {
      await completeGradedLesson(tx, s.tenant_id, s.enrollment_id, s.lesson_id);
    }
    await writeOutboxEvent(tx, 'enrollment.progressed', s.tenant_id, { tenantId: s.tenant_id, enrollmentId: s.enrollment_id });
    await writeOutboxEvent(tx, 'notification.requested', s.tenant_id, {
      tenantId: s.tenant_id,
      employeeId: s.employee_id,
      kind: 'grading.graded',
      data: { submissionId: s.id, lessonId: s.lesson_id, courseTitle: doc.title, scorePercent, passed },
      // One message per state of the grade: a re-grade tells the learner again, a replay does not.
      dedupeKey: `grading.graded:${s.id}:${s.item_revision}`,
    });
    this.logger.info({ submissionId, scorePercent, passed }, 'assignment graded');
    return { outcome: 'graded', scorePercent, passed };
  }
}
