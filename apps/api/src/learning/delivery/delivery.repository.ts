import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type InsertResult, type SelectQueryBuilder } from 'typeorm';
import type { AttemptStatus, CourseDocument, DrawnQuestion, EnrollmentStatus, QuestionResult } from '@mahir/course';
import { CourseVersion, Enrollment, LessonProgress, QuizAttempt, sqlExec, sqlRows } from '@mahir/persistence';

/** Answers saved or a submission made this long after the deadline still count: the network is not the learner's fault. */
export const ATTEMPT_GRACE_SECONDS = 5;

/** The enrollment columns delivery judges an action by. */
export type DeliveryEnrollment = Pick<Enrollment, 'id' | 'tenantId' | 'status' | 'courseId' | 'courseVersion' | 'progressPercent'>;

/** A lesson_progress row as delivery reads it. */
export type ProgressRow = Pick<LessonProgress, 'lessonId' | 'completedAt' | 'percent' | 'position' | 'secondsSpent' | 'updatedAt'>;

/** A quiz's attempts of one enrollment, summarised. */
export interface QuizSummaryRow {
  lessonId: string;
  used: number;
  passed: boolean;
  open: string | null;
}

/** An attempt with what its rules need from the enrollment, and whether its time is up. */
export interface AttemptRow {
  id: string;
  tenantId: string;
  enrollmentId: string;
  lessonId: string;
  number: number;
  status: AttemptStatus;
  questions: DrawnQuestion[];
  answers: Record<string, unknown>;
  startedAt: Date;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  gradedAt: Date | null;
  scorePoints: string | null;
  maxPoints: string | null;
  scorePercent: string | null;
  passed: boolean | null;
  results: QuestionResult[] | null;
  /** Past the deadline and its grace, by the database clock. */
  expired: boolean;
  enrollmentStatus: EnrollmentStatus;
  courseId: string;
  courseVersion: number;
}

/** A learner's past attempt at a quiz, as the lesson page lists it. */
export interface AttemptListItem {
  id: string;
  number: number;
  status: AttemptStatus;
  scorePercent: number | null;
  passed: boolean | null;
  submittedAt: Date | null;
}

/** One lesson's share of a progress batch: the applied events folded together (see ProgressService). */
export interface LessonDeltaRow {
  lessonId: string;
  seconds: number;
  position: number | null;
  percent: number;
  /** The events say it is finished and the lesson's kind lets them (text, document). */
  flagged: boolean;
  /** Video: completed once the furthest percent reaches this. */
  threshold: number | null;
}

export interface NewAttempt {
  tenantId: string;
  enrollmentId: string;
  lessonId: string;
  number: number;
  questions: DrawnQuestion[];
  timeLimitMinutes: number | null;
}

const ATTEMPT_COLUMNS: [string, keyof AttemptRow][] = [
  ['a.id', 'id'], ['a.tenant_id', 'tenantId'], ['a.enrollment_id', 'enrollmentId'], ['a.lesson_id', 'lessonId'], ['a.number', 'number'],
  ['a.status', 'status'], ['a.questions', 'questions'], ['a.answers', 'answers'], ['a.started_at', 'startedAt'], ['a.deadline_at', 'deadlineAt'],
  ['a.submitted_at', 'submittedAt'], ['a.graded_at', 'gradedAt'], ['a.score_points', 'scorePoints'], ['a.max_points', 'maxPoints'],
  ['a.score_percent', 'scorePercent'], ['a.passed', 'passed'], ['a.results', 'results'],
  [`(a.deadline_at IS NOT NULL AND now() > a.deadline_at + make_interval(secs => ${ATTEMPT_GRACE_SECONDS}))`, 'expired'],
  ['e.status', 'enrollmentStatus'], ['e.course_id', 'courseId'], ['e.course_version', 'courseVersion'],
];

/** The id an INSERT … RETURNING id answered. */
function insertedId(result: InsertResult): string {
  const id: unknown = result.identifiers[0]?.['id'];
  if (typeof id !== 'string') throw new Error('the insert answered no id');
  return id;
}

