import { isCompetencyLevel } from '@mahir/competency';
import { isGradedLesson, type CourseDocument, type Lesson, type LessonOf, type Question } from './course-document';
import { gradeCeiling, maximumFinalGrade } from './grading';

export const PUBLISH_PROBLEM_CODES = [
  'title.missing',
  'summary.missing',
  'jp.missing',
  'jp.notWholeMinutes',
  'competencies.none',
  'competencies.duplicate',
  'competencies.levelRange',
  'competencies.validityNotPositive',
  'competencies.unknown',
  'grading.passMarkRange',
  'grading.passMarkAboveMaximum',
  'grading.unknownWeightedLesson',
  'grading.weightNotGraded',
  'grading.weightDuplicate',
  'grading.weightsNotPositive',
  'grading.attemptsNotPositive',
  'prerequisites.self',
  'prerequisites.duplicate',
  'prerequisites.unknown',
  'modules.none',
  'lessons.noneRequired',
  'ids.missing',
  'ids.duplicate',
  'module.titleMissing',
  'module.noLessons',
  'lesson.titleMissing',
  'lesson.estimatedMinutesInvalid',
  'text.markdownMissing',
  'video.noSource',
  'video.bothSources',
  'video.urlInvalid',
  'video.completionThresholdRange',
  'document.noFile',
  'quiz.noQuestions',
  'quiz.unknownQuestion',
  'quiz.questionDuplicate',
  'quiz.drawCountNotPositive',
  'quiz.drawCountTooLarge',
  'quiz.timeLimitNotPositive',
  'quiz.attemptsNotPositive',
  'quiz.passMarkRange',
  'assignment.instructionsMissing',
  'assignment.maxPointsNotPositive',
  'question.promptMissing',
  'question.pointsNotPositive',
  'question.tooFewOptions',
  'question.trueFalseOptions',
  'question.noCorrectAnswer',
  'question.singleChoiceManyCorrect',
  'question.optionTextMissing',
  'question.noAcceptedAnswer',
  'question.acceptedAnswerBlank',
  'question.noNumericAnswer',
  'question.toleranceInvalid',
  'upload.unverified',
  'certificateTemplate.unknown',
] as const;
export type PublishProblemCode = (typeof PUBLISH_PROBLEM_CODES)[number];

/**
 * Codes that need the catalog (does the competency exist in this tenant, is the prerequisite a published
 * course, is the file a verified upload of this course, is the certificate template the agency's own?). checkForPublish never
 * reports them; callers that can look them up add them.
 */
export const CATALOG_PROBLEM_CODES = ['competencies.unknown', 'prerequisites.unknown', 'upload.unverified', 'certificateTemplate.unknown'] as const satisfies readonly PublishProblemCode[];

export interface PublishProblem {
  path: string;
  code: PublishProblemCode;
  params?: Record<string, string | number>;
}

const blank = (s: string | null): boolean => s === null || s.trim() === '';
const positiveFinite = (n: number): boolean => Number.isFinite(n) && n > 0;
const positiveInteger = (n: number): boolean => Number.isInteger(n) && n > 0;
const percent = (n: number): boolean => n >= 0 && n <= 100; // false for NaN

