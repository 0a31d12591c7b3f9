import fc from 'fast-check';
import type { CourseDocument, Lesson } from './course-document';
import { assignmentScorePercent, evaluateCompletion, validUntilAfter, type AssignmentProgress, type LearnerProgress, type QuizProgress } from './completion';
import { publishableCourseDocumentArbitrary } from './test-support/arbitraries';
import { sampleCourseDocument } from './test-support/sample-course';

/** The sample course without its assignment (which only a person can pass): l1, l2 required, l3 optional, quiz l4 (pass 60, 2 attempts). */
function quizOnlyCourse(edit: (d: CourseDocument) => void = () => undefined): CourseDocument {
  const d = sampleCourseDocument();
  d.modules[1].lessons = d.modules[1].lessons.filter((l) => l.kind !== 'assignment');
  d.grading.weights = [{ lessonId: 'l4', weight: 1 }];
  edit(d);
  return d;
}

const quiz = (gradedScores: number[], more: Partial<QuizProgress> = {}): QuizProgress => ({
  gradedScores,
  used: gradedScores.length,
  open: 0,
  awaitingReview: 0,
  ...more,
});

const progress = (completedLessonIds: string[], quizzes: Record<string, QuizProgress> = {}, assignments: Record<string, AssignmentProgress> = {}): LearnerProgress => ({
  completedLessonIds,
  quizzes,
  assignments,
});
const handedIn = (gradedScores: number[], more: Partial<AssignmentProgress> = {}): AssignmentProgress => ({ gradedScores, used: gradedScores.length, open: 0, ...more });

