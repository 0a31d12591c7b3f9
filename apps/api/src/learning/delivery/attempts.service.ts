import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { answerProblem, drawQuestions, learnerQuestion, type CourseDocument, type LessonOf } from '@mahir/course';
import { writeOutboxEvent } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { Problem, type FieldError } from '../../platform';
import { DeliveryRepository, type AttemptRow } from './delivery.repository';
import { lessonsOf, PinnedEnrollments } from './pinned-enrollments';

export { ATTEMPT_GRACE_SECONDS } from './delivery.repository';

/** Uniform in [0, 1) from the OS generator: the next draw of questions is not guessable. */
const secureRandom = () => randomInt(0, 2 ** 47) / 2 ** 47;

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/**
 * Quiz attempts: drawn and timed by the server, answered in parts, submitted once. Submitting writes
 * 'attempt.submitted' to the outbox in the same transaction; the worker grades it.
 */
@Injectable()
export class AttemptsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly delivery: DeliveryRepository,
    private readonly enrollments: PinnedEnrollments,
  ) {}

  async start(actor: Actor, enrollmentId: string, lessonId: string) {
    const id = await this.db.transaction(async (tx) => {
      // The enrollment lock queues a second concurrent start behind the first, which then sees its open attempt.
      const enrollment = await this.enrollments.load(actor, enrollmentId, ['active'], true, tx);
      const lesson = lessonsOf(enrollment.document).get(lessonId);
      if (!lesson || lesson.kind !== 'quiz') throw Problem.notFound('delivery.quizNotFound', { lessonId });
      const previous = await this.delivery.lockAttempts(enrollment.id, lessonId, tx);
      for (const open of previous.filter((a) => a.status === 'in_progress')) {
        if (!open.expired) throw new Problem(409, 'attempt.alreadyOpen', {}, [], { attemptId: open.id });
        await this.close(tx, open);
      }
      if (previous.some((a) => a.passed === true)) throw new Problem(409, 'attempt.alreadyPassed');
      const allowed = lesson.attemptsAllowed ?? enrollment.document.grading.attemptsAllowed;
      if (allowed !== null && previous.length >= allowed) throw new Problem(409, 'attempt.noneLeft', { allowed });
      const drawn = drawQuestions(lesson, enrollment.document.questionBank, secureRandom);
      try {
        return await this.delivery.startAttempt(
          { tenantId: enrollment.tenantId, enrollmentId: enrollment.id, lessonId, number: previous.length + 1, questions: drawn, timeLimitMinutes: lesson.timeLimitMinutes },
          tx,
        );
      } catch (e) {
        // Only a race the lock did not queue (another process, a retried request) gets here; the database decides.
        if (isUniqueViolation(e)) throw new Problem(409, 'attempt.alreadyOpen');
        throw e;
      }
    });
    return this.get(actor, id);
  }

  async saveAnswers(actor: Actor, attemptId: string, answers: Record<string, unknown>) {
    await this.db.transaction(async (tx) => {
      const attempt = await this.find(tx, actor, attemptId, true);
      if (attempt.status !== 'in_progress') throw new Problem(409, 'attempt.notOpen', { status: attempt.status });
      if (attempt.expired) throw new Problem(409, 'attempt.timeUp', { deadline: attempt.deadlineAt?.toISOString() ?? '' });
      if (attempt.enrollmentStatus !== 'active') throw new Problem(409, 'delivery.enrollmentNotActive', { status: attempt.enrollmentStatus });
      const doc = await this.enrollments.document(attempt.courseId, attempt.courseVersion, tx);
      const bank = new Map(doc.questionBank.map((q) => [q.id, q]));
      const drawn = new Set(attempt.questions.map((q) => q.questionId));
      const errors: FieldError[] = [];
      for (const [questionId, value] of Object.entries(answers)) {
        const field = `answers.${questionId}`;
        const question = bank.get(questionId);
        if (!drawn.has(questionId) || !question) errors.push({ field, rule: 'notInAttempt', key: 'attempt.questionNotInAttempt', params: { questionId } });
        else if (value !== null) {
          const problem = answerProblem(question, value);
          if (problem) errors.push({ field, rule: problem, key: problem === 'answerShape' ? 'attempt.answerShape' : 'attempt.unknownOption', params: { questionId, kind: question.kind } });
        }
      }
      if (errors.length) throw Problem.validation(errors);
      await this.delivery.mergeAnswers(attempt.id, answers, tx);
    });
    return this.get(actor, attemptId);
  }

  /**
   * Submitting twice (a replay, or two tabs at once) has one effect: the second finds the attempt no
   * longer open and answers its current state. Past the deadline and its grace the attempt is closed
   * at its deadline with the answers saved in time (closedAtDeadline: true), not refused.
   */
  async submit(actor: Actor, attemptId: string) {
    await this.db.transaction(async (tx) => {
      const attempt = await this.find(tx, actor, attemptId, true);
      if (attempt.status === 'in_progress') await this.close(tx, attempt);
    });
    return this.get(actor, attemptId);
  }

  /** The attempt as its learner sees it; one left open past its time is closed first. */
  async get(actor: Actor, attemptId: string) {
    let attempt = await this.find(this.db.manager, actor, attemptId, false);
    if (attempt.status === 'in_progress' && attempt.expired) {
      attempt = await this.db.transaction(async (tx) => {
        const locked = await this.find(tx, actor, attemptId, true);
        if (locked.status === 'in_progress' && locked.expired) await this.close(tx, locked);
        return this.find(tx, actor, attemptId, false);
      });
    }
    const doc = await this.enrollments.document(attempt.courseId, attempt.courseVersion);
    return view(attempt, doc);
  }

  private async find(manager: EntityManager, actor: Actor, attemptId: string, lock: boolean): Promise<AttemptRow> {
    const row = await this.delivery.ownAttempt(tenantOf(actor), actor.employeeId, attemptId, lock, manager);
    if (!row) throw Problem.notFound('attempt.notFound');
    return row;
  }

  /** The learner's attempts at one quiz of their enrollment, newest first (the caller has checked the enrollment is theirs). */
  async listForLesson(enrollmentId: string, lessonId: string) {
    return this.delivery.attemptList(enrollmentId, lessonId);
  }

  /** Submitted at the moment asked, or at the deadline when that came first; graded by the worker. */
  private async close(tx: EntityManager, attempt: AttemptRow): Promise<void> {
    await this.delivery.closeAttempt(attempt.id, tx);
    await writeOutboxEvent(tx, 'attempt.submitted', attempt.tenantId, { tenantId: attempt.tenantId, attemptId: attempt.id });
  }
}

