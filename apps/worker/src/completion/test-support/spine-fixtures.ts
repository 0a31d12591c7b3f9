import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CourseCompetency, CourseDocument, Lesson } from '@mahir/course';
import { verifyEmployeeChain, writeOutbox } from '@mahir/persistence';

/*
 * Rows for the spine's tests, drills and benchmark, written by SQL in bulk: the worker's tests
 * cannot reach the API's test support (apps do not import apps), and the drills need hundreds of
 * completable enrollments in a few statements.
 */

export interface SpineAgency {
  tenantId: string;
  employeeIds: string[];
  /** National competencies (managerial) and one technical competency of the agency. */
  competencies: CourseCompetency[];
}

/** An agency with `learners` employees (NIPs valid in form, distinct) and three competencies to earn. */
export async function createSpineAgency(db: DataSource, learners: number): Promise<SpineAgency> {
  const code = `S${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
  const [{ id: tenantId }] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ($1, $2, 'WITA') RETURNING id`, [code, `Instansi ${code}`]);
  const [{ id: unitId }] = await db.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'SETDA', 'Sekretariat Daerah') RETURNING id`, [tenantId]);
  const [{ id: positionId }] = await db.query(
    `INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'PELAKSANA', 'Pelaksana', 'pelaksana') RETURNING id`,
    [tenantId],
  );
  // NIP = birth date (1970-01-01 + n / 999 days), start 201001, sex 1, sequence n % 999 + 1.
  const employees: { id: string }[] = await db.query(
    `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id)
     SELECT $1, to_char(date '1970-01-01' + (n / 999), 'YYYYMMDD') || '2010011' || lpad((n % 999 + 1)::text, 3, '0'),
            'Pegawai ' || n, 'pegawai' || n || '@' || lower($2) || '.go.id', $3, $4
     FROM generate_series(0, $5 - 1) AS n ORDER BY n RETURNING id`,
    [tenantId, code, unitId, positionId, learners],
  );
  const national: { id: string }[] = await db.query(`SELECT id FROM competency WHERE tenant_id IS NULL AND retired_at IS NULL ORDER BY code LIMIT 2`);
  const [technical] = await db.query(
    `INSERT INTO competency (tenant_id, type, code, name) VALUES ($1, 'teknis', 'TK.SPINE', 'Kompetensi Teknis Spine') RETURNING id`,
    [tenantId],
  );
  return {
    tenantId,
    employeeIds: employees.map((e) => e.id),
    competencies: [
      { competencyId: national[0].id, level: 2, validityMonths: 24 },
      { competencyId: national[1].id, level: 3, validityMonths: null },
      { competencyId: technical.id, level: 1, validityMonths: 12 },
    ],
  };
}

const textLesson = (id: string, required = true): Lesson => ({ id, kind: 'text', title: `Materi ${id}`, required, estimatedMinutes: 10, markdown: 'Isi materi.' });

/**
 * A course completed by reading its two required text lessons (t1, t2; t3 optional) and, when
 * `quiz` is set, passing quiz q1 (pass mark 60, attempts as given; the course's pass mark 70).
 */
export function spineCourse(competencies: CourseCompetency[], options: { quiz?: { attemptsAllowed: number }; title?: string } = {}): CourseDocument {
  const lessons: Lesson[] = [textLesson('t1'), textLesson('t2'), textLesson('t3', false)];
  if (options.quiz) {
    lessons.push({
      id: 'q1', kind: 'quiz', title: 'Kuis', required: true, estimatedMinutes: 10, questionIds: ['b1'], drawCount: null, shuffle: false,
      timeLimitMinutes: null, attemptsAllowed: options.quiz.attemptsAllowed, passMark: 60,
    });
  }
  return {
    title: options.title ?? 'Etika Pelayanan Publik',
    summary: 'Kursus uji jalur penyelesaian.',
    description: '',
    coverObjectKey: null,
    category: null,
    language: 'id',
    jpMinutes: 135,
    competencies,
    enrollmentPolicy: 'open',
    visibility: 'tenant',
    certificateTemplateId: null,
    grading: { passMark: 70, weights: [], attemptsAllowed: null },
    prerequisites: [],
    modules: [{ id: 'm1', title: 'Modul', lessons }],
    questionBank: [
      {
        id: 'b1', kind: 'true_false', prompt: 'Benar?', points: 1,
        options: [{ id: 'y', text: 'Benar', correct: true, feedback: null }, { id: 'n', text: 'Salah', correct: false, feedback: null }],
        acceptedAnswers: [], caseSensitive: false, ignoreSpaces: true, numericAnswer: null, tolerance: null,
      },
    ],
  };
}

/** A course with `doc` published as version 1, as publishing leaves it (no catalog row: the worker does not read one). */
export async function insertCourse(db: DataSource, tenantId: string, doc: CourseDocument): Promise<string> {
  const [course] = await db.query(`INSERT INTO course (tenant_id, published_version) VALUES ($1, 1) RETURNING id`, [tenantId]);
  await db.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [course.id, tenantId, doc.title, doc]);
  return course.id;
}

/** Publishes `doc` as the course's next version. */
export async function publishNextVersion(db: DataSource, tenantId: string, courseId: string, doc: CourseDocument): Promise<number> {
  const [{ version }] = await db.query(`WITH bumped AS (UPDATE course SET published_version = published_version + 1 WHERE id = $1 RETURNING published_version) SELECT published_version AS version FROM bumped`, [courseId]);
  await db.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, $2, $3, $4, $5)`, [courseId, version, tenantId, doc.title, doc]);
  return version;
}

