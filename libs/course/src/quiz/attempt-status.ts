/** A quiz attempt's life (the quiz_attempt.status CHECK of migration 1764500000000-Enrollment). */
export const ATTEMPT_STATUSES = ['in_progress', 'submitted', 'awaiting_review', 'graded'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
