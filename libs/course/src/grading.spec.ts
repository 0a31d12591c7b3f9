import fc from 'fast-check';
import type { CourseDocument } from './course-document';
import { effectiveWeights, maximumFinalGrade } from './grading';
import { publishableCourseDocumentArbitrary } from './test-support/arbitraries';
import { sampleCourseDocument } from './test-support/sample-course';

function sampleWith(edit: (d: CourseDocument) => void): CourseDocument {
  const d = sampleCourseDocument();
  edit(d);
  return d;
}

describe('effectiveWeights', () => {
  it('uses the listed weights, or 1 for every quiz and assignment when none are listed', () => {
    expect(effectiveWeights(sampleCourseDocument())).toEqual([{ lessonId: 'l4', weight: 60 }, { lessonId: 'l5', weight: 40 }]);
    expect(effectiveWeights(sampleWith((d) => (d.grading.weights = [])))).toEqual([{ lessonId: 'l4', weight: 1 }, { lessonId: 'l5', weight: 1 }]);
  });

  it('ignores listings of unknown or ungraded lessons, repeats and non-positive weights', () => {
    const d = sampleWith(
      (d) =>
        (d.grading.weights = [
          { lessonId: 'l1', weight: 5 },
          { lessonId: 'nope', weight: 5 },
          { lessonId: 'l5', weight: 0 },
          { lessonId: 'l4', weight: 2 },
          { lessonId: 'l4', weight: 9 },
          { lessonId: 'l5', weight: Number.POSITIVE_INFINITY },
        ]),
    );
    expect(effectiveWeights(d)).toEqual([{ lessonId: 'l4', weight: 2 }]);
  });
});

describe('maximumFinalGrade', () => {
  it('is 100 when every weighted lesson can score, the weighted share of those that can otherwise, null when nothing is graded', () => {
    expect(maximumFinalGrade(sampleCourseDocument())).toBe(100);
    const noMaximum = sampleWith((d) => {
      const assignment = d.modules[1].lessons[1];
      if (assignment.kind === 'assignment') assignment.maxPoints = 0;
    });
    expect(maximumFinalGrade(noMaximum)).toBe(60);
    expect(maximumFinalGrade(sampleWith((d) => ((d.grading.weights = [{ lessonId: 'l4', weight: 1 }, { lessonId: 'l5', weight: 2 }]), (d.questionBank = []))))).toBe(66.6);
    expect(maximumFinalGrade(sampleWith((d) => ((d.modules = [d.modules[0]]), (d.grading.weights = []))))).toBeNull();
  });

  it('counts a quiz that draws nothing, or only questions worth nothing, as unable to score', () => {
    const quizOnly = (edit: (d: CourseDocument) => void) => sampleWith((d) => ((d.grading.weights = [{ lessonId: 'l4', weight: 1 }]), edit(d)));
    expect(maximumFinalGrade(quizOnly(() => undefined))).toBe(100);
    expect(maximumFinalGrade(quizOnly((d) => d.questionBank.forEach((q) => (q.points = 0))))).toBe(0);
    const drawsNothing = quizOnly((d) => {
      const quiz = d.modules[1].lessons[0];
      if (quiz.kind === 'quiz') quiz.drawCount = 0;
    });
    expect(maximumFinalGrade(drawsNothing)).toBe(0);
  });

  it('is 100 for every publishable course', () => {
    fc.assert(fc.property(publishableCourseDocumentArbitrary(), (doc) => expect([null, 100]).toContain(maximumFinalGrade(doc))));
  });
});
