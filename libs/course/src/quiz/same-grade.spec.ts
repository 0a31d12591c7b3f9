import type { ReviewedResult } from './apply-reviews';
import { sameGrade, sameResults } from './same-grade';

const results: ReviewedResult[] = [
  { questionId: 'q1', kind: 'single_choice', points: 1, earned: 1, outcome: 'correct', chosenOptions: [{ id: 'a', correct: true, feedback: null }] },
  { questionId: 'q6', kind: 'essay', points: 4, earned: 2, outcome: 'partial', chosenOptions: [], feedback: 'Cukup.', rubric: null },
];
/** The same results as jsonb hands them back: keys in another order. */
const reordered = JSON.parse(JSON.stringify(results.map((r) => Object.fromEntries(Object.entries(r).reverse())))) as ReviewedResult[];

describe('sameGrade', () => {
  const graded = { scorePoints: 3, scorePercent: 60, passed: true, results };

  it('ignores the order of keys jsonb returns', () => {
    expect(sameResults(reordered, results)).toBe(true);
    expect(sameGrade({ ...graded, results: reordered }, graded)).toBe(true);
  });

  it('sees any change of score, percent, verdict or result', () => {
    expect(sameGrade({ ...graded, scorePoints: 2 }, graded)).toBe(false);
    expect(sameGrade({ ...graded, scorePercent: 59.9 }, graded)).toBe(false);
    expect(sameGrade({ ...graded, passed: null }, graded)).toBe(false);
    expect(sameGrade(graded, { ...graded, results: [results[0], { ...results[1], feedback: 'Baik.' }] })).toBe(false);
    expect(sameResults(null, results)).toBe(false);
  });
});
