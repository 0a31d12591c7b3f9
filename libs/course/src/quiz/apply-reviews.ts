import type { ScoredSelection } from '../rubric';
import type { QuestionResult } from './grade-attempt';

/** A person's grade of one essay of the attempt. */
export interface Review {
  questionId: string;
  points: number;
  feedback: string | null;
  rubric: ScoredSelection[] | null;
}

/** A question's result once a person graded it: the grade, feedback and rubric the learner sees. */
export type ReviewedResult = QuestionResult & { feedback?: string | null; rubric?: ScoredSelection[] | null };

export interface ReviewedAttempt {
  scorePoints: number;
  scorePercent: number;
  passed: boolean;
  results: ReviewedResult[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The attempt's final grade from the machine's results and the people's reviews, by the rules of
 * gradeAttempt (percent rounded down to one decimal, passed at >= passMark); null while an essay
 * still has no review. The essay's outcome follows its share: full, some, or no points.
 */
export function applyReviews(results: readonly ReviewedResult[], reviews: readonly Review[], maxPoints: number, passMark: number): ReviewedAttempt | null {
  const byQuestion = new Map(reviews.map((r) => [r.questionId, r]));
  const reviewed: ReviewedResult[] = [];
  for (const result of results) {
    if (result.kind !== 'essay') {
      reviewed.push(result);
      continue;
    }
    const review = byQuestion.get(result.questionId);
    if (!review) return null;
    const outcome = review.points >= result.points ? 'correct' : review.points > 0 ? 'partial' : 'incorrect';
    reviewed.push({ ...result, earned: review.points, outcome, feedback: review.feedback, rubric: review.rubric });
  }
  const scorePoints = round2(reviewed.reduce((sum, r) => sum + (r.earned ?? 0), 0));
  const scorePercent = maxPoints > 0 ? Math.min(100, Math.floor((1000 * scorePoints) / maxPoints + 1e-6) / 10) : 0;
  return { scorePoints, scorePercent, passed: scorePercent >= passMark, results: reviewed };
}
