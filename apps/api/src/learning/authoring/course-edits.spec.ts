import { emptyCourseDocument, type CourseDocument } from '@mahir/course';
import { move, moveLessonToModule, newLesson, removeLesson, removeModule } from './course-edits';

function quizCourse(): CourseDocument {
  const doc = emptyCourseDocument('Kursus');
  const quizA = { ...newLesson('quiz', 'A'), id: 'qa' };
  const quizB = { ...newLesson('quiz', 'B'), id: 'qb' };
  if (quizA.kind !== 'quiz' || quizB.kind !== 'quiz') throw new Error('quiz expected');
  quizA.questionIds = ['q1', 'q2'];
  quizB.questionIds = ['q2'];
  const question = (id: string) => ({ id, kind: 'essay' as const, prompt: id, points: 1, options: [], acceptedAnswers: [], caseSensitive: false, ignoreSpaces: false, numericAnswer: null, tolerance: null });
  doc.questionBank = [question('q1'), question('q2')];
  doc.modules = [{ id: 'm1', title: 'M1', lessons: [quizA] }, { id: 'm2', title: 'M2', lessons: [quizB] }];
  doc.grading.weights = [{ lessonId: 'qa', weight: 1 }, { lessonId: 'qb', weight: 2 }];
  return doc;
}

describe('course edits', () => {
  it('moves a lesson to the end of another module, keeping its weight', () => {
    const doc = quizCourse();
    expect(moveLessonToModule(doc, 'qa', 'm2')).toBe(true);
    expect(doc.modules.map((m) => m.lessons.map((l) => l.id))).toEqual([[], ['qb', 'qa']]);
    expect(doc.grading.weights).toEqual([{ lessonId: 'qa', weight: 1 }, { lessonId: 'qb', weight: 2 }]);
    expect(moveLessonToModule(doc, 'qa', 'm2')).toBe(false);
    expect(moveLessonToModule(doc, 'qa', 'nope')).toBe(false);
    expect(moveLessonToModule(doc, 'nope', 'm1')).toBe(false);
  });

  it('moves an item one place and refuses to move past either end', () => {
    const list = ['a', 'b', 'c'];
    expect(move(list, 2, -1)).toBe(true);
    expect(list).toEqual(['a', 'c', 'b']);
    expect(move(list, 0, -1)).toBe(false);
    expect(move(list, 2, 1)).toBe(false);
    expect(list).toEqual(['a', 'c', 'b']);
  });

  it('removes a lesson with its weight and the questions no other quiz uses', () => {
    const doc = quizCourse();
    expect(removeLesson(doc, 'qa')).toBe(true);
    expect(doc.questionBank.map((q) => q.id)).toEqual(['q2']);
    expect(doc.grading.weights).toEqual([{ lessonId: 'qb', weight: 2 }]);
    expect(removeLesson(doc, 'qa')).toBe(false);
  });

  it('removes a module with all its lessons', () => {
    const doc = quizCourse();
    expect(removeModule(doc, 'm2')).toBe(true);
    expect(doc.modules.map((m) => m.id)).toEqual(['m1']);
    expect(doc.questionBank.map((q) => q.id)).toEqual(['q1', 'q2']);
    expect(doc.grading.weights).toEqual([{ lessonId: 'qa', weight: 1 }]);
  });

  it('gives each new lesson kind the defaults the document schema accepts', () => {
    for (const kind of ['text', 'video', 'document', 'quiz', 'assignment'] as const) {
      const lesson = newLesson(kind, 'Judul');
      expect(lesson).toMatchObject({ kind, title: 'Judul', required: true });
      expect(lesson.id).toMatch(/^l[A-Za-z0-9_-]{8}$/);
    }
  });
});
