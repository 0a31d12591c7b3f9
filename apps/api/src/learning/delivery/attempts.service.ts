import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { answerProblem, drawQuestions, learnerQuestion, type CourseDocument, type DrawnQuestion, type LessonOf, type QuestionResult } from '@mahir/course';
import { writeOutboxEvent } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { Problem, type FieldError } from '../../platform';
import { lessonsOf, PinnedEnrollments } from './pinned-enrollments';

/** Answers saved or a submission made this long after the deadline still count: the network is not the learner's fault. */
export const ATTEMPT_GRACE_SECONDS = 5;

type AttemptStatus = 'in_progress' | 'submitted' | 'awaiting_review' | 'graded';

interface AttemptRow {
  id: string;
  tenant_id: string;
  enrollment_id: string;
  lesson_id: string;
  number: number;
  status: AttemptStatus;
  questions: DrawnQuestion[];
  answers: Record<string, unknown>;
  started_at: Date;
  deadline_at: Date | null;
  submitted_at: Date | null;
  graded_at: Date | null;
  score_points: string | null;
  max_points: string | null;
  score_percent: string | null;
  passed: boolean | null;
  results: QuestionResult[] | null;
  /** Past the deadline and its grace, by the database clock. */
  expired: boolean;
  enrollment_status: string;
  course_id: string;
  course_version: number;
}

const ATTEMPT_SQL = `
  SELECT a.*, (a.deadline_at IS NOT NULL AND now() > a.deadline_at + make_interval(secs => ${ATTEMPT_GRACE_SECONDS})) AS expired,
         e.status AS enrollment_status, e.course_id, e.course_version
  FROM quiz_attempt a JOIN enrollment e ON e.tenant_id = a.tenant_id AND e.id = a.enrollment_id`;

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
    private readonly enrollments: PinnedEnrollments,
  ) {}

  async start(actor: Actor, enrollmentId: string, lessonId: string) {
    const id = await this.db.transaction(async (tx) => {
      // The enrollment lock queues a second concurrent start behind the first, which then sees its open attempt.
      const enrollment = await this.enrollments.load(tx, actor, enrollmentId, ['active'], true);
      const lesson = lessonsOf(enrollment.document).get(lessonId);
      if (!lesson || lesson.kind !== 'quiz') throw Problem.notFound('delivery.quizNotFound', { lessonId });
      const previous: AttemptRow[] = await tx.query(`${ATTEMPT_SQL} WHERE a.enrollment_id = $1 AND a.lesson_id = $2 ORDER BY a.number FOR UPDATE OF a`, [enrollment.id, lessonId]);
      for (const open of previous.filter((a) => a.status === 'in_progress')) {
        if (!open.expired) throw new Problem(409, 'attempt.alreadyOpen', {}, [], { attemptId: open.id });
        await this.close(tx, open);
      }
      if (previous.some((a) => a.passed === true)) throw new Problem(409, 'attempt.alreadyPassed');
      const allowed = lesson.attemptsAllowed ?? enrollment.document.grading.attemptsAllowed;
      if (allowed !== null && previous.length >= allowed) throw new Problem(409, 'attempt.noneLeft', { allowed });
      const drawn = drawQuestions(lesson, enrollment.document.questionBank, secureRandom);
      try {
        const [row] = await tx.query(
          `INSERT INTO quiz_attempt (tenant_id, enrollment_id, lesson_id, number, status, questions, started_at, deadline_at)
           VALUES ($1, $2, $3, $4, 'in_progress', $5, now(), CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(mins => $6::int) END)
           RETURNING id`,
          [enrollment.tenantId, enrollment.id, lessonId, previous.length + 1, JSON.stringify(drawn), lesson.timeLimitMinutes],
        );
        return row.id as string;
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
      if (attempt.expired) throw new Problem(409, 'attempt.timeUp', { deadline: attempt.deadline_at?.toISOString() ?? '' });
      if (attempt.enrollment_status !== 'active') throw new Problem(409, 'delivery.enrollmentNotActive', { status: attempt.enrollment_status });
      const doc = await this.enrollments.document(tx, attempt.course_id, attempt.course_version);
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
      await tx.query(`UPDATE quiz_attempt SET answers = jsonb_strip_nulls(answers || $2::jsonb) WHERE id = $1`, [attempt.id, JSON.stringify(answers)]);
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
    const doc = await this.enrollments.document(this.db, attempt.course_id, attempt.course_version);
    return view(attempt, doc);
  }

  private async find(runner: EntityManager, actor: Actor, attemptId: string, lock: boolean): Promise<AttemptRow> {
    const [row]: AttemptRow[] = await runner.query(`${ATTEMPT_SQL} WHERE a.id = $1 AND a.tenant_id = $2 AND e.employee_id = $3 ${lock ? 'FOR UPDATE OF a' : ''}`, [
      attemptId,
      tenantOf(actor),
      actor.employeeId,
    ]);
    if (!row) throw Problem.notFound('attempt.notFound');
    return row;
  }

  /** Submitted at the moment asked, or at the deadline when that came first; graded by the worker. */
  private async close(tx: EntityManager, attempt: AttemptRow): Promise<void> {
    await tx.query(
      `UPDATE quiz_attempt SET status = 'submitted', submitted_at = CASE WHEN deadline_at IS NULL THEN now() ELSE least(now(), deadline_at) END
       WHERE id = $1 AND status = 'in_progress'`,
      [attempt.id],
    );
    await writeOutboxEvent(tx, 'attempt.submitted', attempt.tenant_id, { tenantId: attempt.tenant_id, attemptId: attempt.id });
  }
}

function view(a: AttemptRow, doc: CourseDocument) {
  const lesson = lessonsOf(doc).get(a.lesson_id) as LessonOf<'quiz'> | undefined;
  const bank = new Map(doc.questionBank.map((q) => [q.id, q]));
  const decided = a.status === 'graded' || a.status === 'awaiting_review';
  return {
    id: a.id,
    enrollmentId: a.enrollment_id,
    lessonId: a.lesson_id,
    number: a.number,
    status: a.status,
    startedAt: a.started_at,
    deadlineAt: a.deadline_at,
    submittedAt: a.submitted_at,
    gradedAt: a.graded_at,
    closedAtDeadline: a.submitted_at !== null && a.deadline_at !== null && a.submitted_at.getTime() === a.deadline_at.getTime(),
    passMark: lesson?.passMark ?? null,
    questions: a.questions.flatMap((d) => {
      const question = bank.get(d.questionId);
      return question ? [learnerQuestion(question, d)] : [];
    }),
    answers: a.answers,
    result: decided
      ? {
          scorePoints: a.score_points === null ? null : Number(a.score_points),
          maxPoints: a.max_points === null ? null : Number(a.max_points),
          scorePercent: a.score_percent === null ? null : Number(a.score_percent),
          passed: a.passed,
          questions: a.results ?? [],
        }
      : null,
  };
}
