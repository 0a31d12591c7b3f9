// The learning context's public surface: other contexts import from here, never from its folders.
export * from './learning.module';
