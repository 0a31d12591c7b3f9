/** A bulk course assignment's fan-out (the course_assignment.status CHECK of migration 1764500000000-Enrollment). */
export const COURSE_ASSIGNMENT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type CourseAssignmentStatus = (typeof COURSE_ASSIGNMENT_STATUSES)[number];
