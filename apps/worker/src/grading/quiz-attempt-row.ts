import type { AttemptStatus, DrawnQuestion, ReviewedResult } from '@mahir/course';

/**
 * A quiz_attempt row with the enrollment columns the grading jobs join to it, as PostgreSQL
 * returns them (numeric columns as strings). Each handler selects the columns it needs: a Pick of this.
 */
export interface QuizAttemptRow {
  id: string;
  tenant_id: string;
  enrollment_id: string;
  lesson_id: string;
  status: AttemptStatus;
  questions: DrawnQuestion[];
  answers: Record<string, unknown>;
  max_points: string | null;
  score_points: string | null;
  score_percent: string | null;
  passed: boolean | null;
  results: ReviewedResult[] | null;
  /** enrollment.employee_id */
  employee_id: string;
  /** enrollment.course_id */
  course_id: string;
  /** enrollment.course_version: the version the attempt is graded against. */
  course_version: number;
}
