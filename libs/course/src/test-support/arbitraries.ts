import fc from 'fast-check';
import { COMPETENCY_LEVELS } from '@mahir/competency';
import {
  COURSE_LANGUAGES,
  COURSE_VISIBILITIES,
  ENROLLMENT_POLICIES,
  QUESTION_KINDS,
  type ChoiceOption,
  type CourseCompetency,
  type CourseDocument,
  type CourseModule,
  type GradingWeight,
  type Lesson,
  type Question,
  type QuestionKind,
} from '../course-document';

/*
 * Arbitraries for course documents.
 *
 * courseDocumentArbitrary(): any type-correct document, publishable or not. Ids come from small pools
 * ('m0'…, 'l0'…, 'q0'…, 'o0'…, now and then a blank one) so duplicates, dangling references and shared
 * ids happen often.
 * With { anyNumbers: true } numbers may be NaN, ±Infinity or -0; otherwise the document survives a
 * JSON (jsonb) round trip unchanged.
 *
 * publishableCourseDocumentArbitrary(): documents that checkForPublish(doc, PUBLISHABLE_COURSE_ID) accepts.
 */

/** A course id that no generated prerequisite equals. */
export const PUBLISHABLE_COURSE_ID = 'course-under-test';

export interface CourseArbitraryOptions {
  anyNumbers?: boolean;
}

// Plain objects, as JSON.parse makes them (fc.record may otherwise build null-prototype ones).
const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true });
const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
const words = ['Pengantar', 'Etika ASN', 'Kuis akhir', 'Integritas', 'Pelayanan publik', 'Studi kasus'];
const text = fc.oneof(fc.constantFrom('', ' ', ...words), fc.string({ maxLength: 16 }));
const filled = fc.oneof(fc.constantFrom(...words), fc.string({ minLength: 1, maxLength: 16 }).filter((s) => s.trim() !== ''));
const pooledId = (prefix: string, pool: number): fc.Arbitrary<string> => fc.integer({ min: 0, max: pool - 1 }).map((i) => `${prefix}${i}`);
const idFrom = (prefix: string, pool: number): fc.Arbitrary<string> =>
  fc.oneof({ weight: 30, arbitrary: pooledId(prefix, pool) }, { weight: 1, arbitrary: fc.constantFrom('', ' ') });
const objectKey = fc.constantFrom('uploads/a1.mp4', 'uploads/b2.pdf', 'uploads/c3.png', '', ' ');
const url = fc.constantFrom('https://video.example.go.id/v1', 'http://intranet.example/v2', 'javascript:alert(1)', 'not a url', '');

function numbers(anyNumbers: boolean) {
  const special = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0);
  const wild = <T extends number>(arb: fc.Arbitrary<T>): fc.Arbitrary<number> => (anyNumbers ? fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: special }) : arb);
  return {
    int: (min: number, max: number) => wild(fc.integer({ min, max })),
    // Finite, and never -0, which JSON would turn into 0.
    real: (min: number, max: number) => wild(fc.double({ min, max, noNaN: true }).map((n) => (n === 0 ? 0 : n))),
  };
}

function documentArbitraries(anyNumbers: boolean) {
  const { int, real } = numbers(anyNumbers);
  const option: fc.Arbitrary<ChoiceOption> = record({ id: idFrom('o', 4), text, correct: fc.boolean(), feedback: nullable(text) });
  const question: fc.Arbitrary<Question> = record({
    id: idFrom('q', 8),
    kind: fc.constantFrom(...QUESTION_KINDS),
    prompt: text,
    points: int(-1, 10),
    options: fc.array(option, { maxLength: 4 }),
    acceptedAnswers: fc.array(text, { maxLength: 3 }),
    caseSensitive: fc.boolean(),
    ignoreSpaces: fc.boolean(),
    numericAnswer: nullable(real(-1000, 1000)),
    tolerance: nullable(real(-1, 10)),
  });
  const base = { id: idFrom('l', 12), title: text, required: fc.boolean(), estimatedMinutes: int(-5, 120) };
  const lesson: fc.Arbitrary<Lesson> = fc.oneof(
    record({ ...base, kind: fc.constant('text' as const), markdown: text }),
    record({ ...base, kind: fc.constant('video' as const), objectKey: nullable(objectKey), url: nullable(url), completionThreshold: int(0, 101) }),
    record({ ...base, kind: fc.constant('document' as const), objectKey: nullable(objectKey) }),
    record({
      ...base,
      kind: fc.constant('quiz' as const),
      questionIds: fc.array(idFrom('q', 10), { maxLength: 5 }),
      drawCount: nullable(int(0, 6)),
      shuffle: fc.boolean(),
      timeLimitMinutes: nullable(int(0, 90)),
      attemptsAllowed: nullable(int(0, 5)),
      passMark: real(-10, 110),
    }),
    record({ ...base, kind: fc.constant('assignment' as const), instructions: text, maxPoints: int(-1, 100) }),
  );
  const module: fc.Arbitrary<CourseModule> = record({ id: idFrom('m', 5), title: text, lessons: fc.array(lesson, { maxLength: 4 }) });
  const competency: fc.Arbitrary<CourseCompetency> = record({
    competencyId: fc.constantFrom('integritas', 'komunikasi', 'kerja_sama', 'teknis_01'),
    level: fc.constantFrom(...COMPETENCY_LEVELS),
    validityMonths: nullable(int(0, 60)),
  });
  const weight: fc.Arbitrary<GradingWeight> = record({ lessonId: idFrom('l', 14), weight: real(-1, 100) });
  const document: fc.Arbitrary<CourseDocument> = record({
    title: text,
    summary: text,
    description: text,
    coverObjectKey: nullable(objectKey),
    category: nullable(text),
    language: fc.constantFrom(...COURSE_LANGUAGES),
    jpMinutes: int(-45, 1800),
    competencies: fc.array(competency, { maxLength: 4 }),
    enrollmentPolicy: fc.constantFrom(...ENROLLMENT_POLICIES),
    visibility: fc.constantFrom(...COURSE_VISIBILITIES),
    certificateTemplateId: nullable(fc.constantFrom('tpl-1', 'tpl-2')),
    grading: record({ passMark: real(-10, 110), weights: fc.array(weight, { maxLength: 4 }), attemptsAllowed: nullable(int(0, 5)) }),
    prerequisites: fc.array(idFrom('course-', 4), { maxLength: 3 }),
    modules: fc.array(module, { maxLength: 4 }),
    questionBank: fc.array(question, { maxLength: 8 }),
  });
  return { option, question, lesson, module, document };
}

