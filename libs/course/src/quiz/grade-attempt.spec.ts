import fc from 'fast-check';
import type { Question } from '../course-document';
import { sampleCourseDocument } from '../test-support/sample-course';
import { answerProblem } from './answer-shape';
import { drawQuestions, type DrawnQuestion } from './draw-questions';
import { seededRandom as seeded } from '../test-support/seeded-random';
import { gradeAttempt, normalizeShortAnswer } from './grade-attempt';

const bank = () => sampleCourseDocument().questionBank;
const all = (ids: string[]): DrawnQuestion[] => ids.map((questionId) => ({ questionId, optionIds: [] }));
const q = (id: string) => bank().find((x) => x.id === id) as Question;

/** The best answer to each machine-graded question (essays get some text). */
function bestAnswer(question: Question): unknown {
  switch (question.kind) {
    case 'single_choice':
    case 'true_false':
      return question.options.find((o) => o.correct)?.id;
    case 'multiple_choice':
      return question.options.filter((o) => o.correct).map((o) => o.id);
    case 'short_answer':
      return question.acceptedAnswers[0];
    case 'numeric':
      return question.numericAnswer;
    default:
      return 'Jawaban uraian';
  }
}

describe('answerProblem', () => {
  it('accepts the shape of each kind and names what is wrong', () => {
    expect(answerProblem(q('q1'), 'o2')).toBeNull();
    expect(answerProblem(q('q1'), 'o9')).toBe('unknownOption');
    expect(answerProblem(q('q1'), ['o1'])).toBe('answerShape');
    expect(answerProblem(q('q2'), ['o1', 'o2'])).toBeNull();
    expect(answerProblem(q('q2'), [])).toBeNull();
    expect(answerProblem(q('q2'), ['o1', 'o1'])).toBe('answerShape');
    expect(answerProblem(q('q2'), 'o1')).toBe('answerShape');
    expect(answerProblem(q('q2'), ['o1', 'zz'])).toBe('unknownOption');
    expect(answerProblem(q('q3'), true)).toBe('answerShape');
    expect(answerProblem(q('q3'), 't')).toBeNull();
    expect(answerProblem(q('q4'), 'standar pelayanan')).toBeNull();
    expect(answerProblem(q('q4'), 5)).toBe('answerShape');
    expect(answerProblem(q('q4'), 'x'.repeat(1001))).toBe('answerShape');
    expect(answerProblem(q('q5'), 60)).toBeNull();
    expect(answerProblem(q('q5'), '60')).toBe('answerShape');
    expect(answerProblem(q('q5'), Number.NaN)).toBe('answerShape');
    expect(answerProblem(q('q6'), 'uraian')).toBeNull();
    expect(answerProblem(q('q6'), { text: 'uraian' })).toBe('answerShape');
  });
});

describe('normalizeShortAnswer', () => {
  it('trims, folds case unless case-sensitive, and removes or collapses spaces', () => {
    expect(normalizeShortAnswer('  Standar   Pelayanan ', { caseSensitive: false, ignoreSpaces: false })).toBe('standar pelayanan');
    expect(normalizeShortAnswer('  Standar   Pelayanan ', { caseSensitive: false, ignoreSpaces: true })).toBe('standarpelayanan');
    expect(normalizeShortAnswer(' Standar  Pelayanan', { caseSensitive: true, ignoreSpaces: false })).toBe('Standar Pelayanan');
  });
});