describe('evaluateCompletion', () => {
  it('completes when every required lesson is done, the quiz passed and the grade reaches the pass mark', () => {
    const result = evaluateCompletion(quizOnlyCourse(), progress(['l1', 'l2'], { l4: quiz([40, 75]) }));
    expect(result).toEqual({ progressPercent: 100, outcome: 'completed', finalGrade: 75, unmet: [] });
  });

  it('counts progress over required lessons only, rounding down; a passed quiz is done even before its progress row', () => {
    const doc = quizOnlyCourse();
    expect(evaluateCompletion(doc, progress([])).progressPercent).toBe(0);
    expect(evaluateCompletion(doc, progress(['l1', 'l3'])).progressPercent).toBe(33);
    expect(evaluateCompletion(doc, progress(['l1'], { l4: quiz([60]) })).progressPercent).toBe(66);
  });

  it('counts every lesson when none is required', () => {
    const doc = quizOnlyCourse((d) => d.modules.flatMap((m) => m.lessons).forEach((l) => (l.required = false)));
    expect(evaluateCompletion(doc, progress(['l1'])).progressPercent).toBe(25);
  });

  it('stays in progress while a required lesson is missing, naming it', () => {
    const result = evaluateCompletion(quizOnlyCourse(), progress(['l1'], { l4: quiz([90]) }));
    expect(result.outcome).toBe('in_progress');
    expect(result.unmet).toEqual([{ rule: 'lessonNotDone', lessonId: 'l2' }]);
    expect(result.finalGrade).toBe(90);
  });

  it('judges the quiz by its own pass mark and the course by the grading pass mark', () => {
    // Quiz passes at 60 but the course needs 70.
    const doc = quizOnlyCourse();
    const passedQuizOnly = evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([65], { used: 1 }) }));
    expect(passedQuizOnly.outcome).toBe('in_progress');
    expect(passedQuizOnly.unmet).toEqual([{ rule: 'gradeBelowPassMark', finalGrade: 65, passMark: 70 }]);
  });

  it('fails when the quiz has used all its attempts without passing and nothing waits for grading', () => {
    const doc = quizOnlyCourse();
    const used = evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([30, 50]) }));
    expect(used.outcome).toBe('failed');
    expect(used.unmet).toContainEqual({ rule: 'attemptsUsedUp', lessonId: 'l4' });
    // An attempt still open or awaiting review may yet pass.
    expect(evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([30], { used: 2, open: 1 }) })).outcome).toBe('in_progress');
    expect(evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([30], { used: 2, awaitingReview: 1 }) })).outcome).toBe('in_progress');
  });

  it('takes attemptsAllowed from the course when the quiz sets none; null is unlimited', () => {
    const courseLimit = quizOnlyCourse((d) => {
      const l4 = d.modules[1].lessons[0];
      if (l4.kind === 'quiz') l4.attemptsAllowed = null;
    });
    expect(evaluateCompletion(courseLimit, progress([], { l4: quiz([1, 2]) })).outcome).toBe('in_progress');
    expect(evaluateCompletion(courseLimit, progress([], { l4: quiz([1, 2, 3]) })).outcome).toBe('failed');
    courseLimit.grading.attemptsAllowed = null;
    expect(evaluateCompletion(courseLimit, progress([], { l4: quiz(Array(50).fill(10)) })).outcome).toBe('in_progress');
  });

  it('fails when the final grade can no longer reach the pass mark though every quiz passed', () => {
    // Two quizzes weighted 1:1, course pass mark 70: 40 (final, passes its own mark of 30) + at most 100 = 70 → still possible;
    // 38 caps the grade at 69 → failed.
    const doc = quizOnlyCourse((d) => {
      const l4 = d.modules[1].lessons[0];
      if (l4.kind !== 'quiz') throw new Error('fixture');
      l4.passMark = 30;
      d.modules[1].lessons.push({ ...l4, id: 'l6', required: false });
      d.grading.weights = [{ lessonId: 'l4', weight: 1 }, { lessonId: 'l6', weight: 1 }];
    });
    expect(evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([40], { used: 2 }) })).outcome).toBe('in_progress');
    const capped = evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([38], { used: 2 }) }));
    expect(capped.outcome).toBe('failed');
    expect(capped.unmet).toContainEqual({ rule: 'gradeUnreachable', maximumGrade: 69, passMark: 70 });
    expect(capped.finalGrade).toBeNull(); // l6 has no result yet
  });

  it('leaves an assignment unmet until a person grades it', () => {
    const result = evaluateCompletion(sampleCourseDocument(), progress(['l1', 'l2', 'l3', 'l5'], { l4: quiz([100]) }, { l5: handedIn([], { used: 1, open: 1 }) }));
    expect(result.outcome).toBe('in_progress');
    expect(result.unmet).toContainEqual({ rule: 'assignmentNotGraded', lessonId: 'l5' });
    expect(result.progressPercent).toBe(100);
  });

  it('counts a graded assignment by points / maxPoints at the course pass mark, in the final grade by its weight', () => {
    expect(assignmentScorePercent(7, 10)).toBe(70);
    expect(assignmentScorePercent(2, 3)).toBe(66.6);
    expect(assignmentScorePercent(100, 100)).toBe(100);
    const doc = sampleCourseDocument(); // pass mark 70, weights l4: 60, l5: 40
    expect(doc.grading.passMark).toBe(70);
    const passed = evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([80]) }, { l5: handedIn([assignmentScorePercent(70, 100)]) }));
    expect(passed).toEqual({ progressPercent: 100, outcome: 'completed', finalGrade: 76, unmet: [] });
    // Below the pass mark: not passed, and its lesson is not done; a better later submission counts (the best one).
    const below = evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([80]) }, { l5: handedIn([69.9]) }));
    expect(below.outcome).toBe('in_progress');
    expect(below.unmet).toEqual(expect.arrayContaining([{ rule: 'lessonNotDone', lessonId: 'l5' }, { rule: 'assignmentNotPassed', lessonId: 'l5' }]));
    expect(evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([80]) }, { l5: handedIn([50, 90]) })).outcome).toBe('completed');
  });

  it('fails when every submission allowed is graded below the pass mark; a submission awaiting its grade keeps it open', () => {
    const doc = sampleCourseDocument();
    doc.grading.attemptsAllowed = 2;
    const usedUp = evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([100]) }, { l5: handedIn([40, 60]) }));
    expect(usedUp.outcome).toBe('failed');
    expect(usedUp.unmet).toContainEqual({ rule: 'attemptsUsedUp', lessonId: 'l5' });
    expect(evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([100]) }, { l5: handedIn([40], { used: 2, open: 1 }) })).outcome).toBe('in_progress');
  });

  it('ignores an optional practice quiz that carries no weight', () => {
    const doc = quizOnlyCourse((d) => {
      const l4 = d.modules[1].lessons[0];
      if (l4.kind !== 'quiz') throw new Error('fixture');
      d.modules[0].lessons.push({ ...l4, id: 'practice', required: false });
    });
    const result = evaluateCompletion(doc, progress(['l1', 'l2'], { l4: quiz([80]), practice: quiz([0, 0]) }));
    expect(result.outcome).toBe('completed');
  });

  it('needs no grade when the course weighs nothing', () => {
    const doc = quizOnlyCourse((d) => {
      d.modules[1].lessons = [];
      d.grading.weights = [];
    });
    expect(evaluateCompletion(doc, progress(['l1', 'l2']))).toEqual({ progressPercent: 100, outcome: 'completed', finalGrade: null, unmet: [] });
  });
});