/** Any type-correct course document (see the note at the top of this file). */
export function courseDocumentArbitrary(options: CourseArbitraryOptions = {}): fc.Arbitrary<CourseDocument> {
  return documentArbitraries(options.anyNumbers ?? false).document;
}

/** Any type-correct lesson / question, from the same pools as courseDocumentArbitrary. */
export function lessonArbitrary(options: CourseArbitraryOptions = {}): fc.Arbitrary<Lesson> {
  return documentArbitraries(options.anyNumbers ?? false).lesson;
}
export function questionArbitrary(options: CourseArbitraryOptions = {}): fc.Arbitrary<Question> {
  return documentArbitraries(options.anyNumbers ?? false).question;
}

// ---- publishable documents -------------------------------------------------------------------

/** Options with ids o1…, non-blank texts, and a valid set of correct answers for the kind. */
function validOptions(kind: QuestionKind): fc.Arbitrary<ChoiceOption[]> {
  const texts = (min: number, max: number) => fc.array(record({ text: filled, feedback: nullable(text) }), { minLength: min, maxLength: max });
  const build = (rows: { text: string; feedback: string | null }[], correct: (i: number) => boolean): ChoiceOption[] =>
    rows.map((r, i) => ({ id: `o${i + 1}`, text: r.text, correct: correct(i), feedback: r.feedback }));
  switch (kind) {
    case 'single_choice':
      return fc.tuple(texts(2, 5), fc.nat()).map(([rows, pick]) => build(rows, (i) => i === pick % rows.length));
    case 'true_false':
      return fc.tuple(texts(2, 2), fc.boolean()).map(([rows, first]) => build(rows, (i) => (i === 0) === first));
    case 'multiple_choice':
      return fc
        .tuple(texts(2, 5), fc.nat())
        .chain(([rows, pick]) => fc.array(fc.boolean(), { minLength: rows.length, maxLength: rows.length }).map((flags) => build(rows, (i) => flags[i] || i === pick % rows.length)));
    default:
      return fc.constant([]);
  }
}

function validQuestion(id: string): fc.Arbitrary<Question> {
  return fc.constantFrom(...QUESTION_KINDS).chain((kind) =>
    record({
      id: fc.constant(id),
      kind: fc.constant(kind),
      prompt: filled,
      points: fc.integer({ min: 1, max: 10 }),
      options: validOptions(kind),
      acceptedAnswers: kind === 'short_answer' ? fc.array(filled, { minLength: 1, maxLength: 3 }) : fc.constant([]),
      caseSensitive: fc.boolean(),
      ignoreSpaces: fc.boolean(),
      numericAnswer: kind === 'numeric' ? fc.integer({ min: -1000, max: 1000 }) : fc.constant(null),
      tolerance: kind === 'numeric' ? nullable(fc.integer({ min: 0, max: 5 })) : fc.constant(null),
    }),
  );
}

