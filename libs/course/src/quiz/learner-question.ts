import type { Question, QuestionKind } from '../course-document';
import type { DrawnQuestion } from './draw-questions';

/** A question as a learner sees it while answering: never a correct flag, feedback, accepted answer or numeric key. */
export interface LearnerQuestion {
  id: string;
  kind: QuestionKind;
  prompt: string;
  points: number;
  /** In the order drawn for this attempt; empty for kinds without options. */
  options: { id: string; text: string }[];
}

/** Built field by field from an allow-list, so a field added to Question later stays hidden until chosen here. */
export function learnerQuestion(question: Question, drawn: DrawnQuestion): LearnerQuestion {
  const text = new Map(question.options.map((o) => [o.id, o.text]));
  return {
    id: question.id,
    kind: question.kind,
    prompt: question.prompt,
    points: question.points,
    options: drawn.optionIds.filter((id) => text.has(id)).map((id) => ({ id, text: text.get(id) as string })),
  };
}
