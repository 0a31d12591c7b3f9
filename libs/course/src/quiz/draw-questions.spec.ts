import fc from 'fast-check';
import type { LessonOf, Question } from '../course-document';
import { sampleCourseDocument } from '../test-support/sample-course';
import { seededRandom as seeded } from '../test-support/seeded-random';
import { drawQuestions } from './draw-questions';
import { learnerQuestion } from './learner-question';

function sampleQuiz(edit: Partial<LessonOf<'quiz'>> = {}): { quiz: LessonOf<'quiz'>; bank: Question[] } {
  const doc = sampleCourseDocument();
  const quiz = doc.modules[1].lessons[0] as LessonOf<'quiz'>;
  return { quiz: { ...quiz, ...edit }, bank: doc.questionBank };
}

describe('drawQuestions', () => {
  it('keeps the lesson order and the author’s option order without shuffle, and uses every question without drawCount', () => {
    const { quiz, bank } = sampleQuiz({ shuffle: false, drawCount: null });
    expect(drawQuestions(quiz, bank, Math.random)).toEqual([
      { questionId: 'q1', optionIds: ['o1', 'o2', 'o3'] },
      { questionId: 'q2', optionIds: ['o1', 'o2', 'o3'] },
      { questionId: 'q3', optionIds: ['t', 'f'] },
      { questionId: 'q4', optionIds: [] },
      { questionId: 'q5', optionIds: [] },
      { questionId: 'q6', optionIds: [] },
    ]);
  });

  it('skips ids missing from the bank and repeats', () => {
    const { quiz, bank } = sampleQuiz({ shuffle: false, drawCount: null, questionIds: ['q1', 'nope', 'q1', 'q3'] });
    expect(drawQuestions(quiz, bank, Math.random).map((d) => d.questionId)).toEqual(['q1', 'q3']);
  });

  it('draws drawCount distinct listed questions, each a permutation of its options; true/false keeps its order', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 8 }), fc.boolean(), (seed, drawCount, shuffle) => {
        const { quiz, bank } = sampleQuiz({ drawCount, shuffle });
        const drawn = drawQuestions(quiz, bank, seeded(seed));
        const ids = drawn.map((d) => d.questionId);
        expect(ids).toHaveLength(Math.min(drawCount, 6));
        expect(new Set(ids).size).toBe(ids.length);
        for (const d of drawn) {
          const question = bank.find((q) => q.id === d.questionId) as Question;
          expect([...d.optionIds].sort()).toEqual(question.options.map((o) => o.id).sort());
          if (question.kind === 'true_false' || !shuffle) expect(d.optionIds).toEqual(question.options.map((o) => o.id));
        }
        if (!shuffle) expect(ids).toEqual(quiz.questionIds.filter((id) => ids.includes(id)));
      }),
    );
  });

  it('reaches every question and every order over many draws (no id is favoured out of reach)', () => {
    const { quiz, bank } = sampleQuiz({ drawCount: 2, shuffle: true });
    const random = seeded(42);
    const seen = new Set<string>();
    const firstOptions = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const drawn = drawQuestions(quiz, bank, random);
      drawn.forEach((d) => seen.add(d.questionId));
      const q1 = drawn.find((d) => d.questionId === 'q1');
      if (q1) firstOptions.add(q1.optionIds[0]);
    }
    expect([...seen].sort()).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect([...firstOptions].sort()).toEqual(['o1', 'o2', 'o3']);
  });
});

describe('learnerQuestion', () => {
  it('shows prompt, points and options in the drawn order, and nothing of the answer key', () => {
    const { bank } = sampleQuiz();
    for (const question of bank) {
      const view = learnerQuestion(question, { questionId: question.id, optionIds: [...question.options.map((o) => o.id)].reverse() });
      expect(Object.keys(view).sort()).toEqual(['id', 'kind', 'options', 'points', 'prompt']);
      expect(view.options.map((o) => o.id)).toEqual([...question.options.map((o) => o.id)].reverse());
      for (const option of view.options) expect(Object.keys(option).sort()).toEqual(['id', 'text']);
      const json = JSON.stringify(view);
      for (const secret of ['correct', 'feedback', 'acceptedAnswers', 'numericAnswer', 'tolerance', 'Benar.', 'Itu UU ASN.']) expect(json).not.toContain(secret);
    }
  });
});
