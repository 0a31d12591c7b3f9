/** How an enrollment came about: the learner asked, or an assignment enrolled them (the enrollment.origin CHECK of migration 1764500000000-Enrollment). */
export const ENROLLMENT_ORIGINS = ['self', 'assigned'] as const;
export type EnrollmentOrigin = (typeof ENROLLMENT_ORIGINS)[number];
