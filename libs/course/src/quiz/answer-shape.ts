import type { Question } from '../course-document';

/** Longest short answer and essay accepted, in characters. */
export const MAX_SHORT_ANSWER_LENGTH = 1_000;
export const MAX_ESSAY_LENGTH = 20_000;

/** Why an answer cannot be stored for a question, or null when it can. */
export type AnswerProblem = 'answerShape' | 'unknownOption';

/**
 * The answer shapes per kind: single_choice and true_false an option id (string); multiple_choice a
 * list of distinct option ids (possibly empty); short_answer and essay a string; numeric a finite
 * number. Option ids must belong to the question.
 */
export function answerProblem(question: Question, value: unknown): AnswerProblem | null {
  const optionIds = new Set(question.options.map((o) => o.id));
  switch (question.kind) {
    case 'single_choice':
    case 'true_false':
      if (typeof value !== 'string') return 'answerShape';
      return optionIds.has(value) ? null : 'unknownOption';
    case 'multiple_choice':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string') || new Set(value).size !== value.length) return 'answerShape';
      return value.every((v) => optionIds.has(v as string)) ? null : 'unknownOption';
    case 'short_answer':
      return typeof value === 'string' && value.length <= MAX_SHORT_ANSWER_LENGTH ? null : 'answerShape';
    case 'essay':
      return typeof value === 'string' && value.length <= MAX_ESSAY_LENGTH ? null : 'answerShape';
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'answerShape';
    default:
      return 'answerShape';
  }
}