/** Delivery: the learner's enrollment and pinned version, lesson progress (the ingest), and quiz attempts. */
@Injectable()
export class DeliveryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * The employee's own enrollment in the tenant. With `lock` the row is locked FOR NO KEY UPDATE for
   * the rest of the transaction: one learner's writes to one enrollment queue behind each other.
   */
  async ownEnrollment(tenantId: string, employeeId: string | null, id: string, lock: boolean, manager: EntityManager = this.db.manager): Promise<DeliveryEnrollment | null> {
    if (employeeId === null) return null;
    return manager.getRepository(Enrollment).findOne({
      select: { id: true, tenantId: true, status: true, courseId: true, courseVersion: true, progressPercent: true },
      where: { id, tenantId, employeeId },
      ...(lock ? { lock: { mode: 'for_no_key_update' as const } } : {}),
    });
  }

  async versionDocument(courseId: string, version: number, manager: EntityManager = this.db.manager): Promise<CourseDocument> {
    const row = await manager.getRepository(CourseVersion).findOneOrFail({ select: { courseId: true, version: true, document: true }, where: { courseId, version } });
    return row.document;
  }

  /** The enrollment's lesson progress, of one lesson or of all. */
  progress(enrollmentId: string, lessonId?: string): Promise<ProgressRow[]> {
    return this.db.getRepository(LessonProgress).find({
      select: { enrollmentId: true, lessonId: true, completedAt: true, percent: true, position: true, secondsSpent: true, updatedAt: true },
      where: { enrollmentId, ...(lessonId === undefined ? {} : { lessonId }) },
    });
  }

  /** Per quiz lesson: attempts used, whether one passed, and the open one. */
  quizSummaries(enrollmentId: string, lessonId?: string): Promise<QuizSummaryRow[]> {
    const qb = this.db
      .createQueryBuilder(QuizAttempt, 'a')
      .select('a.lesson_id', 'lessonId')
      .addSelect('count(*)::int', 'used')
      .addSelect('coalesce(bool_or(a.passed), false)', 'passed')
      .addSelect(`max(a.id::text) FILTER (WHERE a.status = 'in_progress')`, 'open')
      .where('a.enrollment_id = :enrollmentId', { enrollmentId })
      .groupBy('a.lesson_id');
    if (lessonId !== undefined) qb.andWhere('a.lesson_id = :lessonId', { lessonId });
    return qb.getRawMany<QuizSummaryRow>();
  }

  /** Raw SQL: progress ingest budget (≥ 5,000 events/s, batched); the batch's event ids recorded in one statement, answering those not seen before. */
  async recordEvents(enrollmentId: string, eventIds: string[], tx: EntityManager): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      tx,
      `INSERT INTO progress_event (id, enrollment_id) SELECT DISTINCT unnest($1::uuid[]), $2::uuid ON CONFLICT (id) DO NOTHING RETURNING id`,
      [eventIds, enrollmentId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Raw SQL: progress ingest budget (≥ 5,000 events/s, batched); one upsert for every lesson of the
   * batch over unnest'ed arrays, answering the lessons it completed.
   */
  async applyProgress(enrollmentId: string, tenantId: string, changes: LessonDeltaRow[], tx: EntityManager): Promise<string[]> {
    const rows = await sqlRows<{ lesson_id: string }>(
      tx,
      `WITH input AS (
         SELECT * FROM unnest($3::text[], $4::int[], $5::numeric[], $6::smallint[], $7::boolean[], $8::smallint[])
           AS u(lesson_id, seconds, position, percent, flagged, threshold)
       ), before AS (
         SELECT lesson_id, completed_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id IN (SELECT lesson_id FROM input)
       ), after AS (
         INSERT INTO lesson_progress AS p (enrollment_id, lesson_id, tenant_id, started_at, seconds_spent, position, percent, completed_at, updated_at)
         SELECT $1, i.lesson_id, $2, now(), i.seconds, i.position, i.percent,
                CASE WHEN i.flagged OR i.percent >= i.threshold THEN now() END, now()
         FROM input i
         ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET
           seconds_spent = least(p.seconds_spent::bigint + EXCLUDED.seconds_spent, 2147483647)::int,
           position = coalesce(EXCLUDED.position, p.position),
           percent = greatest(p.percent, EXCLUDED.percent),
           completed_at = coalesce(p.completed_at, EXCLUDED.completed_at,
             CASE WHEN greatest(p.percent, EXCLUDED.percent) >= (SELECT threshold FROM input WHERE input.lesson_id = EXCLUDED.lesson_id) THEN now() END),
           updated_at = now()
         RETURNING p.lesson_id, p.completed_at
       )
       SELECT after.lesson_id FROM after LEFT JOIN before USING (lesson_id) WHERE after.completed_at IS NOT NULL AND before.completed_at IS NULL`,
      [
        enrollmentId, tenantId,
        changes.map((c) => c.lessonId), changes.map((c) => c.seconds), changes.map((c) => c.position),
        changes.map((c) => c.percent), changes.map((c) => c.flagged), changes.map((c) => c.threshold),
      ],
    );
    return rows.map((r) => r.lesson_id);
  }

  /** Raw SQL: progress ingest budget (≥ 5,000 events/s, batched); the enrollment's last activity, one statement per batch. */
  async touchEnrollment(enrollmentId: string, tx: EntityManager): Promise<void> {
    await sqlExec(tx, `UPDATE enrollment SET last_activity_at = now(), updated_at = now() WHERE id = $1`, [enrollmentId]);
  }

  /** Raw SQL: progress ingest budget (≥ 5,000 events/s, batched); the batch's lessons read back in one statement. */
  progressOf(enrollmentId: string, lessonIds: string[], tx: EntityManager): Promise<ProgressRow[]> {
    return sqlRows<ProgressRow>(
      tx,
      `SELECT lesson_id AS "lessonId", completed_at AS "completedAt", percent, position, seconds_spent AS "secondsSpent", updated_at AS "updatedAt"
       FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = ANY($2::text[])`,
      [enrollmentId, lessonIds],
    );
  }

  private attempts(manager: EntityManager): SelectQueryBuilder<QuizAttempt> {
    const qb = manager.createQueryBuilder(QuizAttempt, 'a').innerJoin(Enrollment, 'e', 'e.tenant_id = a.tenant_id AND e.id = a.enrollment_id');
    const [[firstExpr, firstAlias], ...rest] = ATTEMPT_COLUMNS;
    qb.select(firstExpr, firstAlias);
    for (const [expr, alias] of rest) qb.addSelect(expr, alias);
    return qb;
  }

  /** The enrollment's attempts at one quiz in order, locked (FOR UPDATE OF the attempts) until the transaction ends. */
  lockAttempts(enrollmentId: string, lessonId: string, tx: EntityManager): Promise<AttemptRow[]> {
    return this.attempts(tx)
      .where('a.enrollment_id = :enrollmentId', { enrollmentId })
      .andWhere('a.lesson_id = :lessonId', { lessonId })
      .orderBy('a.number')
      .setLock('pessimistic_write', undefined, ['a'])
      .getRawMany<AttemptRow>();
  }

  /** The employee's own attempt, locked (FOR UPDATE OF the attempt) with `lock`. */
  async ownAttempt(tenantId: string, employeeId: string | null, attemptId: string, lock: boolean, manager: EntityManager = this.db.manager): Promise<AttemptRow | null> {
    if (employeeId === null) return null;
    const qb = this.attempts(manager)
      .where('a.id = :attemptId', { attemptId })
      .andWhere('a.tenant_id = :tenantId', { tenantId })
      .andWhere('e.employee_id = :employeeId', { employeeId });
    if (lock) qb.setLock('pessimistic_write', undefined, ['a']);
    return (await qb.getRawOne<AttemptRow>()) ?? null;
  }

  /** A new open attempt; its deadline by the database clock. A second open one violates quiz_attempt's unique index. */
  async startAttempt(attempt: NewAttempt, tx: EntityManager): Promise<string> {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(QuizAttempt)
      .values({
        tenantId: attempt.tenantId,
        enrollmentId: attempt.enrollmentId,
        lessonId: attempt.lessonId,
        number: attempt.number,
        status: 'in_progress',
        questions: attempt.questions,
        startedAt: () => 'now()',
        deadlineAt: () => 'CASE WHEN :minutes::int IS NULL THEN NULL ELSE now() + make_interval(mins => :minutes::int) END',
      })
      .setParameter('minutes', attempt.timeLimitMinutes)
      .execute();
    return insertedId(result);
  }

  /** Merges answers into the attempt's; a null answer removes one. */
  async mergeAnswers(attemptId: string, answers: Record<string, unknown>, tx: EntityManager): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(QuizAttempt)
      .set({ answers: () => 'jsonb_strip_nulls(answers || :answers::jsonb)' })
      .where('id = :attemptId', { attemptId })
      .setParameter('answers', JSON.stringify(answers))
      .execute();
  }

  /** Submitted now, or at the deadline when that came first; only while still open. */
  async closeAttempt(attemptId: string, tx: EntityManager): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(QuizAttempt)
      .set({ status: 'submitted', submittedAt: () => 'CASE WHEN deadline_at IS NULL THEN now() ELSE least(now(), deadline_at) END' })
      .where('id = :attemptId', { attemptId })
      .andWhere(`status = 'in_progress'`)
      .execute();
  }

  /** The enrollment's attempts at one quiz, newest first. */
  async attemptList(enrollmentId: string, lessonId: string): Promise<AttemptListItem[]> {
    const rows = await this.db.getRepository(QuizAttempt).find({
      select: { id: true, number: true, status: true, scorePercent: true, passed: true, submittedAt: true },
      where: { enrollmentId, lessonId },
      order: { number: 'DESC' },
    });
    return rows.map((a) => ({
      id: a.id,
      number: a.number,
      status: a.status,
      scorePercent: a.scorePercent === null ? null : Number(a.scorePercent),
      passed: a.passed,
      submittedAt: a.submittedAt,
    }));
  }
}