// --- properties over publishable documents -------------------------------------------------------

const lessonsOf = (doc: CourseDocument): Lesson[] => {
  const seen = new Set<string>();
  return doc.modules.flatMap((m) => m.lessons).filter((l) => !seen.has(l.id) && !!seen.add(l.id));
};

const quizProgressArbitrary: fc.Arbitrary<QuizProgress> = fc
  .record({
    gradedScores: fc.array(fc.integer({ min: 0, max: 1000 }).map((n) => n / 10), { maxLength: 4 }),
    extraUsed: fc.nat(3),
    open: fc.nat(1),
    awaitingReview: fc.nat(1),
  })
  .map(({ gradedScores, extraUsed, open, awaitingReview }) => ({
    gradedScores,
    used: gradedScores.length + open + awaitingReview + extraUsed,
    open,
    awaitingReview,
  }));

const assignmentProgressArbitrary: fc.Arbitrary<AssignmentProgress> = fc
  .record({ gradedScores: fc.array(fc.integer({ min: 0, max: 1000 }).map((n) => n / 10), { maxLength: 3 }), extraUsed: fc.nat(2), open: fc.nat(1) })
  .map(({ gradedScores, extraUsed, open }) => ({ gradedScores, used: gradedScores.length + open + extraUsed, open }));

/** A document with a learner's progress in it: a subset of its lessons done, some attempts at its quizzes, some submissions of its assignments. */
const scenarioArbitrary = publishableCourseDocumentArbitrary().chain((doc) => {
  const lessons = lessonsOf(doc);
  const quizIds = lessons.filter((l) => l.kind === 'quiz').map((l) => l.id);
  const assignmentIds = lessons.filter((l) => l.kind === 'assignment').map((l) => l.id);
  return fc.record({
    doc: fc.constant(doc),
    completed: fc.subarray(lessons.map((l) => l.id)),
    extra: fc.subarray(lessons.map((l) => l.id)),
    quizzes: fc.tuple(...quizIds.map(() => fc.option(quizProgressArbitrary, { nil: undefined }))).map((list) => {
      const quizzes: Record<string, QuizProgress> = {};
      list.forEach((p, i) => p && (quizzes[quizIds[i]] = p));
      return quizzes;
    }),
    assignments: fc.tuple(...assignmentIds.map(() => fc.option(assignmentProgressArbitrary, { nil: undefined }))).map((list) => {
      const assignments: Record<string, AssignmentProgress> = {};
      list.forEach((p, i) => p && (assignments[assignmentIds[i]] = p));
      return assignments;
    }),
  });
});

