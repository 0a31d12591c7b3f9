/** An enrollment's life (the enrollment.status CHECK of migration 1764500000000-Enrollment). */
export const ENROLLMENT_STATUSES = ['requested', 'active', 'completed', 'failed', 'withdrawn', 'rejected', 'expired'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
