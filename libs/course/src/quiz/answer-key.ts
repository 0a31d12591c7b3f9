import { CHOICE_QUESTION_KINDS, type Question } from '../course-document';

/**
 * A corrected answer key of one question of a published version: only the fields of its kind.
 * Choice kinds name their correct options; short answers their accepted answers and matching
 * rules; numeric questions their answer and tolerance. Essays have no key.
 */
export interface AnswerKey {
  correctOptionIds?: string[];
  acceptedAnswers?: string[];
  caseSensitive?: boolean;
  ignoreSpaces?: boolean;
  numericAnswer?: number;
  tolerance?: number | null;
}

/** One broken rule of a key: the field and the rule (message key `answerKey.<rule>`). */
export interface AnswerKeyProblem {
  field: string;
  rule: 'essay' | 'required' | 'notForKind' | 'unknownOption' | 'noCorrectOption' | 'singleCorrect' | 'emptyAnswer' | 'negativeTolerance';
}

const CHOICE_FIELDS = ['correctOptionIds'] as const;
const SHORT_FIELDS = ['acceptedAnswers', 'caseSensitive', 'ignoreSpaces'] as const;
const NUMERIC_FIELDS = ['numericAnswer', 'tolerance'] as const;
const ALL_FIELDS = [...CHOICE_FIELDS, ...SHORT_FIELDS, ...NUMERIC_FIELDS] as const;

function fieldsOf(question: Question): readonly (keyof AnswerKey)[] {
  if ((CHOICE_QUESTION_KINDS as readonly string[]).includes(question.kind)) return CHOICE_FIELDS;
  if (question.kind === 'short_answer') return SHORT_FIELDS;
  if (question.kind === 'numeric') return NUMERIC_FIELDS;
  return [];
}

/** What is wrong with `key` as the answer key of `question` (empty when it can be applied). */
export function answerKeyProblems(question: Question, key: AnswerKey): AnswerKeyProblem[] {
  if (question.kind === 'essay') return [{ field: 'questionId', rule: 'essay' }];
  const allowed = fieldsOf(question);
  const problems: AnswerKeyProblem[] = ALL_FIELDS.filter((f) => key[f] !== undefined && !allowed.includes(f)).map((field) => ({ field, rule: 'notForKind' }));
  if (allowed === CHOICE_FIELDS) {
    const ids = key.correctOptionIds;
    if (ids === undefined) return [...problems, { field: 'correctOptionIds', rule: 'required' }];
    const known = new Set(question.options.map((o) => o.id));
    if (ids.some((id) => !known.has(id))) problems.push({ field: 'correctOptionIds', rule: 'unknownOption' });
    else if (ids.length === 0) problems.push({ field: 'correctOptionIds', rule: 'noCorrectOption' });
    else if (question.kind !== 'multiple_choice' && new Set(ids).size !== 1) problems.push({ field: 'correctOptionIds', rule: 'singleCorrect' });
  } else if (allowed === SHORT_FIELDS) {
    if (key.acceptedAnswers === undefined) problems.push({ field: 'acceptedAnswers', rule: 'required' });
    else if (!key.acceptedAnswers.some((a) => a.trim() !== '')) problems.push({ field: 'acceptedAnswers', rule: 'emptyAnswer' });
  } else {
    if (key.numericAnswer === undefined) problems.push({ field: 'numericAnswer', rule: 'required' });
    if (key.tolerance !== undefined && key.tolerance !== null && key.tolerance < 0) problems.push({ field: 'tolerance', rule: 'negativeTolerance' });
  }
  return problems;
}

/** The key as stored: only its kind's fields, unset matching rules taken from the question. */
export function normalizeAnswerKey(question: Question, key: AnswerKey): AnswerKey {
  if (question.kind === 'short_answer') {
    return {
      acceptedAnswers: (key.acceptedAnswers ?? []).map((a) => a.trim()).filter((a) => a !== ''),
      caseSensitive: key.caseSensitive ?? question.caseSensitive,
      ignoreSpaces: key.ignoreSpaces ?? question.ignoreSpaces,
    };
  }
  if (question.kind === 'numeric') return { numericAnswer: key.numericAnswer, tolerance: key.tolerance ?? null };
  return { correctOptionIds: [...new Set(key.correctOptionIds ?? [])] };
}

/** The question as graded under `key` (a key of another kind changes nothing). */
export function applyAnswerKey(question: Question, key: AnswerKey): Question {
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice':
    case 'true_false': {
      if (!key.correctOptionIds) return question;
      const correct = new Set(key.correctOptionIds);
      return { ...question, options: question.options.map((o) => ({ ...o, correct: correct.has(o.id) })) };
    }
    case 'short_answer':
      if (!key.acceptedAnswers) return question;
      return { ...question, acceptedAnswers: key.acceptedAnswers, caseSensitive: key.caseSensitive ?? question.caseSensitive, ignoreSpaces: key.ignoreSpaces ?? question.ignoreSpaces };
    case 'numeric':
      if (key.numericAnswer === undefined) return question;
      return { ...question, numericAnswer: key.numericAnswer, tolerance: key.tolerance ?? null };
    default:
      return question;
  }
}

/** The question bank of a version with its corrections applied (the latest per question). */
export function correctedQuestionBank(bank: readonly Question[], corrections: ReadonlyMap<string, AnswerKey>): Question[] {
  return bank.map((q) => {
    const key = corrections.get(q.id);
    return key ? applyAnswerKey(q, key) : q;
  });
}
