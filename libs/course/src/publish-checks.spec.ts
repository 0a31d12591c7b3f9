import fc from 'fast-check';
import type { CompetencyLevel } from '@mahir/competency';
import { emptyCourseDocument, type CourseDocument, type Lesson, type LessonKind, type LessonOf } from './course-document';
import { CATALOG_PROBLEM_CODES, checkForPublish, PUBLISH_PROBLEM_CODES, type PublishProblem, type PublishProblemCode } from './publish-checks';
import { courseDocumentArbitrary, PUBLISHABLE_COURSE_ID, publishableCourseDocumentArbitrary } from './test-support/arbitraries';
import { sampleCourseDocument } from './test-support/sample-course';

const COURSE_ID = PUBLISHABLE_COURSE_ID;

/** The sample with one edit applied. */
function sampleWith(edit: (d: CourseDocument) => void): CourseDocument {
  const d = sampleCourseDocument();
  edit(d);
  return d;
}

function lesson<K extends LessonKind>(d: CourseDocument, m: number, l: number, kind: K): LessonOf<K> {
  const found: Lesson = d.modules[m].lessons[l];
  if (found.kind !== kind) throw new Error(`sample lesson ${m}/${l} is ${found.kind}, not ${kind}`);
  return found as LessonOf<K>;
}
// Sample layout: modules[0] = text l1, video l2, document l3; modules[1] = quiz l4, assignment l5.
const video = (d: CourseDocument) => lesson(d, 0, 1, 'video');
const quiz = (d: CourseDocument) => lesson(d, 1, 0, 'quiz');
const assignment = (d: CourseDocument) => lesson(d, 1, 1, 'assignment');

const brief = (problems: PublishProblem[]) => problems.map(({ path, code }) => `${path} ${code}`);