/** A valid lesson with the given id; quizzes draw from q1…q{bankSize}. */
function validLesson(id: string, bankSize: number): fc.Arbitrary<Lesson> {
  const base = { id: fc.constant(id), title: filled, required: fc.boolean(), estimatedMinutes: fc.integer({ min: 0, max: 120 }) };
  const quizQuestions = fc.uniqueArray(fc.integer({ min: 1, max: bankSize }), { minLength: 1, maxLength: bankSize }).map((ns) => ns.map((n) => `q${n}`));
  return fc.oneof(
    record({ ...base, kind: fc.constant('text' as const), markdown: filled }),
    record({
      ...base,
      kind: fc.constant('video' as const),
      objectKey: fc.constant(null),
      url: fc.constantFrom('https://video.example.go.id/v1', 'http://intranet.example/v2'),
      completionThreshold: fc.integer({ min: 1, max: 100 }),
    }),
    record({ ...base, kind: fc.constant('video' as const), objectKey: fc.constant('uploads/a1.mp4'), url: fc.constant(null), completionThreshold: fc.integer({ min: 1, max: 100 }) }),
    record({ ...base, kind: fc.constant('document' as const), objectKey: fc.constant('uploads/b2.pdf') }),
    fc
      .record({
        ...base,
        kind: fc.constant('quiz' as const),
        questionIds: quizQuestions,
        drawCount: nullable(fc.integer({ min: 1, max: bankSize })),
        shuffle: fc.boolean(),
        timeLimitMinutes: nullable(fc.integer({ min: 1, max: 90 })),
        attemptsAllowed: nullable(fc.integer({ min: 1, max: 5 })),
        passMark: fc.integer({ min: 0, max: 100 }),
      })
      .map((quiz) => ({ ...quiz, drawCount: quiz.drawCount === null ? null : Math.min(quiz.drawCount, quiz.questionIds.length) })),
    record({ ...base, kind: fc.constant('assignment' as const), instructions: filled, maxPoints: fc.integer({ min: 1, max: 100 }) }),
  );
}

/** Documents with no publishing problem: unique ids (m1…, l1…, q1…), at least one required lesson, reachable pass mark. */
export function publishableCourseDocumentArbitrary(): fc.Arbitrary<CourseDocument> {
  const shape = record({
    bankSize: fc.integer({ min: 1, max: 6 }),
    lessonsPerModule: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
  });
  return shape.chain(({ bankSize, lessonsPerModule }) => {
    let next = 0;
    const modules = fc.tuple(
      ...lessonsPerModule.map((count, m) =>
        record({
          id: fc.constant(`m${m + 1}`),
          title: filled,
          lessons: fc.tuple(...Array.from({ length: count }, () => validLesson(`l${++next}`, bankSize))),
        }),
      ),
    );
    return fc
      .record({
        title: filled,
        summary: filled,
        description: text,
        coverObjectKey: nullable(fc.constant('covers/c.png')),
        category: nullable(filled),
        language: fc.constantFrom(...COURSE_LANGUAGES),
        jpMinutes: fc.integer({ min: 1, max: 1800 }),
        competencies: fc.uniqueArray(
          record({
            competencyId: fc.constantFrom('integritas', 'komunikasi', 'kerja_sama', 'teknis_01'),
            level: fc.constantFrom(...COMPETENCY_LEVELS),
            validityMonths: nullable(fc.integer({ min: 1, max: 60 })),
          }),
          { minLength: 1, maxLength: 4, selector: (c) => c.competencyId },
        ),
        enrollmentPolicy: fc.constantFrom(...ENROLLMENT_POLICIES),
        visibility: fc.constantFrom(...COURSE_VISIBILITIES),
        certificateTemplateId: nullable(fc.constantFrom('tpl-1', 'tpl-2')),
        passMark: fc.integer({ min: 0, max: 100 }),
        weightSeed: fc.array(fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }), { maxLength: 20 }),
        attemptsAllowed: nullable(fc.integer({ min: 1, max: 5 })),
        prerequisites: fc.uniqueArray(pooledId('course-', 4), { maxLength: 3 }),
        modules,
        questionBank: fc.tuple(...Array.from({ length: bankSize }, (_, i) => validQuestion(`q${i + 1}`))),
      })
      .map(({ passMark, weightSeed, attemptsAllowed, modules, questionBank, ...rest }): CourseDocument => {
        const moduleList = modules.map((m) => ({ ...m, lessons: [...m.lessons] }));
        // At least one required lesson, or the course would complete on enrolment.
        moduleList[0].lessons[0] = { ...moduleList[0].lessons[0], required: true };
        const graded = moduleList.flatMap((m) => m.lessons).filter((l) => l.kind === 'quiz' || l.kind === 'assignment');
        // weightSeed[i] weighs the i-th graded lesson (undefined: not listed); all unlisted means default weights.
        const weights = graded.flatMap((l, i) => (weightSeed[i] === undefined ? [] : [{ lessonId: l.id, weight: weightSeed[i] }]));
        return { ...rest, grading: { passMark, weights, attemptsAllowed }, modules: moduleList, questionBank: [...questionBank] };
      });
  });
}
