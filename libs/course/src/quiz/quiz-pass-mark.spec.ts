import { sampleCourseDocument } from '../test-support/sample-course';
import { quizPassMark } from './quiz-pass-mark';

describe('quizPassMark', () => {
  it("is the quiz's own pass mark, and 100 for a lesson that is no quiz of the version", () => {
    const doc = sampleCourseDocument();
    expect(quizPassMark(doc, 'l4')).toBe(60);
    expect(quizPassMark(doc, 'l1')).toBe(100);
    expect(quizPassMark(doc, 'no-such-lesson')).toBe(100);
  });
});
