import { isGradedLesson, type CourseDocument, type GradedLesson, type GradingWeight } from './course-document';

/*
 * The final grade (percent) is the weighted mean of the graded lessons' scores, each score being a
 * percent of that lesson's own maximum: Σ weight × score% / Σ weight. Weights are relative, so
 * {quiz: 1, assignment: 3} means 25% / 75%; they need not add up to 100.
 */

function positiveFinite(n: number): boolean {
  return Number.isFinite(n) && n > 0;
}

function gradedLessons(doc: CourseDocument): Map<string, GradedLesson> {
  const graded = new Map<string, GradedLesson>();
  for (const module of doc.modules) {
    for (const lesson of module.lessons) {
      // First lesson with an id wins: duplicates are a publishing problem of their own.
      if (isGradedLesson(lesson) && !graded.has(lesson.id)) graded.set(lesson.id, lesson);
    }
  }
  return graded;
}

/**
 * The weights the final grade uses. When `grading.weights` is empty every graded lesson (quiz or
 * assignment) weighs 1. Otherwise only the listed ones count, and a listing is ignored when it names no
 * graded lesson, repeats a lesson already listed, or has a weight that is not a positive finite number
 * (checkForPublish reports each of those).
 */
export function effectiveWeights(doc: CourseDocument): GradingWeight[] {
  const graded = gradedLessons(doc);
  if (doc.grading.weights.length === 0) return [...graded.keys()].map((lessonId) => ({ lessonId, weight: 1 }));
  const seen = new Set<string>();
  const result: GradingWeight[] = [];
  for (const { lessonId, weight } of doc.grading.weights) {
    if (!graded.has(lessonId) || seen.has(lessonId) || !positiveFinite(weight)) continue;
    seen.add(lessonId);
    result.push({ lessonId, weight });
  }
  return result;
}

/**
 * Whether a graded lesson can score above zero. A quiz can when it may draw at least one question that
 * exists in the bank with positive points; an assignment when maxPoints > 0. A lesson that cannot
 * contributes 0% to the final grade however well the learner does.
 */
function canScore(lesson: GradedLesson, scoringQuestions: ReadonlySet<string>): boolean {
  if (lesson.kind === 'assignment') return positiveFinite(lesson.maxPoints);
  if (lesson.drawCount !== null && !(lesson.drawCount >= 1)) return false;
  return lesson.questionIds.some((id) => scoringQuestions.has(id));
}

/** Σ weight of the effective items, and Σ weight of those that can score; null when nothing is graded. */
export function gradeCeiling(doc: CourseDocument): { reachableWeight: number; totalWeight: number } | null {
  const graded = gradedLessons(doc);
  const scoringQuestions = new Set(doc.questionBank.filter((q) => positiveFinite(q.points)).map((q) => q.id));
  let reachableWeight = 0;
  let totalWeight = 0;
  // One loop for both sums: when every item can score they are the very same float.
  for (const { lessonId, weight } of effectiveWeights(doc)) {
    totalWeight += weight;
    const lesson = graded.get(lessonId);
    if (lesson !== undefined && canScore(lesson, scoringQuestions)) reachableWeight += weight;
  }
  return totalWeight > 0 ? { reachableWeight, totalWeight } : null;
}

/** The best final grade (percent, rounded down to one decimal) a learner can reach; null when nothing is graded. */
export function maximumFinalGrade(doc: CourseDocument): number | null {
  const ceiling = gradeCeiling(doc);
  if (ceiling === null) return null;
  return ceiling.reachableWeight === ceiling.totalWeight ? 100 : Math.floor((1000 * ceiling.reachableWeight) / ceiling.totalWeight) / 10;
}
