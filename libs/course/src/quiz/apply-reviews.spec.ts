import type { QuestionResult } from './grade-attempt';
import { applyReviews } from './apply-reviews';

const results: QuestionResult[] = [
  { questionId: 'q1', kind: 'single_choice', points: 1, earned: 1, outcome: 'correct', chosenOptions: [] },
  { questionId: 'q6', kind: 'essay', points: 4, earned: null, outcome: 'pending_review', chosenOptions: [] },
];

describe('applyReviews', () => {
  it('waits while an essay has no review', () => {
    expect(applyReviews(results, [], 5, 50)).toBeNull();
  });

  it('adds the reviewed points, rounds the percent down and judges the pass mark', () => {
    const graded = applyReviews(results, [{ questionId: 'q6', points: 1.33, feedback: 'Kurang rinci.', rubric: null }], 5, 50);
    expect(graded).toMatchObject({ scorePoints: 2.33, scorePercent: 46.6, passed: false });
    expect(graded?.results[1]).toMatchObject({ earned: 1.33, outcome: 'partial', feedback: 'Kurang rinci.' });
    expect(applyReviews(results, [{ questionId: 'q6', points: 4, feedback: null, rubric: null }], 5, 50)).toMatchObject({ scorePoints: 5, scorePercent: 100, passed: true });
    expect(applyReviews(results, [{ questionId: 'q6', points: 0, feedback: null, rubric: null }], 5, 50)?.results[1].outcome).toBe('incorrect');
  });
});