describe('evaluateCompletion properties', () => {
  it('completed means every required lesson done, every weighted quiz passed and the grade at the pass mark', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ doc, completed, quizzes, assignments }) => {
        const result = evaluateCompletion(doc, { completedLessonIds: completed, quizzes, assignments });
        expect(result.unmet.length === 0).toBe(result.outcome === 'completed');
        if (result.outcome !== 'completed') return;
        expect(result.progressPercent).toBe(100);
        const lessons = lessonsOf(doc);
        const required = lessons.some((l) => l.required) ? lessons.filter((l) => l.required) : lessons;
        for (const lesson of required) {
          const passedQuiz = lesson.kind === 'quiz' && (quizzes[lesson.id]?.gradedScores ?? []).some((s) => s >= lesson.passMark);
          expect(completed.includes(lesson.id) || passedQuiz || lesson.kind === 'assignment').toBe(true);
        }
        // A required assignment counts only once graded at the course's pass mark, whatever its progress row says.
        for (const lesson of lessons.filter((l) => l.kind === 'assignment' && l.required)) {
          expect((assignments[lesson.id]?.gradedScores ?? []).some((s) => s >= doc.grading.passMark)).toBe(true);
        }
        if (result.finalGrade !== null) expect(result.finalGrade).toBeGreaterThanOrEqual(doc.grading.passMark);
      }),
    );
  });

  it('is never both completed and failed: failed always names a rule that can no longer be met', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ doc, completed, quizzes, assignments }) => {
        const result = evaluateCompletion(doc, { completedLessonIds: completed, quizzes, assignments });
        const fatal = result.unmet.some((u) => u.rule === 'attemptsUsedUp' || u.rule === 'gradeUnreachable');
        expect(result.outcome === 'failed').toBe(fatal);
        expect(result.progressPercent).toBeGreaterThanOrEqual(0);
        expect(result.progressPercent).toBeLessThanOrEqual(100);
        expect(Number.isInteger(result.progressPercent)).toBe(true);
      }),
    );
  });

  it('is monotonic in completed lessons: more done lessons never lower progress nor undo a completion', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ doc, completed, extra, quizzes, assignments }) => {
        const before = evaluateCompletion(doc, { completedLessonIds: completed, quizzes, assignments });
        const after = evaluateCompletion(doc, { completedLessonIds: [...completed, ...extra], quizzes, assignments });
        expect(after.progressPercent).toBeGreaterThanOrEqual(before.progressPercent);
        if (before.outcome === 'completed') expect(after.outcome).toBe('completed');
        // Lessons do not change grades or attempts, so a failure stays a failure.
        if (before.outcome === 'failed') expect(after.outcome).toBe('failed');
      }),
    );
  });

  it('a better graded score never turns a completion into anything else', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 0, max: 1000 }), ({ doc, completed, quizzes, assignments }, bonus) => {
        const before = evaluateCompletion(doc, { completedLessonIds: completed, quizzes, assignments });
        const raise = (scores: readonly number[]) => scores.map((s) => Math.min(100, s + bonus / 10));
        const raised: Record<string, QuizProgress> = {};
        for (const [id, p] of Object.entries(quizzes)) raised[id] = { ...p, gradedScores: raise(p.gradedScores) };
        const raisedAssignments: Record<string, AssignmentProgress> = {};
        for (const [id, p] of Object.entries(assignments)) raisedAssignments[id] = { ...p, gradedScores: raise(p.gradedScores) };
        const after = evaluateCompletion(doc, { completedLessonIds: completed, quizzes: raised, assignments: raisedAssignments });
        if (before.outcome === 'completed') expect(after.outcome).toBe('completed');
      }),
    );
  });
});

describe('validUntilAfter', () => {
  it('adds calendar months, keeping to the end of a shorter month; null never lapses', () => {
    expect(validUntilAfter(new Date('2026-01-31T03:00:00Z'), 1)?.toISOString()).toBe('2026-02-28T03:00:00.000Z');
    expect(validUntilAfter(new Date('2027-11-30T23:59:00Z'), 3)?.toISOString()).toBe('2028-02-29T23:59:00.000Z');
    expect(validUntilAfter(new Date('2026-05-15T08:00:00Z'), 36)?.toISOString()).toBe('2029-05-15T08:00:00.000Z');
    expect(validUntilAfter(new Date('2026-05-15T08:00:00Z'), null)).toBeNull();
  });
});
