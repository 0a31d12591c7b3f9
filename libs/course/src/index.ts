export * from './course-document';
export * from './grading';
export * from './publish-checks';
export * from './diff';
export * from './completion';
export * from './quiz';
export * from './rubric';
