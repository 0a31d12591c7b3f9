import type { DataSource } from 'typeorm';
import type { CourseDocument, Question } from '@mahir/course';
import { insertPublishedCourse, publishableCourse, SECRET_ANSWER, SECRET_FEEDBACK } from './course-fixtures';
import type { Agency } from './test-app';

/**
 * Delivery tests need enrollments, whose API another part builds: they are written straight into
 * the database here, active and pinned to version 1, as activation leaves them.
 */

const question = (fields: Partial<Question> & Pick<Question, 'id' | 'kind' | 'prompt'>): Question => ({
  points: 1, options: [], acceptedAnswers: [], caseSensitive: false, ignoreSpaces: true, numericAnswer: null, tolerance: null, ...fields,
});

/** Marker of an essay answer key that must never exist anywhere a learner looks. */
export const SECRET_NUMBER = 7321.5;

/**
 * l1 text (with a script to strip), l2 video (threshold 80), l3 document in object storage,
 * l4 quiz over q1–q5 (every machine-graded kind, 6 points, pass 60, 2 attempts, 30 minutes),
 * l5 quiz with an essay (q6), l6 assignment (required, never done here: the enrollment stays active).
 */
export function deliveryCourse(agency: Agency, fields: Partial<CourseDocument> = {}): CourseDocument {
  return publishableCourse({
    competencies: [{ competencyId: agency.competencyId, level: 1, validityMonths: null }],
    grading: { passMark: 60, weights: [], attemptsAllowed: 3 },
    modules: [
      {
        id: 'm1',
        title: 'Materi',
        lessons: [
          { id: 'l1', kind: 'text', title: 'Pengantar', required: true, estimatedMinutes: 10, markdown: '# Pelayanan\n\n**UU 25/2009**<script>alert(1)</script>' },
          { id: 'l2', kind: 'video', title: 'Video', required: true, estimatedMinutes: 15, objectKey: null, url: 'https://video.example.go.id/m', completionThreshold: 80 },
          { id: 'l3', kind: 'document', title: 'Dokumen', required: false, estimatedMinutes: 30, objectKey: `${agency.id}/course-media/2026/materi.pdf` },
        ],
      },
      {
        id: 'm2',
        title: 'Evaluasi',
        lessons: [
          {
            id: 'l4', kind: 'quiz', title: 'Kuis', required: true, estimatedMinutes: 20, questionIds: ['q1', 'q2', 'q3', 'q4', 'q5'], drawCount: null, shuffle: true,
            timeLimitMinutes: 30, attemptsAllowed: 2, passMark: 60,
          },
          {
            id: 'l5', kind: 'quiz', title: 'Kuis uraian', required: false, estimatedMinutes: 20, questionIds: ['q1', 'q6'], drawCount: null, shuffle: false,
            timeLimitMinutes: null, attemptsAllowed: null, passMark: 50,
          },
          { id: 'l6', kind: 'assignment', title: 'Tugas', required: true, estimatedMinutes: 45, instructions: 'Unggah standar pelayanan.', maxPoints: 100 },
        ],
      },
    ],
    questionBank: [
      question({
        id: 'q1', kind: 'single_choice', prompt: 'Dasar hukum pelayanan publik?',
        options: [{ id: 'o1', text: 'UU 25/2009', correct: true, feedback: SECRET_FEEDBACK }, { id: 'o2', text: 'UU 5/2014', correct: false, feedback: 'Itu UU ASN.' }, { id: 'o3', text: 'UU 30/2014', correct: false, feedback: null }],
      }),
      question({
        id: 'q2', kind: 'multiple_choice', prompt: 'Komponen standar pelayanan?', points: 2,
        options: [{ id: 'a', text: 'Persyaratan', correct: true, feedback: null }, { id: 'b', text: 'Biaya', correct: true, feedback: null }, { id: 'c', text: 'Seragam', correct: false, feedback: null }],
      }),
      question({ id: 'q3', kind: 'true_false', prompt: 'Maklumat wajib dipublikasikan.', options: [{ id: 't', text: 'Benar', correct: true, feedback: null }, { id: 'f', text: 'Salah', correct: false, feedback: null }] }),
      question({ id: 'q4', kind: 'short_answer', prompt: 'Kata kunci?', acceptedAnswers: [SECRET_ANSWER] }),
      question({ id: 'q5', kind: 'numeric', prompt: 'Angka rahasia?', numericAnswer: SECRET_NUMBER, tolerance: 0.5 }),
      question({ id: 'q6', kind: 'essay', prompt: 'Jelaskan pengelolaan pengaduan.', points: 4 }),
    ],
    ...fields,
  });
}

/** The full-marks answers of quiz l4 (q4 written differently in case and spacing on purpose). */
export const BEST_ANSWERS = { q1: 'o1', q2: ['b', 'a'], q3: 't', q4: `  ${SECRET_ANSWER.toLowerCase()} `, q5: SECRET_NUMBER + 0.4 };

/** A published course of the agency (version 1), written directly. */
export function insertDeliveryCourse(db: DataSource, agency: Agency, fields: Partial<CourseDocument> = {}): Promise<string> {
  return insertPublishedCourse(db, agency.id, deliveryCourse(agency, fields));
}

/** An enrollment of `employeeId` (by default the agency's learner) in `courseId`, pinned to version 1. */
export async function insertActiveEnrollment(
  db: DataSource,
  agency: Agency,
  courseId: string,
  opts: { employeeId?: string; status?: 'active' | 'completed' | 'withdrawn' | 'requested' } = {},
): Promise<string> {
  const status = opts.status ?? 'active';
  const [row] = await db.query(
    `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, completed_at, ended_at)
     VALUES ($1, $2, $3, CASE WHEN $4 = 'requested' THEN NULL ELSE 1 END, $4, 'self',
             CASE WHEN $4 = 'requested' THEN NULL ELSE now() END, CASE WHEN $4 = 'completed' THEN now() END, CASE WHEN $4 = 'withdrawn' THEN now() END)
     RETURNING id`,
    [agency.id, opts.employeeId ?? agency.people.learner.employeeId, courseId, status],
  );
  return row.id as string;
}

/** Polls until `probe` returns a value (not undefined), every 50 ms, for at most ~10 s. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An open attempt at quiz l4 of the enrollment, drawn in the bank's order (q1–q5), with 30 minutes left. */
export async function insertOpenAttempt(db: DataSource, agency: Agency, enrollmentId: string): Promise<string> {
  const questions = [
    { questionId: 'q1', optionIds: ['o1', 'o2', 'o3'] }, { questionId: 'q2', optionIds: ['a', 'b', 'c'] }, { questionId: 'q3', optionIds: ['t', 'f'] },
    { questionId: 'q4', optionIds: [] }, { questionId: 'q5', optionIds: [] },
  ];
  const [row] = await db.query(
    `INSERT INTO quiz_attempt (tenant_id, enrollment_id, lesson_id, number, status, questions, started_at, deadline_at)
     VALUES ($1, $2, 'l4', 1, 'in_progress', $3, now(), now() + interval '30 minutes') RETURNING id`,
    [agency.id, enrollmentId, JSON.stringify(questions)],
  );
  return row.id as string;
}

/** For the route tables: an active enrollment of the agency's learner in a fresh delivery course, and an open attempt in it. */
export async function deliveryFixtures(db: DataSource, agency: Agency): Promise<{ enrollmentId: string; attemptId: string }> {
  const enrollmentId = await insertActiveEnrollment(db, agency, await insertDeliveryCourse(db, agency));
  return { enrollmentId, attemptId: await insertOpenAttempt(db, agency, enrollmentId) };
}