function view(a: AttemptRow, doc: CourseDocument) {
  const lesson = lessonsOf(doc).get(a.lessonId) as LessonOf<'quiz'> | undefined;
  const bank = new Map(doc.questionBank.map((q) => [q.id, q]));
  const decided = a.status === 'graded' || a.status === 'awaiting_review';
  return {
    id: a.id,
    enrollmentId: a.enrollmentId,
    lessonId: a.lessonId,
    number: a.number,
    status: a.status,
    startedAt: a.startedAt,
    deadlineAt: a.deadlineAt,
    submittedAt: a.submittedAt,
    gradedAt: a.gradedAt,
    closedAtDeadline: a.submittedAt !== null && a.deadlineAt !== null && a.submittedAt.getTime() === a.deadlineAt.getTime(),
    passMark: lesson?.passMark ?? null,
    questions: a.questions.flatMap((d) => {
      const question = bank.get(d.questionId);
      return question ? [learnerQuestion(question, d)] : [];
    }),
    answers: a.answers,
    result: decided
      ? {
          scorePoints: a.scorePoints === null ? null : Number(a.scorePoints),
          maxPoints: a.maxPoints === null ? null : Number(a.maxPoints),
          scorePercent: a.scorePercent === null ? null : Number(a.scorePercent),
          passed: a.passed,
          questions: a.results ?? [],
        }
      : null,
  };
}
