import type { CourseDocument, Lesson } from '../course-document';

/** The pass mark an attempt of the lesson is graded against: the quiz's own, or 100 when the version has no such quiz. */
export function quizPassMark(doc: CourseDocument, lessonId: string): number {
  const lesson = doc.modules.flatMap((m): Lesson[] => m.lessons).find((l) => l.id === lessonId);
  return lesson?.kind === 'quiz' ? lesson.passMark : 100;
}
