/** The state of a course's open draft; a course without one shows its latest published version (the course.draft_state CHECK of migration 1764200000000-Courses). */
export const COURSE_DRAFT_STATES = ['editing', 'in_review'] as const;
export type CourseDraftState = (typeof COURSE_DRAFT_STATES)[number];
