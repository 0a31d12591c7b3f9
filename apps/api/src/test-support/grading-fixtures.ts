import type { DataSource } from 'typeorm';
import { insertActiveEnrollment, insertDeliveryCourse } from './delivery-fixtures';
import type { Agency } from './test-app';

/**
 * An essay awaiting a grader, written directly (as the worker leaves it): a fresh delivery course, the
 * learner's enrollment, attempt 1 at quiz l5 (q1 right, essay q6 answered) awaiting review, and its item.
 */
export async function insertGradingItem(db: DataSource, agency: Agency): Promise<{ courseId: string; attemptId: string; itemId: string }> {
  const courseId = await insertDeliveryCourse(db, agency);
  const enrollmentId = await insertActiveEnrollment(db, agency, courseId);
  const results = [
    { questionId: 'q1', kind: 'single_choice', points: 1, earned: 1, outcome: 'correct', chosenOptions: [] },
    { questionId: 'q6', kind: 'essay', points: 4, earned: null, outcome: 'pending_review', chosenOptions: [] },
  ];
  const [attempt] = await db.query(
    `INSERT INTO quiz_attempt (tenant_id, enrollment_id, lesson_id, number, status, questions, answers, started_at, submitted_at, score_points, max_points, results)
     VALUES ($1, $2, 'l5', 1, 'awaiting_review', $3, $4, now(), now(), 1, 5, $5) RETURNING id`,
    [
      agency.id,
      enrollmentId,
      JSON.stringify([{ questionId: 'q1', optionIds: ['o1', 'o2', 'o3'] }, { questionId: 'q6', optionIds: [] }]),
      JSON.stringify({ q1: 'o1', q6: 'Pengaduan dicatat dan ditindaklanjuti.' }),
      JSON.stringify(results),
    ],
  );
  const [item] = await db.query(
    `INSERT INTO grading_item (tenant_id, kind, attempt_id, question_id, enrollment_id, course_id, max_points) VALUES ($1, 'essay', $2, 'q6', $3, $4, 4) RETURNING id`,
    [agency.id, attempt.id, enrollmentId, courseId],
  );
  return { courseId, attemptId: attempt.id, itemId: item.id };
}
