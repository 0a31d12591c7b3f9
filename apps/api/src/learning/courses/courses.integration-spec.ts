import { emptyCourseDocument, type CourseDocument } from '@mahir/course';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { publishableCourse } from '../../test-support/course-fixtures';
import { insertTemplate } from '../../certification/certificates/certificate-fixtures';

describe('course authoring and publishing', () => {
  let t: TestApp;
  let agency: Agency;
  let admin: string;
  let nationalId: string;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    admin = await bearer(t, agency.people.training_admin.email);
    [{ id: nationalId }] = await t.db.query(`SELECT id FROM competency WHERE tenant_id IS NULL AND code = 'M.5'`);
  });
  afterAll(() => t.app.close());

  const api = () => t.http();
  const doc = (over: Partial<CourseDocument> = {}) => publishableCourse({ competencies: [{ competencyId: nationalId, level: 2, validityMonths: 36 }], ...over });
  async function newCourse(title = 'Pelayanan Publik Prima') {
    const res = await api().post('/api/v1/courses').set('Authorization', admin).send({ title }).expect(201);
    return res.body as { id: string; draft: { revision: number; document: CourseDocument } };
  }
  const save = (id: string, revision: number, document: unknown) =>
    api().put(`/api/v1/courses/${id}/draft`).set('Authorization', admin).send({ revision, document });
  const versionsIn = async (id: string) => (await t.db.query(`SELECT version FROM course_version WHERE course_id = $1 ORDER BY version`, [id])).map((r: { version: number }) => r.version);

  it('walks draft → in review → published → archived, freezing version 1', async () => {
    const course = await newCourse();
    expect(course.draft).toMatchObject({ revision: 1, document: emptyCourseDocument('Pelayanan Publik Prima') });
    const saved = await save(course.id, 1, doc()).expect(200);
    expect(saved.body).toMatchObject({ status: 'draft', draft: { revision: 2 } });
    await api().post(`/api/v1/courses/${course.id}/submit`).set('Authorization', admin).expect(200);
    const published = await api().post(`/api/v1/courses/${course.id}/publish`).set('Authorization', admin).expect(201);
    expect(published.body).toMatchObject({ version: 1, status: 'published', publishedVersion: 1, hasOpenDraft: false });
    const v1 = await api().get(`/api/v1/courses/${course.id}/versions/1`).set('Authorization', admin).expect(200);
    expect(v1.body.document).toEqual(doc());
    const archived = await api().post(`/api/v1/courses/${course.id}/archive`).set('Authorization', admin).expect(200);
    expect(archived.body.status).toBe('archived');
    await save(course.id, 2, doc()).expect(409);
    expect(await versionsIn(course.id)).toEqual([1]);
  });

  it('lists every problem at once and refuses to submit an incomplete course', async () => {
    const course = await newCourse('Kursus Belum Lengkap');
    const incomplete = {
      ...doc(),
      jpMinutes: 0,
      competencies: [],
      modules: [{ id: 'm1', title: 'Modul kosong', lessons: [] }],
    };
    await save(course.id, 1, incomplete).expect(200);
    const checks = await api().get(`/api/v1/courses/${course.id}/checks`).set('Authorization', admin).expect(200);
    const codes = checks.body.problems.map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['jp.missing', 'competencies.none', 'module.noLessons']));
    const refused = await api().post(`/api/v1/courses/${course.id}/submit`).set('Authorization', admin).set('Accept-Language', 'en').expect(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors.map((e: { rule: string }) => e.rule)).toEqual(codes);
    expect(refused.body.errors.find((e: { rule: string }) => e.rule === 'module.noLessons')).toMatchObject({
      field: 'modules[0].lessons',
      message: 'This module has no lessons.',
    });
    const [row] = await t.db.query(`SELECT draft_state FROM course WHERE id = $1`, [course.id]);
    expect(row.draft_state).toBe('editing');
  });

  it('flags a competency of another agency and a question with no correct answer', async () => {
    const other = await createAgency(t.db);
    const course = await newCourse();
    const bad = doc({ competencies: [{ competencyId: other.competencyId, level: 1, validityMonths: null }] });
    const quizQuestion = bad.questionBank.find((q) => q.kind === 'single_choice')!;
    quizQuestion.options = quizQuestion.options.map((o) => ({ ...o, correct: false }));
    await save(course.id, 1, bad).expect(200);
    const checks = await api().get(`/api/v1/courses/${course.id}/checks`).set('Authorization', admin).expect(200);
    expect(checks.body.problems.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['competencies.unknown', 'question.noCorrectAnswer']));
  });

  it('flags a certificate template of another agency, which would otherwise print the default silently', async () => {
    const other = await createAgency(t.db);
    const foreign = await insertTemplate(t, other.id, other.people.training_admin.userId);
    const course = await newCourse();
    await save(course.id, 1, doc({ certificateTemplateId: foreign })).expect(200);
    const checks = await api().get(`/api/v1/courses/${course.id}/checks`).set('Authorization', admin).expect(200);
    expect(checks.body.problems).toEqual([expect.objectContaining({ path: 'certificateTemplateId', code: 'certificateTemplate.unknown' })]);
    const own = await insertTemplate(t, agency.id, agency.people.training_admin.userId);
    await save(course.id, 2, doc({ certificateTemplateId: own })).expect(200);
    expect((await api().get(`/api/v1/courses/${course.id}/checks`).set('Authorization', admin).expect(200)).body.problems).toEqual([]);
  });

  it('tells the second of two editors that the draft changed, and keeps the first edit', async () => {
    const course = await newCourse();
    const first = save(course.id, 1, doc({ title: 'Versi editor pertama' }));
    const second = save(course.id, 1, doc({ title: 'Versi editor kedua' }));
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body).toMatchObject({ currentRevision: 2, errors: [{ field: 'revision', rule: 'stale' }] });
    const winner = results.find((r) => r.status === 200)!;
    const [row] = await t.db.query(`SELECT revision, document->>'title' AS title FROM course_draft WHERE course_id = $1`, [course.id]);
    expect(row).toEqual({ revision: 2, title: winner.body.draft.document.title });
  });

  it('publishing twice at once makes one version', async () => {
    const course = await newCourse();
    await save(course.id, 1, doc()).expect(200);
    await api().post(`/api/v1/courses/${course.id}/submit`).set('Authorization', admin).expect(200);
    const results = await Promise.all([1, 2, 3].map(() => api().post(`/api/v1/courses/${course.id}/publish`).set('Authorization', admin)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await versionsIn(course.id)).toEqual([1]);
  });

  it('editing a published course opens the next draft; version 1 stays as it was, and the diff shows the change', async () => {
    const course = await newCourse();
    await save(course.id, 1, doc()).expect(200);
    await api().post(`/api/v1/courses/${course.id}/submit`).set('Authorization', admin).expect(200);
    await api().post(`/api/v1/courses/${course.id}/publish`).set('Authorization', admin).expect(201);

    const edited = doc();
    edited.modules[0].lessons[0].title = 'Judul pelajaran yang diperbaiki';
    const opened = await save(course.id, 2, edited).expect(200);
    expect(opened.body).toMatchObject({ status: 'published', publishedVersion: 1, hasOpenDraft: true, draft: { basedOnVersion: 1 } });
    const v1 = await api().get(`/api/v1/courses/${course.id}/versions/1`).set('Authorization', admin).expect(200);
    expect(v1.body.document.modules[0].lessons[0].title).toBe(doc().modules[0].lessons[0].title);

    const diff = await api().get(`/api/v1/courses/${course.id}/diff?from=1&to=0`).set('Authorization', admin).expect(200);
    expect(diff.body.changes).toEqual([
      expect.objectContaining({ change: 'changed', before: doc().modules[0].lessons[0].title, after: 'Judul pelajaran yang diperbaiki' }),
    ]);
    await api().post(`/api/v1/courses/${course.id}/submit`).set('Authorization', admin).expect(200);
    const v2 = await api().post(`/api/v1/courses/${course.id}/publish`).set('Authorization', admin).expect(201);
    expect(v2.body.version).toBe(2);
    expect(await versionsIn(course.id)).toEqual([1, 2]);
  });

  it('the database refuses to change or delete a published version', async () => {
    const course = await newCourse();
    await save(course.id, 1, doc()).expect(200);
    await api().post(`/api/v1/courses/${course.id}/submit`).set('Authorization', admin).expect(200);
    await api().post(`/api/v1/courses/${course.id}/publish`).set('Authorization', admin).expect(201);
    await expect(t.db.query(`UPDATE course_version SET title = 'x' WHERE course_id = $1`, [course.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM course_version WHERE course_id = $1`, [course.id])).rejects.toThrow(/append-only/);
  });

  it('an in-review draft cannot be edited until it is returned', async () => {
    const course = await newCourse();
    await save(course.id, 1, doc()).expect(200);
    await api().post(`/api/v1/courses/${course.id}/submit`).set('Authorization', admin).expect(200);
    await save(course.id, 2, doc({ title: 'Ubah saat ditinjau' })).expect(409);
    await api().post(`/api/v1/courses/${course.id}/return`).set('Authorization', admin).expect(200);
    await save(course.id, 2, doc({ title: 'Ubah setelah dikembalikan' })).expect(200);
  });

  it('rejects malformed documents naming the field, and saves nothing', async () => {
    const course = await newCourse();
    const cases: [unknown, string, string][] = [
      [{ ...doc(), jpMinutes: 'tiga' }, 'document.jpMinutes', 'invalid'],
      [{ ...doc(), visibility: 'dunia' }, 'document.visibility', 'isIn'],
      [{ ...doc(), extra: true }, 'document.extra', 'unknownField'],
      [{ ...doc(), title: 'x'.repeat(301) }, 'document.title', 'maxLength'],
      [{ ...doc(), modules: [{ id: 'm1', title: 'M', lessons: [{ id: 'l1', title: 'L', kind: 'hologram', required: true, estimatedMinutes: 5 }] }] }, 'document.modules.0.lessons.0.kind', 'invalid'],
    ];
    for (const [document, field, rule] of cases) {
      const res = await save(course.id, 1, document).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    const [row] = await t.db.query(`SELECT revision FROM course_draft WHERE course_id = $1`, [course.id]);
    expect(row.revision).toBe(1);
  });

  it('drafts are for training admins of the owning agency only', async () => {
    const course = await newCourse();
    for (const role of ['learner', 'grader', 'supervisor', 'tenant_admin'] as const) {
      const auth = await bearer(t, agency.people[role].email);
      await api().get(`/api/v1/courses/${course.id}`).set('Authorization', auth).expect(403);
    }
    const other = await createAgency(t.db);
    const otherAdmin = await bearer(t, other.people.training_admin.email);
    await api().get(`/api/v1/courses/${course.id}`).set('Authorization', otherAdmin).expect(404);
    await api().put(`/api/v1/courses/${course.id}/draft`).set('Authorization', otherAdmin).send({ revision: 1, document: doc() }).expect(404);
    await api().post(`/api/v1/courses/${course.id}/archive`).set('Authorization', otherAdmin).expect(404);
    const list = await api().get('/api/v1/courses?pageSize=100').set('Authorization', otherAdmin).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(course.id);
    const [row] = await t.db.query(`SELECT archived_at FROM course WHERE id = $1`, [course.id]);
    expect(row.archived_at).toBeNull();
  });
});
