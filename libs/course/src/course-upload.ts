/** What a course media upload is for (the course_upload.kind CHECK of migration 1764400000000-CourseUpload). */
export const COURSE_UPLOAD_KINDS = ['video', 'document', 'cover'] as const;
export type CourseUploadKind = (typeof COURSE_UPLOAD_KINDS)[number];
/** pending until the stored object's real type and size are verified (the course_upload.status CHECK). */
export const COURSE_UPLOAD_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type CourseUploadStatus = (typeof COURSE_UPLOAD_STATUSES)[number];
