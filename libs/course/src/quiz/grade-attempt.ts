import type { Question, QuestionKind } from '../course-document';
import { answerProblem } from './answer-shape';
import type { DrawnQuestion } from './draw-questions';

export type QuestionOutcome = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'pending_review';

/** How one question of an attempt went. Only the options the learner chose are described, so no answer key leaks. */
export interface QuestionResult {
  questionId: string;
  kind: QuestionKind;
  points: number;
  /** null while a person has to grade it (essay). */
  earned: number | null;
  outcome: QuestionOutcome;
  chosenOptions: { id: string; correct: boolean; feedback: string | null }[];
}

export interface AttemptGrade {
  /** What the machine awarded, rounded to 2 decimals; with essays pending, the automatic part only. */
  scorePoints: number;
  maxPoints: number;
  /** Rounded down to one decimal; null while essays await a person. */
  scorePercent: number | null;
  /** scorePercent >= passMark; null while essays await a person. */
  passed: boolean | null;
  pendingReview: boolean;
  results: QuestionResult[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The comparison form of a short answer: trimmed, NFC, spaces removed or collapsed, lower-cased unless case-sensitive. */
export function normalizeShortAnswer(text: string, rules: Pick<Question, 'caseSensitive' | 'ignoreSpaces'>): string {
  let s = text.normalize('NFC').trim();
  s = rules.ignoreSpaces ? s.replace(/\s+/g, '') : s.replace(/\s+/g, ' ');
  return rules.caseSensitive ? s : s.toLowerCase();
}

/** Share of the points earned (0..1), or null for an essay. The answer has already passed answerProblem. */
function credit(question: Question, answer: unknown): number | null {
  const correct = new Set(question.options.filter((o) => o.correct).map((o) => o.id));
  switch (question.kind) {
    case 'single_choice':
    case 'true_false':
      return correct.has(answer as string) ? 1 : 0;
    case 'multiple_choice': {
      // Right minus wrong over the number right, never below 0: ticking every box earns nothing.
      if (correct.size === 0) return 0;
      const chosen = answer as string[];
      const right = chosen.filter((id) => correct.has(id)).length;
      return Math.max(0, right - (chosen.length - right)) / correct.size;
    }
    case 'short_answer': {
      const given = normalizeShortAnswer(answer as string, question);
      if (given === '') return 0;
      return question.acceptedAnswers.some((a) => normalizeShortAnswer(a, question) === given) ? 1 : 0;
    }
    case 'numeric': {
      if (question.numericAnswer === null) return 0;
      const tolerance = Math.max(0, question.tolerance ?? 0);
      // A hair of slack for binary floating point (0.1 + 0.2 against 0.3).
      const slack = 1e-9 * Math.max(1, Math.abs(question.numericAnswer));
      return Math.abs((answer as number) - question.numericAnswer) <= tolerance + slack ? 1 : 0;
    }
    case 'essay':
      return null;
    default:
      return 0;
  }
}

function outcomeOf(share: number | null, answered: boolean): QuestionOutcome {
  if (share === null) return 'pending_review';
  if (!answered) return 'unanswered';
  return share >= 1 ? 'correct' : share > 0 ? 'partial' : 'incorrect';
}

/**
 * Grades an attempt: every drawn question found in `bank`, against the learner's `answers` (keyed by
 * question id). An answer missing, or of the wrong shape, earns 0. Each question is worth its
 * points; single choice, true/false, short answer and numeric are all or nothing; multiple choice
 * earns points × max(0, right − wrong) / number right. Essays are left to a person: they count in
 * maxPoints, and the grade then has no percent and no verdict yet.
 */
export function gradeAttempt(drawn: readonly DrawnQuestion[], bank: readonly Question[], answers: Readonly<Record<string, unknown>>, passMark: number): AttemptGrade {
  const byId = new Map(bank.map((q) => [q.id, q]));
  let earned = 0;
  let max = 0;
  let pendingReview = false;
  const results: QuestionResult[] = [];
  for (const { questionId } of drawn) {
    const question = byId.get(questionId);
    if (!question) continue;
    const points = Number.isFinite(question.points) && question.points > 0 ? question.points : 0;
    const answer = Object.prototype.hasOwnProperty.call(answers, questionId) ? answers[questionId] : undefined;
    const usable = answer !== undefined && answer !== null && answerProblem(question, answer) === null;
    const share = question.kind === 'essay' ? null : usable ? credit(question, answer) : 0;
    if (share === null) pendingReview = true;
    const got = share === null ? null : round2(points * share);
    earned += got ?? 0;
    max += points;
    const chosenIds = usable ? (Array.isArray(answer) ? (answer as string[]) : question.kind === 'single_choice' || question.kind === 'true_false' ? [answer as string] : []) : [];
    const chosenOptions = question.options.filter((o) => chosenIds.includes(o.id)).map((o) => ({ id: o.id, correct: o.correct, feedback: o.feedback }));
    results.push({ questionId, kind: question.kind, points, earned: got, outcome: outcomeOf(share, usable), chosenOptions });
  }
  const scorePoints = round2(earned);
  const maxPoints = round2(max);
  if (pendingReview) return { scorePoints, maxPoints, scorePercent: null, passed: null, pendingReview, results };
  // Rounded down (with a little slack for floating point), so the percent shown never flatters.
  const scorePercent = maxPoints > 0 ? Math.min(100, Math.floor((1000 * scorePoints) / maxPoints + 1e-6) / 10) : 0;
  return { scorePoints, maxPoints, scorePercent, passed: scorePercent >= passMark, pendingReview, results };
}