/** Active enrollments on version `version` of the course, one per employee, in the order given. */
export async function enroll(db: DataSource, tenantId: string, courseId: string, employeeIds: string[], version = 1): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at)
     SELECT $1, e.id, $2, $3, 'active', 'self', now() FROM unnest($4::uuid[]) WITH ORDINALITY AS e(id, n) ORDER BY e.n RETURNING id`,
    [tenantId, courseId, version, employeeIds],
  );
  return rows.map((r) => r.id);
}

/** Marks the lessons done for every enrollment, as progress ingest would. */
export async function completeLessons(db: DataSource, tenantId: string, enrollmentIds: string[], lessonIds: string[]): Promise<void> {
  await db.query(
    `INSERT INTO lesson_progress (enrollment_id, lesson_id, tenant_id, started_at, percent, completed_at, updated_at)
     SELECT e, l, $1, now(), 100, now(), now() FROM unnest($2::uuid[]) AS e, unnest($3::text[]) AS l
     ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET completed_at = EXCLUDED.completed_at, percent = 100`,
    [tenantId, enrollmentIds, lessonIds],
  );
}

/** Graded attempts at a quiz lesson, scores in order. */
export async function gradedAttempts(db: DataSource, tenantId: string, enrollmentId: string, lessonId: string, scores: number[], passMark = 60): Promise<void> {
  await db.query(
    `INSERT INTO quiz_attempt (tenant_id, enrollment_id, lesson_id, number, status, questions, started_at, submitted_at, graded_at, score_percent, passed)
     SELECT $1, $2, $3, s.n, 'graded', '[]', now(), now(), now(), s.score, s.score >= $5
     FROM unnest($4::numeric[]) WITH ORDINALITY AS s(score, n)`,
    [tenantId, enrollmentId, lessonId, scores, passMark],
  );
}

/** 'enrollment.progressed' events in the outbox, one per enrollment (repeats allowed); returns the event ids. */
export async function announceProgress(db: DataSource, tenantId: string, enrollmentIds: string[]): Promise<string[]> {
  return db.transaction((tx) => writeOutbox(tx, enrollmentIds.map((enrollmentId) => ({ name: 'enrollment.progressed' as const, tenantId, payload: { tenantId, enrollmentId } }))));
}

/** Polls every 50 ms until `check` returns a value other than undefined, or gives up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface SpineEffects {
  statuses: Record<string, number>;
  /** course_completion ledger entries, and how many distinct (enrollment, competency) sources they have. */
  ledgerEntries: number;
  ledgerSources: number;
  jpCredits: number;
  jpCreditEnrollments: number;
  certificateRequests: number;
  certificateEnrollments: number;
}

/** What the spine wrote for these enrollments, counted so duplicates show. */
export async function spineEffects(db: DataSource, tenantId: string, enrollmentIds: string[]): Promise<SpineEffects> {
  const statusRows: { status: string; n: number }[] = await db.query(
    `SELECT status, count(*)::int AS n FROM enrollment WHERE tenant_id = $1 AND id = ANY($2::uuid[]) GROUP BY status`,
    [tenantId, enrollmentIds],
  );
  const [counts] = await db.query(
    `SELECT
       (SELECT count(*)::int FROM ledger_entry WHERE tenant_id = $1 AND source = 'course_completion' AND split_part(source_ref, ':', 1) = ANY($2::text[])) AS ledger_entries,
       (SELECT count(DISTINCT source_ref)::int FROM ledger_entry WHERE tenant_id = $1 AND source = 'course_completion' AND split_part(source_ref, ':', 1) = ANY($2::text[])) AS ledger_sources,
       (SELECT count(*)::int FROM jp_credit WHERE tenant_id = $1 AND source = 'course_completion' AND source_ref = ANY($2::text[])) AS jp_credits,
       (SELECT count(DISTINCT source_ref)::int FROM jp_credit WHERE tenant_id = $1 AND source = 'course_completion' AND source_ref = ANY($2::text[])) AS jp_credit_enrollments,
       (SELECT count(*)::int FROM outbox_event WHERE tenant_id = $1 AND name = 'certificate.requested' AND payload->>'enrollmentId' = ANY($2::text[])) AS certificate_requests,
       (SELECT count(DISTINCT payload->>'enrollmentId')::int FROM outbox_event WHERE tenant_id = $1 AND name = 'certificate.requested' AND payload->>'enrollmentId' = ANY($2::text[])) AS certificate_enrollments`,
    [tenantId, enrollmentIds],
  );
  return {
    statuses: Object.fromEntries(statusRows.map((r) => [r.status, r.n])),
    ledgerEntries: counts.ledger_entries,
    ledgerSources: counts.ledger_sources,
    jpCredits: counts.jp_credits,
    jpCreditEnrollments: counts.jp_credit_enrollments,
    certificateRequests: counts.certificate_requests,
    certificateEnrollments: counts.certificate_enrollments,
  };
}

/** Employees whose ledger hash chain does not verify. */
export async function brokenChains(db: DataSource, tenantId: string, employeeIds: string[]): Promise<string[]> {
  const broken: string[] = [];
  for (const employeeId of employeeIds) {
    const verification = await verifyEmployeeChain(db.manager, tenantId, employeeId);
    if (!verification.valid) broken.push(employeeId);
  }
  return broken;
}

/** How many of these enrollments are completed. */
export async function completedCount(db: DataSource, enrollmentIds: string[]): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM enrollment WHERE id = ANY($1::uuid[]) AND status = 'completed'`, [enrollmentIds]);
  return n;
}
