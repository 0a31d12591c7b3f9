import { z } from 'zod';
import { COMPETENCY_LEVELS } from '@mahir/competency';
import { COURSE_LANGUAGES, COURSE_VISIBILITIES, ENROLLMENT_POLICIES, QUESTION_KINDS, type CourseDocument } from '@mahir/course';
import type { FieldError } from '../../platform';

/**
 * The shape of a course document as the API accepts it: types, sizes and enums. Whether a
 * course is complete enough to publish is the domain's checkForPublish, not this.
 */
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const text = (max: number) => z.string().max(max);
const minutes = z.number().int().min(0).max(100_000);
const percent = z.number().min(0).max(100);
const level = z.union(COMPETENCY_LEVELS.map((l) => z.literal(l)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<2>]);

const option = z.strictObject({ id, text: text(2_000), correct: z.boolean(), feedback: text(2_000).nullable() });
const question = z.strictObject({
  id,
  kind: z.enum(QUESTION_KINDS),
  prompt: text(20_000),
  points: z.number().min(0).max(1_000),
  options: z.array(option).max(20),
  acceptedAnswers: z.array(text(500)).max(50),
  caseSensitive: z.boolean(),
  ignoreSpaces: z.boolean(),
  numericAnswer: z.number().finite().nullable(),
  tolerance: z.number().min(0).finite().nullable(),
});
const base = { id, title: text(300), required: z.boolean(), estimatedMinutes: minutes };
const lesson = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('text'), markdown: text(100_000) }),
  z.strictObject({
    ...base,
    kind: z.literal('video'),
    objectKey: text(300).nullable(),
    url: z.url({ protocol: /^https?$/ }).max(2_000).nullable(),
    completionThreshold: z.number().int().min(1).max(100),
  }),
  z.strictObject({ ...base, kind: z.literal('document'), objectKey: text(300).nullable() }),
  z.strictObject({
    ...base,
    kind: z.literal('quiz'),
    questionIds: z.array(id).max(500),
    drawCount: z.number().int().min(1).max(500).nullable(),
    shuffle: z.boolean(),
    timeLimitMinutes: z.number().int().min(1).max(1_440).nullable(),
    attemptsAllowed: z.number().int().min(1).max(100).nullable(),
    passMark: percent,
  }),
  z.strictObject({ ...base, kind: z.literal('assignment'), instructions: text(20_000), maxPoints: z.number().min(0).max(1_000) }),
]);

export const courseDocumentSchema = z.strictObject({
  title: text(300),
  summary: text(2_000),
  description: text(100_000),
  coverObjectKey: text(300).nullable(),
  category: text(100).nullable(),
  language: z.enum(COURSE_LANGUAGES),
  jpMinutes: minutes,
  competencies: z.array(z.strictObject({ competencyId: z.uuid(), level, validityMonths: z.number().int().min(1).max(240).nullable() })).max(50),
  enrollmentPolicy: z.enum(ENROLLMENT_POLICIES),
  visibility: z.enum(COURSE_VISIBILITIES),
  certificateTemplateId: z.uuid().nullable(),
  grading: z.strictObject({
    passMark: percent,
    weights: z.array(z.strictObject({ lessonId: id, weight: z.number().min(0).max(1_000) })).max(500),
    attemptsAllowed: z.number().int().min(1).max(100).nullable(),
  }),
  prerequisites: z.array(z.uuid()).max(20),
  modules: z.array(z.strictObject({ id, title: text(300), lessons: z.array(lesson).max(200) })).max(100),
  questionBank: z.array(question).max(2_000),
}) satisfies z.ZodType<CourseDocument>;

/** zod's issues as our field errors: `document.modules.0.lessons.2.title` and a rule name. */
export function documentErrors(error: z.ZodError, prefix = 'document'): FieldError[] {
  return error.issues.slice(0, 100).flatMap((issue): FieldError[] => {
    const field = [prefix, ...issue.path.map(String)].join('.');
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((k) => ({ field: `${field}.${k}`, rule: 'unknownField' }));
      case 'invalid_type':
        return [{ field, rule: issue.input === undefined ? 'required' : 'invalid' }];
      case 'too_big':
        return [{ field, rule: issue.origin === 'string' ? 'maxLength' : issue.origin === 'array' ? 'arrayMaxSize' : 'max', params: { max: String(issue.maximum) } }];
      case 'too_small':
        return [{ field, rule: issue.origin === 'string' ? 'minLength' : 'min', params: { min: String(issue.minimum) } }];
      case 'invalid_value':
        return [{ field, rule: 'isIn', params: { values: issue.values.map(String).join(', ') } }];
      default:
        return [{ field, rule: 'invalid' }];
    }
  });
}