/** One edit of the sample per code, and the single problem it must cause: [code, path, edit]. */
const examples: [PublishProblemCode, string, (d: CourseDocument) => void][] = [
  ['title.missing', 'title', (d) => (d.title = '  ')],
  ['summary.missing', 'summary', (d) => (d.summary = '')],
  ['jp.missing', 'jpMinutes', (d) => (d.jpMinutes = 0)],
  ['jp.notWholeMinutes', 'jpMinutes', (d) => (d.jpMinutes = 90.5)],
  ['competencies.none', 'competencies', (d) => (d.competencies = [])],
  ['competencies.duplicate', 'competencies[2].competencyId', (d) => d.competencies.push({ ...d.competencies[0], level: 3 })],
  ['competencies.levelRange', 'competencies[1].level', (d) => (d.competencies[1].level = 6 as CompetencyLevel)],
  ['competencies.validityNotPositive', 'competencies[0].validityMonths', (d) => (d.competencies[0].validityMonths = 0)],
  ['grading.passMarkRange', 'grading.passMark', (d) => (d.grading.passMark = 100.5)],
  ['grading.unknownWeightedLesson', 'grading.weights[1].lessonId', (d) => (d.grading.weights[1].lessonId = 'l99')],
  ['grading.weightNotGraded', 'grading.weights[2].lessonId', (d) => d.grading.weights.push({ lessonId: 'l1', weight: 10 })],
  ['grading.weightDuplicate', 'grading.weights[2].lessonId', (d) => d.grading.weights.push({ lessonId: 'l4', weight: 10 })],
  ['grading.weightsNotPositive', 'grading.weights[0].weight', (d) => (d.grading.weights[0].weight = 0)],
  ['grading.attemptsNotPositive', 'grading.attemptsAllowed', (d) => (d.grading.attemptsAllowed = 0)],
  ['prerequisites.self', 'prerequisites[1]', (d) => d.prerequisites.push(COURSE_ID)],
  ['prerequisites.duplicate', 'prerequisites[1]', (d) => d.prerequisites.push(d.prerequisites[0])],
  ['modules.none', 'modules', (d) => ((d.modules = []), (d.grading.weights = []))],
  ['lessons.noneRequired', 'modules', (d) => d.modules.forEach((m) => m.lessons.forEach((l) => (l.required = false)))],
  ['ids.missing', 'modules[0].lessons[0].id', (d) => (d.modules[0].lessons[0].id = ' ')],
  ['ids.duplicate', 'modules[0].lessons[2].id', (d) => (d.modules[0].lessons[2].id = 'l1')],
  ['module.titleMissing', 'modules[1].title', (d) => (d.modules[1].title = '')],
  ['module.noLessons', 'modules[2].lessons', (d) => d.modules.push({ id: 'm3', title: 'Penutup', lessons: [] })],
  ['lesson.titleMissing', 'modules[0].lessons[1].title', (d) => (video(d).title = '')],
  ['lesson.estimatedMinutesInvalid', 'modules[0].lessons[1].estimatedMinutes', (d) => (video(d).estimatedMinutes = -5)],
  ['text.markdownMissing', 'modules[0].lessons[0].markdown', (d) => (lesson(d, 0, 0, 'text').markdown = '\n')],
  ['video.noSource', 'modules[0].lessons[1]', (d) => (video(d).url = null)],
  ['video.bothSources', 'modules[0].lessons[1]', (d) => (video(d).objectKey = 'uploads/maklumat.mp4')],
  ['video.urlInvalid', 'modules[0].lessons[1].url', (d) => (video(d).url = 'javascript:alert(1)')],
  ['video.completionThresholdRange', 'modules[0].lessons[1].completionThreshold', (d) => (video(d).completionThreshold = 0)],
  ['document.noFile', 'modules[0].lessons[2].objectKey', (d) => (lesson(d, 0, 2, 'document').objectKey = null)],
  // A quiz that cannot score would also make the 70% pass mark unreachable, so these weigh the assignment only.
  ['quiz.noQuestions', 'modules[1].lessons[0].questionIds', (d) => ((quiz(d).questionIds = []), (quiz(d).drawCount = null), (d.grading.weights = [{ lessonId: 'l5', weight: 1 }]))],
  ['quiz.drawCountNotPositive', 'modules[1].lessons[0].drawCount', (d) => ((quiz(d).drawCount = 0), (d.grading.weights = [{ lessonId: 'l5', weight: 1 }]))],
  ['quiz.unknownQuestion', 'modules[1].lessons[0].questionIds[1]', (d) => (quiz(d).questionIds[1] = 'q99')],
  ['quiz.questionDuplicate', 'modules[1].lessons[0].questionIds[6]', (d) => quiz(d).questionIds.push('q1')],
  ['quiz.drawCountTooLarge', 'modules[1].lessons[0].drawCount', (d) => (quiz(d).drawCount = 7)],
  ['quiz.timeLimitNotPositive', 'modules[1].lessons[0].timeLimitMinutes', (d) => (quiz(d).timeLimitMinutes = 0)],
  ['quiz.attemptsNotPositive', 'modules[1].lessons[0].attemptsAllowed', (d) => (quiz(d).attemptsAllowed = 0)],
  ['quiz.passMarkRange', 'modules[1].lessons[0].passMark', (d) => (quiz(d).passMark = -1)],
  ['assignment.instructionsMissing', 'modules[1].lessons[1].instructions', (d) => (assignment(d).instructions = '')],
  ['assignment.maxPointsNotPositive', 'modules[1].lessons[1].maxPoints', (d) => ((assignment(d).maxPoints = 0), (d.grading.weights = [{ lessonId: 'l4', weight: 1 }]))],
  ['question.promptMissing', 'questionBank[0].prompt', (d) => (d.questionBank[0].prompt = ' ')],
  ['question.pointsNotPositive', 'questionBank[5].points', (d) => (d.questionBank[5].points = 0)],
  ['question.tooFewOptions', 'questionBank[0].options', (d) => (d.questionBank[0].options = [d.questionBank[0].options[0]])],
  ['question.trueFalseOptions', 'questionBank[2].options', (d) => d.questionBank[2].options.push({ id: 'x', text: 'Mungkin', correct: false, feedback: null })],
  ['question.noCorrectAnswer', 'questionBank[1].options', (d) => d.questionBank[1].options.forEach((o) => (o.correct = false))],
  ['question.singleChoiceManyCorrect', 'questionBank[0].options', (d) => (d.questionBank[0].options[1].correct = true)],
  ['question.optionTextMissing', 'questionBank[1].options[2].text', (d) => (d.questionBank[1].options[2].text = '')],
  ['question.noAcceptedAnswer', 'questionBank[3].acceptedAnswers', (d) => (d.questionBank[3].acceptedAnswers = [])],
  ['question.acceptedAnswerBlank', 'questionBank[3].acceptedAnswers[1]', (d) => d.questionBank[3].acceptedAnswers.push(' ')],
  ['question.noNumericAnswer', 'questionBank[4].numericAnswer', (d) => (d.questionBank[4].numericAnswer = null)],
  ['question.toleranceInvalid', 'questionBank[4].tolerance', (d) => (d.questionBank[4].tolerance = -1)],
];

/** Paths of every node of `value` in pre-order (a node before its children, fields in key order). */
function preOrder(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  out.set(path, out.size);
  if (Array.isArray(value)) value.forEach((v, i) => preOrder(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) preOrder(v, path === '' ? k : `${path}.${k}`, out);
  }
  return out;
}

