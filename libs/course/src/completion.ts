import type { CourseDocument, Lesson, LessonOf } from './course-document';
import { effectiveWeights } from './grading';

/*
 * The completion rules of issue 5, judged against the course version an enrollment is pinned to.
 * An enrollment is completed when every required lesson is done, every graded item is passed and
 * the final grade reaches the course's pass mark. It has failed when that can no longer happen:
 * a graded quiz has no attempt left, or the final grade cannot reach the pass mark any more.
 */

/** What the learner has done in one quiz lesson. */
export interface QuizProgress {
  /** score_percent of each graded attempt. */
  gradedScores: readonly number[];
  /** Attempts started, whatever their state (they count against attemptsAllowed). */
  used: number;
  /** Attempts in progress or submitted and not graded yet. */
  open: number;
  /** Attempts waiting for a person to grade an essay. */
  awaitingReview: number;
}

/** What the learner has handed in for one assignment lesson (graded by a person). */
export interface AssignmentProgress {
  /** Score percent of each graded submission (assignmentScorePercent of its points). */
  gradedScores: readonly number[];
  /** Submissions accepted (they count against the course's attemptsAllowed). */
  used: number;
  /** Submissions waiting for a grade. */
  open: number;
}

export interface LearnerProgress {
  /** Lessons whose lesson_progress.completed_at is set. */
  completedLessonIds: Iterable<string>;
  /** Per quiz lesson id; a quiz never attempted may be absent. */
  quizzes: Readonly<Record<string, QuizProgress>>;
  /** Per assignment lesson id; absent (or missing) means nothing handed in. */
  assignments?: Readonly<Record<string, AssignmentProgress>>;
}

export type CompletionOutcome = 'in_progress' | 'completed' | 'failed';

export type UnmetRule =
  | { rule: 'lessonNotDone'; lessonId: string }
  | { rule: 'quizNotPassed'; lessonId: string }
  /** No submission of the assignment has a grade yet. */
  | { rule: 'assignmentNotGraded'; lessonId: string }
  /** Graded, but no submission reached the course's pass mark. */
  | { rule: 'assignmentNotPassed'; lessonId: string }
  | { rule: 'attemptsUsedUp'; lessonId: string }
  /** finalGrade is null while some weighted item has no result yet. */
  | { rule: 'gradeBelowPassMark'; finalGrade: number | null; passMark: number }
  | { rule: 'gradeUnreachable'; maximumGrade: number; passMark: number };

export interface CompletionResult {
  /** Done required lessons (all lessons when none is required), integer percent 0..100. */
  progressPercent: number;
  outcome: CompletionOutcome;
  /** Percent, one decimal, rounded down; null until every weighted item has a result, or when nothing is graded. */
  finalGrade: number | null;
  /** Empty exactly when the outcome is completed. */
  unmet: UnmetRule[];
}

type Quiz = LessonOf<'quiz'>;

/**
 * An assignment's score: points / maxPoints × 100, rounded down to one decimal (as quiz scores are).
 * It is passed at the course's pass mark (grading.passMark): an assignment has no pass mark of its own.
 */
export function assignmentScorePercent(points: number, maxPoints: number): number {
  return maxPoints > 0 ? oneDecimalDown((100 * points) / maxPoints) : 0;
}

/** Lessons in document order; the first of a duplicated id wins, as in grading.ts. */
function lessonsOf(doc: CourseDocument): Lesson[] {
  const seen = new Set<string>();
  const lessons: Lesson[] = [];
  for (const module of doc.modules) {
    for (const lesson of module.lessons) {
      if (seen.has(lesson.id)) continue;
      seen.add(lesson.id);
      lessons.push(lesson);
    }
  }
  return lessons;
}

const NO_PROGRESS: QuizProgress = { gradedScores: [], used: 0, open: 0, awaitingReview: 0 };
const NOTHING_HANDED_IN: AssignmentProgress = { gradedScores: [], used: 0, open: 0 };

function bestScore(progress: { gradedScores: readonly number[] }): number | null {
  return progress.gradedScores.length === 0 ? null : Math.max(...progress.gradedScores);
}

function quizPassed(quiz: Quiz, progress: QuizProgress): boolean {
  const best = bestScore(progress);
  return best !== null && best >= quiz.passMark;
}

/** No attempt is left and none is still to be graded, so the best score is final. */
function quizFinished(quiz: Quiz, progress: QuizProgress, doc: CourseDocument): boolean {
  const allowed = quiz.attemptsAllowed ?? doc.grading.attemptsAllowed;
  return allowed !== null && progress.used >= allowed && progress.open === 0 && progress.awaitingReview === 0;
}

function assignmentPassed(progress: AssignmentProgress, doc: CourseDocument): boolean {
  const best = bestScore(progress);
  return best !== null && best >= doc.grading.passMark;
}

/** No submission is left and none waits for a grade, so the best score is final. */
function assignmentFinished(progress: AssignmentProgress, doc: CourseDocument): boolean {
  const allowed = doc.grading.attemptsAllowed;
  return allowed !== null && progress.used >= allowed && progress.open === 0;
}