function httpUrl(s: string): boolean {
  try {
    const { protocol } = new URL(s);
    // Anything else (javascript:, data:, file:) must never reach a learner's player.
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

type Report = (path: string, code: PublishProblemCode, params?: Record<string, string | number>) => void;

/**
 * Every problem that keeps `doc` from being published, in document order: fields in the order of
 * CourseDocument, list items by index, a node's own problems before those of its children. Paths are
 * JSON-path-like ('modules[2].lessons[0].questionIds[1]'). An empty array means publishable.
 *
 * Ids: module ids are unique among modules, lesson ids across the whole course (weights and progress
 * name lessons by id alone), question ids within the bank, option ids within their question. The later
 * occurrence is reported.
 *
 * 'grading.passMarkAboveMaximum': the pass mark (when within 0..100) is greater than the best final grade
 * a learner can reach (see maximumFinalGrade: the share of effective weight on graded lessons that can
 * score above zero). Not checked when nothing is graded (completion then rests on required lessons
 * only) or when no listed weight is usable (the weight problems say why). Because a valid quiz or
 * assignment can always score, this comes with the problem of the lesson that cannot.
 */
export function checkForPublish(doc: CourseDocument, courseId?: string): PublishProblem[] {
  const problems: PublishProblem[] = [];
  const report: Report = (path, code, params) => {
    problems.push(params === undefined ? { path, code } : { path, code, params });
  };

  if (blank(doc.title)) report('title', 'title.missing');
  if (blank(doc.summary)) report('summary', 'summary.missing');
  if (!(doc.jpMinutes > 0)) report('jpMinutes', 'jp.missing');
  else if (!Number.isInteger(doc.jpMinutes)) report('jpMinutes', 'jp.notWholeMinutes');
  checkCompetencies(doc, report);
  checkGrading(doc, report);
  checkPrerequisites(doc, courseId, report);
  checkModules(doc, report);
  checkQuestionBank(doc, report);
  return problems;
}

function checkCompetencies(doc: CourseDocument, report: Report): void {
  if (doc.competencies.length === 0) report('competencies', 'competencies.none');
  const seen = new Set<string>();
  doc.competencies.forEach((c, i) => {
    const path = `competencies[${i}]`;
    if (seen.has(c.competencyId)) report(`${path}.competencyId`, 'competencies.duplicate', { competencyId: c.competencyId });
    seen.add(c.competencyId);
    if (!isCompetencyLevel(c.level)) report(`${path}.level`, 'competencies.levelRange');
    if (c.validityMonths !== null && !positiveInteger(c.validityMonths)) report(`${path}.validityMonths`, 'competencies.validityNotPositive');
  });
}

function checkGrading(doc: CourseDocument, report: Report): void {
  const { passMark, weights, attemptsAllowed } = doc.grading;
  if (!percent(passMark)) {
    report('grading.passMark', 'grading.passMarkRange');
  } else {
    const ceiling = gradeCeiling(doc);
    // Cross-multiplied so that an all-reachable course (reachable === total) is never flagged by rounding.
    if (ceiling !== null && passMark * ceiling.totalWeight > 100 * ceiling.reachableWeight) {
      report('grading.passMark', 'grading.passMarkAboveMaximum', { passMark, maximum: maximumFinalGrade(doc) ?? 0 });
    }
  }

  const lessons = new Map<string, Lesson>();
  for (const module of doc.modules) for (const lesson of module.lessons) if (!lessons.has(lesson.id)) lessons.set(lesson.id, lesson);
  const seen = new Set<string>();
  weights.forEach(({ lessonId, weight }, i) => {
    const path = `grading.weights[${i}]`;
    const lesson = lessons.get(lessonId);
    if (lesson === undefined) report(`${path}.lessonId`, 'grading.unknownWeightedLesson', { lessonId });
    else if (!isGradedLesson(lesson)) report(`${path}.lessonId`, 'grading.weightNotGraded', { lessonId, kind: lesson.kind });
    else if (seen.has(lessonId)) report(`${path}.lessonId`, 'grading.weightDuplicate', { lessonId });
    seen.add(lessonId);
    if (!positiveFinite(weight)) report(`${path}.weight`, 'grading.weightsNotPositive');
  });
  if (attemptsAllowed !== null && !positiveInteger(attemptsAllowed)) report('grading.attemptsAllowed', 'grading.attemptsNotPositive');
}

function checkPrerequisites(doc: CourseDocument, courseId: string | undefined, report: Report): void {
  const seen = new Set<string>();
  doc.prerequisites.forEach((id, i) => {
    if (courseId !== undefined && id === courseId) report(`prerequisites[${i}]`, 'prerequisites.self');
    if (seen.has(id)) report(`prerequisites[${i}]`, 'prerequisites.duplicate', { courseId: id });
    seen.add(id);
  });
}

/** Reports a blank id or a repeat of one already seen in the same scope, then remembers it. */
function checkId(path: string, id: string, scope: Set<string>, report: Report): void {
  if (blank(id)) report(path, 'ids.missing');
  else if (scope.has(id)) report(path, 'ids.duplicate', { id });
  scope.add(id);
}

function checkModules(doc: CourseDocument, report: Report): void {
  const lessons = doc.modules.flatMap((m) => m.lessons);
  if (doc.modules.length === 0) report('modules', 'modules.none');
  // With no lesson at all, the empty modules are the problem to fix, not the required flags.
  else if (lessons.length > 0 && !lessons.some((l) => l.required)) report('modules', 'lessons.noneRequired');

  const bank = new Set(doc.questionBank.map((q) => q.id));
  const moduleIds = new Set<string>();
  const lessonIds = new Set<string>();
  doc.modules.forEach((module, i) => {
    const path = `modules[${i}]`;
    checkId(`${path}.id`, module.id, moduleIds, report);
    if (blank(module.title)) report(`${path}.title`, 'module.titleMissing');
    if (module.lessons.length === 0) report(`${path}.lessons`, 'module.noLessons');
    module.lessons.forEach((lesson, j) => checkLesson(`${path}.lessons[${j}]`, lesson, lessonIds, bank, report));
  });
}

function checkLesson(path: string, lesson: Lesson, lessonIds: Set<string>, bank: ReadonlySet<string>, report: Report): void {
  // The lesson-level video problems come first: the node before its fields.
  if (lesson.kind === 'video') {
    const hasFile = !blank(lesson.objectKey);
    const hasUrl = !blank(lesson.url);
    if (!hasFile && !hasUrl) report(path, 'video.noSource');
    else if (hasFile && hasUrl) report(path, 'video.bothSources');
  }
  checkId(`${path}.id`, lesson.id, lessonIds, report);
  if (blank(lesson.title)) report(`${path}.title`, 'lesson.titleMissing');
  if (!(Number.isInteger(lesson.estimatedMinutes) && lesson.estimatedMinutes >= 0)) report(`${path}.estimatedMinutes`, 'lesson.estimatedMinutesInvalid');
  switch (lesson.kind) {
    case 'text':
      if (blank(lesson.markdown)) report(`${path}.markdown`, 'text.markdownMissing');
      return;
    case 'video':
      if (lesson.url !== null && !blank(lesson.url) && !httpUrl(lesson.url.trim())) report(`${path}.url`, 'video.urlInvalid');
      if (!(lesson.completionThreshold >= 1 && lesson.completionThreshold <= 100)) {
        report(`${path}.completionThreshold`, 'video.completionThresholdRange');
      }
      return;
    case 'document':
      if (blank(lesson.objectKey)) report(`${path}.objectKey`, 'document.noFile');
      return;
    case 'quiz':
      checkQuiz(path, lesson, bank, report);
      return;
    case 'assignment':
      if (blank(lesson.instructions)) report(`${path}.instructions`, 'assignment.instructionsMissing');
      if (!positiveFinite(lesson.maxPoints)) report(`${path}.maxPoints`, 'assignment.maxPointsNotPositive');
      return;
  }
}

function checkQuiz(path: string, quiz: LessonOf<'quiz'>, bank: ReadonlySet<string>, report: Report): void {
  if (quiz.questionIds.length === 0) report(`${path}.questionIds`, 'quiz.noQuestions');
  const listed = new Set<string>();
  let available = 0;
  quiz.questionIds.forEach((questionId, k) => {
    const at = `${path}.questionIds[${k}]`;
    if (listed.has(questionId)) report(at, 'quiz.questionDuplicate', { questionId });
    else if (!bank.has(questionId)) report(at, 'quiz.unknownQuestion', { questionId });
    else available++;
    listed.add(questionId);
  });
  if (quiz.drawCount !== null) {
    if (!positiveInteger(quiz.drawCount)) report(`${path}.drawCount`, 'quiz.drawCountNotPositive');
    // An empty quiz already says so; "draw 3 of 0" would repeat it.
    else if (quiz.questionIds.length > 0 && quiz.drawCount > available) {
      report(`${path}.drawCount`, 'quiz.drawCountTooLarge', { drawCount: quiz.drawCount, available });
    }
  }
  if (quiz.timeLimitMinutes !== null && !positiveInteger(quiz.timeLimitMinutes)) report(`${path}.timeLimitMinutes`, 'quiz.timeLimitNotPositive');
  if (quiz.attemptsAllowed !== null && !positiveInteger(quiz.attemptsAllowed)) report(`${path}.attemptsAllowed`, 'quiz.attemptsNotPositive');
  if (!percent(quiz.passMark)) report(`${path}.passMark`, 'quiz.passMarkRange');
}

function checkQuestionBank(doc: CourseDocument, report: Report): void {
  const questionIds = new Set<string>();
  doc.questionBank.forEach((question, i) => checkQuestion(`questionBank[${i}]`, question, questionIds, report));
}

function checkQuestion(path: string, question: Question, questionIds: Set<string>, report: Report): void {
  checkId(`${path}.id`, question.id, questionIds, report);
  if (blank(question.prompt)) report(`${path}.prompt`, 'question.promptMissing');
  if (!positiveFinite(question.points)) report(`${path}.points`, 'question.pointsNotPositive');
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice':
    case 'true_false': {
      const { options } = question;
      const correct = options.filter((o) => o.correct).length;
      if (question.kind === 'true_false') {
        if (options.length !== 2) report(`${path}.options`, 'question.trueFalseOptions', { count: options.length });
      } else if (options.length < 2) {
        report(`${path}.options`, 'question.tooFewOptions', { count: options.length });
      }
      if (correct === 0) report(`${path}.options`, 'question.noCorrectAnswer');
      // True/false is a single choice too: both answers right is as wrong as two right options.
      else if (correct > 1 && question.kind !== 'multiple_choice') report(`${path}.options`, 'question.singleChoiceManyCorrect', { correct });
      const optionIds = new Set<string>();
      options.forEach((option, j) => {
        checkId(`${path}.options[${j}].id`, option.id, optionIds, report);
        if (blank(option.text)) report(`${path}.options[${j}].text`, 'question.optionTextMissing');
      });
      return;
    }
    case 'short_answer':
      if (!question.acceptedAnswers.some((a) => !blank(a))) report(`${path}.acceptedAnswers`, 'question.noAcceptedAnswer');
      question.acceptedAnswers.forEach((answer, k) => {
        // A blank accepted answer would mark an empty submission correct.
        if (blank(answer)) report(`${path}.acceptedAnswers[${k}]`, 'question.acceptedAnswerBlank');
      });
      return;
    case 'numeric':
      if (question.numericAnswer === null || !Number.isFinite(question.numericAnswer)) report(`${path}.numericAnswer`, 'question.noNumericAnswer');
      if (question.tolerance !== null && !(Number.isFinite(question.tolerance) && question.tolerance >= 0)) {
        report(`${path}.tolerance`, 'question.toleranceInvalid');
      }
      return;
    case 'essay':
      return;
  }
}