describe('checkForPublish', () => {
  it('accepts a complete course', () => {
    expect(checkForPublish(sampleCourseDocument())).toEqual([]);
    expect(checkForPublish(sampleCourseDocument(), COURSE_ID)).toEqual([]);
  });

  it('lists what an empty draft lacks', () => {
    const draft = emptyCourseDocument('Etika ASN');
    expect(draft).toMatchObject({ title: 'Etika ASN', jpMinutes: 0, enrollmentPolicy: 'open', visibility: 'tenant', language: 'id', grading: { passMark: 70 } });
    expect(checkForPublish(draft)).toEqual([
      { path: 'summary', code: 'summary.missing' },
      { path: 'jpMinutes', code: 'jp.missing' },
      { path: 'competencies', code: 'competencies.none' },
      { path: 'modules', code: 'modules.none' },
    ]);
  });

  it.each(examples)('reports %s at %s, and nothing else', (code, path, edit) => {
    expect(brief(checkForPublish(sampleWith(edit), COURSE_ID))).toEqual([`${path} ${code}`]);
  });

  it('has an example for every code it can report', () => {
    const covered = new Set<string>([...examples.map(([code]) => code), 'grading.passMarkAboveMaximum', ...CATALOG_PROBLEM_CODES]);
    expect(PUBLISH_PROBLEM_CODES.filter((c) => !covered.has(c))).toEqual([]);
    expect(new Set(PUBLISH_PROBLEM_CODES).size).toBe(PUBLISH_PROBLEM_CODES.length);
  });

  describe('grading.passMarkAboveMaximum', () => {
    // A valid quiz or assignment can always score, so an unreachable pass mark always has a lesson-level cause too.
    it('is reported with the lesson that cannot score, and gives the reachable maximum', () => {
      const d = sampleWith((d) => (assignment(d).maxPoints = 0)); // weights l4: 60, l5: 40
      expect(checkForPublish(d)).toEqual([
        { path: 'grading.passMark', code: 'grading.passMarkAboveMaximum', params: { passMark: 70, maximum: 60 } },
        { path: 'modules[1].lessons[1].maxPoints', code: 'assignment.maxPointsNotPositive' },
      ]);
      d.grading.passMark = 60;
      expect(brief(checkForPublish(d))).toEqual(['modules[1].lessons[1].maxPoints assignment.maxPointsNotPositive']);
    });

    it('covers weights only on lessons whose maximum is 0, and default weights', () => {
      const onlyEmpty = sampleWith((d) => ((assignment(d).maxPoints = 0), (d.grading.weights = [{ lessonId: 'l5', weight: 3 }])));
      expect(checkForPublish(onlyEmpty)[0]).toEqual({ path: 'grading.passMark', code: 'grading.passMarkAboveMaximum', params: { passMark: 70, maximum: 0 } });
      const byDefault = sampleWith((d) => ((quiz(d).questionIds = []), (quiz(d).drawCount = null), (d.grading.weights = [])));
      expect(checkForPublish(byDefault)[0]).toMatchObject({ code: 'grading.passMarkAboveMaximum', params: { maximum: 50 } });
    });

    it('is not checked when nothing is graded or no weight is usable', () => {
      const ungraded = sampleWith((d) => ((d.modules = [d.modules[0]]), (d.grading.weights = []), (d.grading.passMark = 100)));
      expect(checkForPublish(ungraded)).toEqual([]);
      const badWeights = sampleWith((d) => (d.grading.weights = [{ lessonId: 'l1', weight: 1 }]));
      expect(brief(checkForPublish(badWeights))).toEqual(['grading.weights[0].lessonId grading.weightNotGraded']);
    });

    it('accepts a pass mark of 100 when every weighted lesson can score, whatever the weights', () => {
      const d = sampleWith((d) => ((d.grading.passMark = 100), (d.grading.weights = [{ lessonId: 'l4', weight: 0.1 }, { lessonId: 'l5', weight: 0.2 }])));
      expect(checkForPublish(d)).toEqual([]);
    });
  });

  it('reports every problem at once, in document order', () => {
    const d = sampleWith((d) => {
      d.title = '';
      d.prerequisites.push(COURSE_ID);
      d.modules.push({ id: 'm1', title: '', lessons: [] });
      quiz(d).questionIds[0] = 'q404';
      d.questionBank[0].options.forEach((o) => (o.correct = false));
      d.questionBank[2].options[0].correct = false;
    });
    expect(checkForPublish(d, COURSE_ID)).toEqual([
      { path: 'title', code: 'title.missing' },
      { path: 'prerequisites[1]', code: 'prerequisites.self' },
      { path: 'modules[1].lessons[0].questionIds[0]', code: 'quiz.unknownQuestion', params: { questionId: 'q404' } },
      { path: 'modules[2].id', code: 'ids.duplicate', params: { id: 'm1' } },
      { path: 'modules[2].title', code: 'module.titleMissing' },
      { path: 'modules[2].lessons', code: 'module.noLessons' },
      { path: 'questionBank[0].options', code: 'question.noCorrectAnswer' },
      { path: 'questionBank[2].options', code: 'question.noCorrectAnswer' },
    ]);
  });

  it('scopes ids: lessons across the course, options within their question', () => {
    const d = sampleWith((d) => {
      d.modules[1].lessons[1].id = 'l1'; // the assignment now shares the text lesson's id
      d.modules[1].id = 'l2'; // modules and lessons are different scopes
      d.questionBank[1].id = 'q1';
      d.questionBank[1].options[1].id = 'o1';
      quiz(d).questionIds = ['q1', 'q3', 'q4', 'q5', 'q6'];
      d.grading.weights = [];
    });
    expect(checkForPublish(d)).toEqual([
      { path: 'modules[1].lessons[1].id', code: 'ids.duplicate', params: { id: 'l1' } },
      { path: 'questionBank[1].id', code: 'ids.duplicate', params: { id: 'q1' } },
      { path: 'questionBank[1].options[1].id', code: 'ids.duplicate', params: { id: 'o1' } },
    ]);
  });

  it('treats true/false as a single choice and accepts several right answers in a multiple choice', () => {
    expect(brief(checkForPublish(sampleWith((d) => d.questionBank[2].options.forEach((o) => (o.correct = true)))))).toEqual([
      'questionBank[2].options question.singleChoiceManyCorrect',
    ]);
    expect(checkForPublish(sampleWith((d) => d.questionBank[1].options.forEach((o) => (o.correct = true))))).toEqual([]);
  });

  it('needs the course id to see a self-prerequisite, and reports a repeated one twice over', () => {
    const d = sampleWith((d) => d.prerequisites.push(COURSE_ID, COURSE_ID));
    expect(brief(checkForPublish(d))).toEqual(['prerequisites[2] prerequisites.duplicate']);
    expect(brief(checkForPublish(d, COURSE_ID))).toEqual([
      'prerequisites[1] prerequisites.self',
      'prerequisites[2] prerequisites.self',
      'prerequisites[2] prerequisites.duplicate',
    ]);
  });

  it('counts a blank video link as no link', () => {
    expect(brief(checkForPublish(sampleWith((d) => (video(d).url = '   '))))).toEqual(['modules[0].lessons[1] video.noSource']);
  });

  describe('properties', () => {
    it('accepts every publishable document', () => {
      fc.assert(fc.property(publishableCourseDocumentArbitrary(), (doc) => expect(checkForPublish(doc, COURSE_ID)).toEqual([])));
    });

    it('never throws; reports known codes at paths that exist, in document order, once each, deterministically', () => {
      fc.assert(
        fc.property(courseDocumentArbitrary({ anyNumbers: true }), fc.constantFrom(undefined, 'course-0'), (doc, courseId) => {
          const problems = checkForPublish(doc, courseId);
          const order = preOrder(doc);
          const ranks = problems.map((p) => order.get(p.path) ?? -1);
          for (const [i, p] of problems.entries()) {
            expect(PUBLISH_PROBLEM_CODES).toContain(p.code);
            expect(CATALOG_PROBLEM_CODES).not.toContain(p.code);
            expect([p.path, ranks[i] >= 0]).toEqual([p.path, true]); // the path names a node of the document
            if (i > 0) expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1]);
          }
          expect(new Set(brief(problems)).size).toBe(problems.length);
          expect(checkForPublish(structuredClone(doc), courseId)).toEqual(problems);
        }),
      );
    });

    it('reaches every check from random documents', () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(courseDocumentArbitrary({ anyNumbers: true }), (doc) => {
          for (const p of checkForPublish(doc, 'course-0')) seen.add(p.code);
        }),
        { numRuns: 1000 },
      );
      // The generator is only useful if it reaches the checks. Catalog codes are never ours to report, and a
      // level outside 1–5 is not type-correct, so the generator never makes one.
      const unreachable: string[] = [...CATALOG_PROBLEM_CODES, 'competencies.levelRange'];
      const unreached = PUBLISH_PROBLEM_CODES.filter((c) => !seen.has(c) && !unreachable.includes(c));
      expect(unreached).toEqual([]);
    });
  });
});
