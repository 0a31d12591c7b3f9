import type { LessonOf, Question } from '../course-document';

/** A source of uniform numbers in [0, 1): Math.random in production, a seeded generator in tests. */
export type Random = () => number;

/** One question of an attempt as drawn: which question, and its options in the order shown. */
export interface DrawnQuestion {
  questionId: string;
  /** Empty for kinds without options. */
  optionIds: string[];
}

/** Fisher–Yates on a copy: every order equally likely. */
function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The questions of a new attempt at `quiz`, from the course's question bank.
 *
 * - drawCount (when set and smaller than the list) picks that many distinct questions, each subset
 *   equally likely; otherwise every listed question is used.
 * - shuffle: the drawn questions come in random order and so do the options of single and multiple
 *   choice questions. True/false keeps "true, false" order: shuffling two options only confuses.
 *   Without shuffle, questions keep the lesson's order and options the author's.
 * - A listed id missing from the bank is skipped (publishing refuses such a course anyway).
 */
export function drawQuestions(quiz: LessonOf<'quiz'>, bank: readonly Question[], random: Random): DrawnQuestion[] {
  const byId = new Map(bank.map((q) => [q.id, q]));
  const listed = [...new Set(quiz.questionIds)].filter((id) => byId.has(id));
  const count = quiz.drawCount !== null && quiz.drawCount >= 0 ? Math.min(Math.floor(quiz.drawCount), listed.length) : listed.length;
  let ids = listed;
  if (count < listed.length) {
    const picked = new Set(shuffled(listed, random).slice(0, count));
    ids = listed.filter((id) => picked.has(id));
  }
  if (quiz.shuffle) ids = shuffled(ids, random);
  return ids.map((questionId) => {
    const question = byId.get(questionId) as Question;
    const optionIds = question.options.map((o) => o.id);
    const shuffleOptions = quiz.shuffle && (question.kind === 'single_choice' || question.kind === 'multiple_choice');
    return { questionId, optionIds: shuffleOptions ? shuffled(optionIds, random) : optionIds };
  });
}
