// The grading context's public surface: other contexts import from here, never from its folders.
export * from './grading-context.module';