/** Rounded down to one decimal (numeric(4,1)); the epsilon keeps 69.99999999 from a float sum at 70. */
function oneDecimalDown(percent: number): number {
  return Math.min(100, Math.max(0, Math.floor(percent * 10 + 1e-9) / 10));
}

export function evaluateCompletion(doc: CourseDocument, progress: LearnerProgress): CompletionResult {
  const lessons = lessonsOf(doc);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const completed = new Set(progress.completedLessonIds);
  const quizOf = (id: string): QuizProgress => progress.quizzes[id] ?? NO_PROGRESS;
  const assignmentOf = (id: string): AssignmentProgress => progress.assignments?.[id] ?? NOTHING_HANDED_IN;
  // A passed quiz or assignment is done even if its lesson_progress row lags behind the grade.
  const done = (lesson: Lesson) =>
    completed.has(lesson.id) ||
    (lesson.kind === 'quiz' && quizPassed(lesson, quizOf(lesson.id))) ||
    (lesson.kind === 'assignment' && assignmentPassed(assignmentOf(lesson.id), doc));

  const required = lessons.some((l) => l.required) ? lessons.filter((l) => l.required) : lessons;
  const doneCount = required.filter(done).length;
  const progressPercent = required.length === 0 ? 100 : Math.floor((100 * doneCount) / required.length);

  const unmet: UnmetRule[] = required.filter((l) => !done(l)).map((l) => ({ rule: 'lessonNotDone', lessonId: l.id }));
  let failed = false;

  // Graded items: the graded lessons that are required or weigh in the final grade (a practice quiz does not).
  const weights = effectiveWeights(doc);
  const weighted = new Set(weights.map((w) => w.lessonId));
  for (const lesson of lessons) {
    if (lesson.kind !== 'quiz' && lesson.kind !== 'assignment') continue;
    if (!lesson.required && !weighted.has(lesson.id)) continue;
    if (lesson.kind === 'assignment') {
      const handedIn = assignmentOf(lesson.id);
      if (assignmentPassed(handedIn, doc)) continue;
      unmet.push({ rule: bestScore(handedIn) === null ? 'assignmentNotGraded' : 'assignmentNotPassed', lessonId: lesson.id });
      if (assignmentFinished(handedIn, doc)) {
        unmet.push({ rule: 'attemptsUsedUp', lessonId: lesson.id });
        failed = true;
      }
      continue;
    }
    const quiz = quizOf(lesson.id);
    if (quizPassed(lesson, quiz)) continue;
    unmet.push({ rule: 'quizNotPassed', lessonId: lesson.id });
    if (quizFinished(lesson, quiz, doc)) {
      unmet.push({ rule: 'attemptsUsedUp', lessonId: lesson.id });
      failed = true;
    }
  }

  // Final grade: Σ weight × best score% / Σ weight. `reached` counts what is final or known so far,
  // `ceiling` lets every item that may still improve count as 100%.
  let finalGrade: number | null = null;
  if (weights.length > 0) {
    let total = 0;
    let reached = 0;
    let ceiling = 0;
    let allResults = true;
    for (const { lessonId, weight } of weights) {
      total += weight;
      const lesson = byId.get(lessonId);
      const quiz = lesson?.kind === 'quiz' ? quizOf(lessonId) : null;
      const handedIn = lesson?.kind === 'assignment' ? assignmentOf(lessonId) : null;
      const best = quiz ? bestScore(quiz) : handedIn ? bestScore(handedIn) : null;
      if (best === null) allResults = false;
      reached += weight * (best ?? 0);
      const final = (lesson?.kind === 'quiz' && quiz !== null && quizFinished(lesson, quiz, doc)) || (handedIn !== null && assignmentFinished(handedIn, doc));
      ceiling += weight * (final ? (best ?? 0) : 100);
    }
    const grade = oneDecimalDown(reached / total);
    const maximumGrade = oneDecimalDown(ceiling / total);
    finalGrade = allResults ? grade : null;
    if (finalGrade === null || finalGrade < doc.grading.passMark) {
      unmet.push({ rule: 'gradeBelowPassMark', finalGrade, passMark: doc.grading.passMark });
    }
    if (maximumGrade < doc.grading.passMark) {
      unmet.push({ rule: 'gradeUnreachable', maximumGrade, passMark: doc.grading.passMark });
      failed = true;
    }
  }

  const outcome: CompletionOutcome = unmet.length === 0 ? 'completed' : failed ? 'failed' : 'in_progress';
  return { progressPercent, outcome, finalGrade, unmet };
}

/**
 * When a competency earned at `occurredAt` lapses: `months` calendar months later, kept on the last day
 * of a shorter month (31 January + 1 month = 28/29 February, not 3 March); null when it never lapses.
 */
export function validUntilAfter(occurredAt: Date, months: number | null): Date | null {
  if (months === null) return null;
  const target = new Date(occurredAt.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}