describe('gradeAttempt', () => {
  const machine = ['q1', 'q2', 'q3', 'q4', 'q5'];

  it('awards full points for right answers and passes', () => {
    const answers = Object.fromEntries(machine.map((id) => [id, bestAnswer(q(id))]));
    const grade = gradeAttempt(all(machine), bank(), answers, 60);
    expect(grade).toMatchObject({ scorePoints: 6, maxPoints: 6, scorePercent: 100, passed: true, pendingReview: false });
    expect(grade.results.map((r) => r.outcome)).toEqual(['correct', 'correct', 'correct', 'correct', 'correct']);
    expect(grade.results[0].chosenOptions).toEqual([{ id: 'o1', correct: true, feedback: 'Benar.' }]);
  });

  it('gives multiple choice right minus wrong, short answers by the case and space rules, numbers within tolerance', () => {
    const answers = { q1: 'o2', q2: ['o1', 'o3'], q3: 'f', q4: '  STANDAR pelayanan', q5: 60.0000000001 };
    const grade = gradeAttempt(all(machine), bank(), answers, 60);
    expect(grade.results.map((r) => [r.questionId, r.earned, r.outcome])).toEqual([
      ['q1', 0, 'incorrect'], ['q2', 0, 'incorrect'], ['q3', 0, 'incorrect'], ['q4', 1, 'correct'], ['q5', 1, 'correct'],
    ]);
    expect(grade.results[0].chosenOptions).toEqual([{ id: 'o2', correct: false, feedback: 'Itu UU ASN.' }]);
    expect(gradeAttempt(all(['q2']), bank(), { q2: ['o1'] }, 50)).toMatchObject({ scorePoints: 1, maxPoints: 2, scorePercent: 50, passed: true });
    expect(gradeAttempt(all(['q2']), bank(), { q2: ['o1', 'o2', 'o3'] }, 50).results[0]).toMatchObject({ earned: 1, outcome: 'partial' });
    const tolerant = bank().map((x) => (x.id === 'q5' ? { ...x, tolerance: 0.5 } : x));
    expect(gradeAttempt(all(['q5']), tolerant, { q5: 60.5 }, 50).passed).toBe(true);
    expect(gradeAttempt(all(['q5']), tolerant, { q5: 60.51 }, 50).passed).toBe(false);
    const strict = bank().map((x) => (x.id === 'q4' ? { ...x, caseSensitive: true, ignoreSpaces: false } : x));
    expect(gradeAttempt(all(['q4']), strict, { q4: 'Standar pelayanan' }, 50).passed).toBe(false);
    expect(gradeAttempt(all(['q4']), strict, { q4: ' standar   pelayanan ' }, 50).passed).toBe(true);
  });

  it('scores missing and malformed answers 0 and leaves essays to a person', () => {
    const grade = gradeAttempt(all(['q1', 'q5', 'q6']), bank(), { q1: 'o9', q6: 'Uraian saya' }, 60);
    expect(grade).toMatchObject({ scorePoints: 0, maxPoints: 7, scorePercent: null, passed: null, pendingReview: true });
    expect(grade.results.map((r) => r.outcome)).toEqual(['unanswered', 'unanswered', 'pending_review']);
    expect(grade.results[2].earned).toBeNull();
  });

  it('rounds the percent down and compares it with the pass mark', () => {
    const threeQuestions = all(['q1', 'q3', 'q4']);
    expect(gradeAttempt(threeQuestions, bank(), { q1: 'o1', q3: 't' }, 66.6)).toMatchObject({ scorePercent: 66.6, passed: true });
    expect(gradeAttempt(threeQuestions, bank(), { q1: 'o1', q3: 't' }, 66.7)).toMatchObject({ scorePercent: 66.6, passed: false });
  });

  it('keeps the score within 0..max, never below what an empty attempt gets, and 100% for best answers (property)', () => {
    const anyAnswer = fc.oneof(fc.string({ maxLength: 20 }), fc.double(), fc.array(fc.constantFrom('o1', 'o2', 'o3', 't', 'f', 'x')), fc.constantFrom('o1', 'o2', 'o3', 't', 'f'), fc.constant(null));
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 5 }), fc.dictionary(fc.constantFrom(...machine, 'q6', 'zz'), anyAnswer), fc.integer({ min: 0, max: 100 }), (seed, drawCount, answers, passMark) => {
        const doc = sampleCourseDocument();
        const quiz = { ...(doc.modules[1].lessons[0] as Extract<(typeof doc.modules)[0]['lessons'][0], { kind: 'quiz' }>), drawCount, questionIds: machine };
        const drawn = drawQuestions(quiz, doc.questionBank, seeded(seed));
        const grade = gradeAttempt(drawn, doc.questionBank, answers, passMark);
        expect(grade.scorePoints).toBeGreaterThanOrEqual(0);
        expect(grade.scorePoints).toBeLessThanOrEqual(grade.maxPoints);
        expect(grade.scorePercent).not.toBeNull();
        expect(grade.passed).toBe((grade.scorePercent as number) >= passMark);
        for (const r of grade.results) expect(r.earned as number).toBeLessThanOrEqual(r.points);
        const best = Object.fromEntries(drawn.map((d) => [d.questionId, bestAnswer(doc.questionBank.find((x) => x.id === d.questionId) as Question)]));
        expect(gradeAttempt(drawn, doc.questionBank, best, passMark)).toMatchObject({ scorePercent: 100, passed: true });
        expect(gradeAttempt(drawn, doc.questionBank, {}, passMark).scorePoints).toBe(0);
      }),
    );
  });
});
