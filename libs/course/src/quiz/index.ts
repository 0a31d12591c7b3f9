export * from './draw-questions';
export * from './learner-question';
export * from './answer-shape';
export * from './grade-attempt';
export * from './answer-key';
