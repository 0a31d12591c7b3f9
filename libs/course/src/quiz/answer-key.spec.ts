import type { Question } from '../course-document';
import { answerKeyProblems, applyAnswerKey, correctedQuestionBank } from './answer-key';
import { gradeAttempt } from './grade-attempt';

const base = { prompt: 'P', points: 1, options: [], acceptedAnswers: [], caseSensitive: false, ignoreSpaces: false, numericAnswer: null, tolerance: null };
const single: Question = { ...base, id: 'q1', kind: 'single_choice', options: [{ id: 'a', text: 'A', correct: true, feedback: null }, { id: 'b', text: 'B', correct: false, feedback: null }] };
const numeric: Question = { ...base, id: 'q2', kind: 'numeric', numericAnswer: 10, tolerance: 0 };
const essay: Question = { ...base, id: 'q3', kind: 'essay' };

describe('answer keys', () => {
  it('validates a key against the question kind', () => {
    expect(answerKeyProblems(single, { correctOptionIds: ['b'] })).toEqual([]);
    expect(answerKeyProblems(single, { correctOptionIds: [] })).toEqual([{ field: 'correctOptionIds', rule: 'noCorrectOption' }]);
    expect(answerKeyProblems(single, { correctOptionIds: ['a', 'b'] })).toEqual([{ field: 'correctOptionIds', rule: 'singleCorrect' }]);
    expect(answerKeyProblems(single, { correctOptionIds: ['z'] })).toEqual([{ field: 'correctOptionIds', rule: 'unknownOption' }]);
    expect(answerKeyProblems(single, { numericAnswer: 1 })).toEqual([{ field: 'numericAnswer', rule: 'notForKind' }, { field: 'correctOptionIds', rule: 'required' }]);
    expect(answerKeyProblems(numeric, { numericAnswer: 3, tolerance: -1 })).toEqual([{ field: 'tolerance', rule: 'negativeTolerance' }]);
    expect(answerKeyProblems(essay, {})).toEqual([{ field: 'questionId', rule: 'essay' }]);
  });

  it('grades under the corrected key', () => {
    expect(applyAnswerKey(single, { correctOptionIds: ['b'] }).options.map((o) => o.correct)).toEqual([false, true]);
    const bank = correctedQuestionBank([single, numeric], new Map([['q1', { correctOptionIds: ['b'] }], ['q2', { numericAnswer: 12, tolerance: 1 }]]));
    const grade = gradeAttempt([{ questionId: 'q1', optionIds: ['a', 'b'] }, { questionId: 'q2', optionIds: [] }], bank, { q1: 'b', q2: 11 }, 50);
    expect(grade).toMatchObject({ scorePoints: 2, scorePercent: 100, passed: true });
  });
});
