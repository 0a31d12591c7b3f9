import type { DataSource } from 'typeorm';
import type { CourseCompetency, CourseDocument } from '@mahir/course';
import { refreshCatalogEntry } from '../learning/catalog/catalog-writer';
import type { TestApp } from './test-app';

/**
 * Courses for the catalog and recommendation tests, published through the real authoring
 * routes (create → PUT draft → submit → publish) by a training admin.
 */

/** Marker strings of quiz answers and feedback: a learner-facing page must never contain them. */
export const SECRET_ANSWER = 'JAWABAN-RAHASIA-7Q';
export const SECRET_FEEDBACK = 'UMPAN-BALIK-RAHASIA-9F';

/**
 * A complete document that passes every publishing check: a text lesson, a video link, a quiz
 * over a two-question bank and an assignment, graded 60/40. Competencies must be ids the
 * publishing tenant may use (e.g. the national ones from `nationalCompetencies`).
 */
export function publishableCourse(fields: Partial<CourseDocument> & { competencies: CourseCompetency[] }): CourseDocument {
  return {
    title: 'Pelayanan Publik Prima',
    summary: 'Standar pelayanan dan pengelolaan pengaduan masyarakat.',
    description: '## Tujuan\n\nPeserta mampu menyusun **standar pelayanan** unit kerjanya.',
    coverObjectKey: null,
    category: 'Pelayanan',
    language: 'id',
    jpMinutes: 90,
    enrollmentPolicy: 'open',
    visibility: 'tenant',
    certificateTemplateId: null,
    grading: { passMark: 70, weights: [{ lessonId: 'l3', weight: 60 }, { lessonId: 'l4', weight: 40 }], attemptsAllowed: 3 },
    prerequisites: [],
    modules: [
      {
        id: 'm1',
        title: 'Dasar',
        lessons: [
          { id: 'l1', kind: 'text', title: 'Pengantar', required: true, estimatedMinutes: 10, markdown: 'UU 25/2009 tentang Pelayanan Publik.' },
          { id: 'l2', kind: 'video', title: 'Maklumat pelayanan', required: false, estimatedMinutes: 15, objectKey: null, url: 'https://video.example.go.id/m', completionThreshold: 90 },
        ],
      },
      {
        id: 'm2',
        title: 'Evaluasi',
        lessons: [
          {
            id: 'l3', kind: 'quiz', title: 'Kuis akhir', required: true, estimatedMinutes: 20, questionIds: ['q1', 'q2'], drawCount: null, shuffle: true,
            timeLimitMinutes: 30, attemptsAllowed: 2, passMark: 60,
          },
          { id: 'l4', kind: 'assignment', title: 'Tugas akhir', required: true, estimatedMinutes: 45, instructions: 'Unggah standar pelayanan unit Anda.', maxPoints: 100 },
        ],
      },
    ],
    questionBank: [
      {
        id: 'q1', kind: 'single_choice', prompt: 'Dasar hukum pelayanan publik?', points: 1,
        options: [
          { id: 'o1', text: 'UU 25/2009', correct: true, feedback: SECRET_FEEDBACK },
          { id: 'o2', text: 'UU 5/2014', correct: false, feedback: null },
        ],
        acceptedAnswers: [], caseSensitive: false, ignoreSpaces: true, numericAnswer: null, tolerance: null,
      },
      {
        id: 'q2', kind: 'short_answer', prompt: 'Kata kunci?', points: 1, options: [], acceptedAnswers: [SECRET_ANSWER],
        caseSensitive: false, ignoreSpaces: true, numericAnswer: null, tolerance: null,
      },
    ],
    ...fields,
  };
}

async function ok(res: { status: number; body: unknown }, step: string, expected: number[] = [200, 201]) {
  if (!expected.includes(res.status)) throw new Error(`${step} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 1500)}`);
  return res.body as Record<string, unknown> & { id: string; draft: { revision: number }; publishedVersion: number };
}

/** Saves `doc` as the draft, submits and publishes it; returns the version published. */
export async function saveAndPublish(t: TestApp, auth: string, courseId: string, doc: CourseDocument): Promise<number> {
  const course = await ok(await t.http().get(`/api/v1/courses/${courseId}`).set('Authorization', auth), 'read course');
  await ok(await t.http().put(`/api/v1/courses/${courseId}/draft`).set('Authorization', auth).send({ revision: course.draft.revision, document: doc }), 'save draft');
  await ok(await t.http().post(`/api/v1/courses/${courseId}/submit`).set('Authorization', auth), 'submit');
  const published = await ok(await t.http().post(`/api/v1/courses/${courseId}/publish`).set('Authorization', auth), 'publish');
  return published.publishedVersion;
}

/** A new course, published as version 1 with `doc`. */
export async function publishCourse(t: TestApp, auth: string, doc: CourseDocument): Promise<string> {
  const created = await ok(await t.http().post('/api/v1/courses').set('Authorization', auth).send({ title: doc.title }), 'create course');
  await saveAndPublish(t, auth, created.id, doc);
  return created.id;
}

/** Only saves a draft (for drafts that must stay out of the catalog). */
export async function saveDraft(t: TestApp, auth: string, courseId: string, doc: CourseDocument): Promise<void> {
  const course = await ok(await t.http().get(`/api/v1/courses/${courseId}`).set('Authorization', auth), 'read course');
  await ok(await t.http().put(`/api/v1/courses/${courseId}/draft`).set('Authorization', auth).send({ revision: course.draft.revision, document: doc }), 'save draft');
}

/**
 * A published course written straight into the database (for tests of other routes that only
 * need one in the catalog): course, version 1 and its catalog row, as publishing leaves them.
 */
export async function insertPublishedCourse(db: DataSource, tenantId: string, doc: CourseDocument): Promise<string> {
  return db.transaction(async (tx) => {
    const [course] = await tx.query(`INSERT INTO course (tenant_id, published_version) VALUES ($1, 1) RETURNING id`, [tenantId]);
    await tx.query(`INSERT INTO course_draft (course_id, tenant_id, based_on_version, document) VALUES ($1, $2, 1, $3)`, [course.id, tenantId, JSON.stringify(doc)]);
    await tx.query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [course.id, tenantId, doc.title, JSON.stringify(doc)]);
    await refreshCatalogEntry(tx, course.id);
    return course.id as string;
  });
}
