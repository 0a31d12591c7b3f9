import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { applyReviews, gradeAttempt, quizPassMark, sameGrade, sameResults, type CourseDocument, type Question, type Review } from '@mahir/course';
import type { JobPayloads } from '@mahir/jobs';
import { writeOutboxEvent } from '@mahir/persistence';
import type { JobHandler } from '@mahir/runtime';
import { WORKER_LOGGER } from '../jobs/job-workers';
import { correctedBank } from './corrected-bank';
import { completeGradedLesson } from './complete-graded-lesson';
import type { QuizAttemptRow } from './quiz-attempt-row';

export interface AnswerKeyRegradeOutcome {
  outcome: 'done' | 'skipped';
  /** Attempts whose grade changed. */
  regraded: number;
  /** Attempts that include the question but came out the same (a replay finds only these). */
  unchanged: number;
  /** Graded attempts that pass now and did not before. */
  newlyPassed: number;
}

/** Selected only with status 'submitted', 'graded' or 'awaiting_review'. */
type LockedAttempt = Pick<
  QuizAttemptRow,
  'id' | 'tenant_id' | 'enrollment_id' | 'lesson_id' | 'status' | 'questions' | 'answers' | 'score_points' | 'score_percent' | 'passed' | 'results' | 'employee_id'
>;

/** Attempts re-graded per transaction: short locks, bounded memory. */
export const REGRADE_BATCH = 200;

/**
 * Re-grades, after an answer-key correction, every graded or awaiting-review attempt of the course
 * version whose drawn questions include the corrected question (every agency's, a national course's
 * too), in batches of REGRADE_BATCH attempts, each batch one transaction with its attempts locked.
 * The key comes from correctedBank, as for the automatic grader; the grades people gave to essays are
 * kept (applyReviews recomputes the score as the human flow does).
 *
 * A changed graded attempt announces 'enrollment.progressed' and a 'grading.graded' notification; one
 * that newly passes completes its quiz lesson first, so the completion rules can complete the
 * enrollment. Nothing is ever taken back: a completed enrollment stays completed (its ledger entries
 * and JP credit are append-only), and a lesson once completed stays completed when a correction lowers
 * the score. Idempotent: re-running computes the same grades, finds them stored and writes nothing.
 */
@Injectable()
export class AnswerKeyCorrectedHandler implements JobHandler<'answer-key.corrected'> {
  readonly job = 'answer-key.corrected';

  constructor(
    private readonly db: DataSource,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(data: JobPayloads['answer-key.corrected']): Promise<AnswerKeyRegradeOutcome> {
    const total: AnswerKeyRegradeOutcome = { outcome: 'done', regraded: 0, unchanged: 0, newlyPassed: 0 };
    const [version]: { document: CourseDocument }[] = await this.db.query(`SELECT document FROM course_version WHERE course_id = $1 AND version = $2`, [data.courseId, data.version]);
    if (!version) return { ...total, outcome: 'skipped' };
    const doc = version.document;
    const bank = await correctedBank(this.db.manager, data.courseId, data.version, doc.questionBank);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.db.transaction((tx) => this.regradeBatch(tx, data, doc, bank, after));
      total.regraded += batch.regraded;
      total.unchanged += batch.unchanged;
      total.newlyPassed += batch.newlyPassed;
      if (!batch.last) break;
      after = batch.last;
    }
    this.logger.info({ ...data, ...total }, 'attempts re-graded after an answer-key correction');
    return total;
  }

  private async regradeBatch(
    tx: EntityManager,
    data: JobPayloads['answer-key.corrected'],
    doc: CourseDocument,
    bank: Question[],
    after: string,
  ): Promise<{ regraded: number; unchanged: number; newlyPassed: number; last: string | null }> {
    // Submitted attempts are locked too: one the grader is grading right now is waited for and then
    // re-graded; one not graded yet is left to the grader, which reads the corrected key itself.
    const attempts: LockedAttempt[] = await tx.query(
      `SELECT a.id, a.tenant_id, a.enrollment_id, a.lesson_id, a.status, a.questions, a.answers, a.score_points, a.score_percent, a.passed, a.results, e.employee_id
       FROM quiz_attempt a JOIN enrollment e ON e.tenant_id = a.tenant_id AND e.id = a.enrollment_id
       WHERE e.course_id = $1 AND e.course_version = $2 AND a.status IN ('submitted', 'graded', 'awaiting_review')
         AND a.questions @> $3::jsonb AND a.id > $4
       ORDER BY a.id LIMIT $5 FOR UPDATE OF a`,
      [data.courseId, data.version, JSON.stringify([{ questionId: data.questionId }]), after, REGRADE_BATCH],
    );
    const counts = { regraded: 0, unchanged: 0, newlyPassed: 0, last: attempts.length === REGRADE_BATCH ? attempts[attempts.length - 1].id : null };
    for (const attempt of attempts) {
      if (attempt.status === 'submitted' || !attempt.results) continue;
      const passMark = quizPassMark(doc, attempt.lesson_id);
      const grade = gradeAttempt(attempt.questions, bank, attempt.answers, passMark);
      if (attempt.status === 'awaiting_review') {
        // Essays still wait for a person: only the machine's part changes (review.recorded finalizes later).
        if (Number(attempt.score_points) === grade.scorePoints && sameResults(attempt.results, grade.results)) {
          counts.unchanged++;
          continue;
        }
        await tx.query(`UPDATE quiz_attempt SET score_points = $2, max_points = $3, results = $4 WHERE id = $1`, [attempt.id, grade.scorePoints, grade.maxPoints, JSON.stringify(grade.results)]);
        counts.regraded++;
        continue;
      }
      // Graded: keep what people gave the essays, recompute the rest.
      const reviews: Review[] = attempt.results
        .filter((r) => r.kind === 'essay' && r.earned !== null)
        .map((r) => ({ questionId: r.questionId, points: r.earned as number, feedback: r.feedback ?? null, rubric: r.rubric ?? null }));
      const regraded = applyReviews(grade.results, reviews, grade.maxPoints, passMark);
      if (!regraded) continue;
      const stored = { scorePoints: Number(attempt.score_points), scorePercent: Number(attempt.score_percent), passed: attempt.passed, results: attempt.results };
      if (sameGrade(stored, regraded)) {
        counts.unchanged++;
        continue;
      }
      await tx.query(`UPDATE quiz_attempt SET score_points = $2, max_points = $3, score_percent = $4, passed = $5, results = $6 WHERE id = $1`, [
        attempt.id,
        regraded.scorePoints,
        grade.maxPoints,
        regraded.scorePercent,
        regraded.passed,
        JSON.stringify(regraded.results),
      ]);
      counts.regraded++;
      if (regraded.passed && attempt.passed !== true) {
        counts.newlyPassed++;
        await completeGradedLesson(tx, attempt.tenant_id, attempt.enrollment_id, attempt.lesson_id);
      }
      await writeOutboxEvent(tx, 'enrollment.progressed', attempt.tenant_id, { tenantId: attempt.tenant_id, enrollmentId: attempt.enrollment_id });
      await writeOutboxEvent(tx, 'notification.requested', attempt.tenant_id, {
        tenantId: attempt.tenant_id,
        employeeId: attempt.employee_id,
        kind: 'grading.graded',
        data: { attemptId: attempt.id, courseTitle: doc.title, scorePercent: regraded.scorePercent, passed: regraded.passed },
        dedupeKey: `grading.graded:${attempt.id}:answer-key:${data.eventId}`,
      });
    }
    return counts;
  }
}
