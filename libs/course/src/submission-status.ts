/** An assignment submission's life (the assignment_submission.status CHECK of migration 1764630000000-AssignmentSubmissions). */
export const SUBMISSION_STATUSES = ['uploading', 'submitted', 'graded', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
