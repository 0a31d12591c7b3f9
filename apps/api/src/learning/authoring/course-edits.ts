import { randomBytes } from 'node:crypto';
import type { CourseDocument, CourseModule, Lesson, LessonKind, Question } from '@mahir/course';

/**
 * The editor's small changes to a course document. Each portal form makes one of them on the
 * current draft, which the courses service then saves with the revision the form was read at.
 */

/** A fresh id for a module, lesson, question or option (the document schema allows [A-Za-z0-9_-]{1,64}). */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('base64url')}`;
}

export function findModule(doc: CourseDocument, moduleId: string): CourseModule | undefined {
  return doc.modules.find((m) => m.id === moduleId);
}

export function findLesson(doc: CourseDocument, lessonId: string): { module: CourseModule; lesson: Lesson; index: number } | undefined {
  for (const module of doc.modules) {
    const index = module.lessons.findIndex((l) => l.id === lessonId);
    if (index >= 0) return { module, lesson: module.lessons[index], index };
  }
  return undefined;
}

/** A new lesson of a kind with the defaults a training admin then fills in. */
export function newLesson(kind: LessonKind, title: string): Lesson {
  const base = { id: newId('l'), title, required: true, estimatedMinutes: 10 };
  switch (kind) {
    case 'text':
      return { ...base, kind, markdown: '' };
    case 'video':
      return { ...base, kind, objectKey: null, url: null, completionThreshold: 90 };
    case 'document':
      return { ...base, kind, objectKey: null };
    case 'quiz':
      return { ...base, kind, questionIds: [], drawCount: null, shuffle: false, timeLimitMinutes: null, attemptsAllowed: null, passMark: 70 };
    case 'assignment':
      return { ...base, kind, instructions: '', maxPoints: 100 };
  }
}

/** Moves an item one place up (-1) or down (+1) within its list; false when it is already at that end. */
export function move<T>(list: T[], index: number, step: -1 | 1): boolean {
  const to = index + step;
  if (index < 0 || to < 0 || to >= list.length) return false;
  [list[index], list[to]] = [list[to], list[index]];
  return true;
}

/** Moves a lesson to the end of another module; false when the lesson or the module is unknown, or it is there already. */
export function moveLessonToModule(doc: CourseDocument, lessonId: string, moduleId: string): boolean {
  const found = findLesson(doc, lessonId);
  const target = findModule(doc, moduleId);
  if (!found || !target || found.module === target) return false;
  found.module.lessons.splice(found.index, 1);
  target.lessons.push(found.lesson);
  return true;
}

/** Removes a lesson, with its grading weight and the bank questions no other quiz uses. */
export function removeLesson(doc: CourseDocument, lessonId: string): boolean {
  const found = findLesson(doc, lessonId);
  if (!found) return false;
  found.module.lessons.splice(found.index, 1);
  doc.grading.weights = doc.grading.weights.filter((w) => w.lessonId !== lessonId);
  if (found.lesson.kind === 'quiz') for (const q of found.lesson.questionIds) dropUnusedQuestion(doc, q);
  return true;
}

export function removeModule(doc: CourseDocument, moduleId: string): boolean {
  const module = findModule(doc, moduleId);
  if (!module) return false;
  for (const lesson of [...module.lessons]) removeLesson(doc, lesson.id);
  doc.modules = doc.modules.filter((m) => m.id !== moduleId);
  return true;
}

/** Drops a question from the bank once no quiz lists it any more. */
export function dropUnusedQuestion(doc: CourseDocument, questionId: string): void {
  const used = doc.modules.some((m) => m.lessons.some((l) => l.kind === 'quiz' && l.questionIds.includes(questionId)));
  if (!used) doc.questionBank = doc.questionBank.filter((q) => q.id !== questionId);
}

/** The quiz's questions in its order, as they stand in the bank. */
export function quizQuestions(doc: CourseDocument, questionIds: string[]): Question[] {
  const bank = new Map(doc.questionBank.map((q) => [q.id, q]));
  return questionIds.map((id) => bank.get(id)).filter((q): q is Question => q !== undefined);
}
