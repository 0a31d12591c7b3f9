import type { CompetencyLevel } from '@mahir/competency';

export const LESSON_KINDS = ['text', 'video', 'document', 'quiz', 'assignment'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];
export const QUESTION_KINDS = ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'numeric', 'essay'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const ENROLLMENT_POLICIES = ['open', 'approval', 'assigned'] as const;
export type EnrollmentPolicy = (typeof ENROLLMENT_POLICIES)[number];
export const COURSE_VISIBILITIES = ['tenant', 'national'] as const;
export type CourseVisibility = (typeof COURSE_VISIBILITIES)[number];
export const COURSE_LANGUAGES = ['id', 'en'] as const;
export type CourseLanguage = (typeof COURSE_LANGUAGES)[number];

/** Lessons that produce a score: they alone may carry a grading weight. */
export const GRADED_LESSON_KINDS = ['quiz', 'assignment'] as const satisfies readonly LessonKind[];
export type GradedLessonKind = (typeof GRADED_LESSON_KINDS)[number];
/** Question kinds answered by picking options. */
export const CHOICE_QUESTION_KINDS = ['single_choice', 'multiple_choice', 'true_false'] as const satisfies readonly QuestionKind[];

export interface ChoiceOption {
  id: string;
  text: string;
  correct: boolean;
  feedback: string | null;
}

export interface Question {
  id: string;
  kind: QuestionKind;
  prompt: string;
  /** > 0 */
  points: number;
  /** Choice kinds; true_false has exactly 2 options. */
  options: ChoiceOption[];
  /** short_answer */
  acceptedAnswers: string[];
  /** short_answer matching rules */
  caseSensitive: boolean;
  ignoreSpaces: boolean;
  /** numeric */
  numericAnswer: number | null;
  tolerance: number | null;
}

export interface LessonBase {
  id: string;
  title: string;
  required: boolean;
  estimatedMinutes: number;
}

export type Lesson =
  | (LessonBase & { kind: 'text'; markdown: string })
  | (LessonBase & { kind: 'video'; objectKey: string | null; url: string | null; /** percent 1..100 */ completionThreshold: number })
  | (LessonBase & { kind: 'document'; objectKey: string | null })
  | (LessonBase & {
      kind: 'quiz';
      questionIds: string[];
      drawCount: number | null;
      shuffle: boolean;
      timeLimitMinutes: number | null;
      attemptsAllowed: number | null;
      /** percent */
      passMark: number;
    })
  | (LessonBase & { kind: 'assignment'; instructions: string; maxPoints: number });

export type LessonOf<K extends LessonKind> = Extract<Lesson, { kind: K }>;
export type GradedLesson = LessonOf<GradedLessonKind>;

export function isGradedLesson(lesson: Lesson): lesson is GradedLesson {
  return (GRADED_LESSON_KINDS as readonly string[]).includes(lesson.kind);
}

export interface CourseModule {
  id: string;
  title: string;
  lessons: Lesson[];
}

export interface CourseCompetency {
  competencyId: string;
  level: CompetencyLevel;
  validityMonths: number | null;
}

export interface GradingWeight {
  lessonId: string;
  weight: number;
}

export interface GradingPolicy {
  /** percent 0..100 of the final grade */
  passMark: number;
  weights: GradingWeight[];
  attemptsAllowed: number | null;
}

export interface CourseDocument {
  title: string;
  summary: string;
  /** Markdown */
  description: string;
  coverObjectKey: string | null;
  category: string | null;
  language: CourseLanguage;
  /** JP in minutes (1 JP = 45) */
  jpMinutes: number;
  competencies: CourseCompetency[];
  enrollmentPolicy: EnrollmentPolicy;
  visibility: CourseVisibility;
  certificateTemplateId: string | null;
  grading: GradingPolicy;
  /** other course ids */
  prerequisites: string[];
  modules: CourseModule[];
  questionBank: Question[];
}

/** An empty draft: a title only; every list empty, JP 0, open, tenant visibility, language id, pass mark 70. */
export function emptyCourseDocument(title: string): CourseDocument {
  return {
    title,
    summary: '',
    description: '',
    coverObjectKey: null,
    category: null,
    language: 'id',
    jpMinutes: 0,
    competencies: [],
    enrollmentPolicy: 'open',
    visibility: 'tenant',
    certificateTemplateId: null,
    grading: { passMark: 70, weights: [], attemptsAllowed: null },
    prerequisites: [],
    modules: [],
    questionBank: [],
  };
}
