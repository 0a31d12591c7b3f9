import type { CourseDocument } from '@mahir/course';
import { publishableCourse } from '../../test-support/course-fixtures';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/**
 * Invariant 4 through the API: a learner enrolled on version 1 keeps studying version 1 after the
 * training admin publishes version 2; a learner who enrolls afterwards gets version 2.
 */
describe('a learner pinned to the version they enrolled on', () => {
  let t: TestApp;
  let agency: Agency;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    admin = await bearer(t, agency.people.training_admin.email);
  });
  afterAll(() => t.app.close());

  async function publish(id: string, revision: number, document: CourseDocument) {
    await t.http().put(`/api/v1/courses/${id}/draft`).set('Authorization', admin).send({ revision, document }).expect(200);
    await t.http().post(`/api/v1/courses/${id}/submit`).set('Authorization', admin).expect(200);
    return (await t.http().post(`/api/v1/courses/${id}/publish`).set('Authorization', admin).expect(201)).body.version as number;
  }
  const lessonTitles = (body: { modules: { lessons: { title: string }[] }[] }) => body.modules.flatMap((m) => m.lessons.map((l) => l.title));

  it('keeps version 1 for the early learner and gives version 2 to the later one', async () => {
    const created = await t.http().post('/api/v1/courses').set('Authorization', admin).send({ title: 'Kursus Berversi' }).expect(201);
    const v1Doc = publishableCourse({ title: 'Kursus Berversi', competencies: [{ competencyId: agency.competencyId, level: 1, validityMonths: null }] });
    expect(await publish(created.body.id, 1, v1Doc)).toBe(1);

    const early = await bearer(t, agency.people.learner.email);
    const enrolled = await t.http().post('/api/v1/enrollments').set('Authorization', early).send({ courseId: created.body.id }).expect(201);
    expect(enrolled.body).toMatchObject({ status: 'active', courseVersion: 1 });

    const v2Doc = structuredClone(v1Doc);
    v2Doc.title = 'Kursus Berversi (revisi)';
    v2Doc.modules[0].lessons[0].title = 'Pelajaran yang ditulis ulang';
    expect(await publish(created.body.id, 2, v2Doc)).toBe(2);

    const earlyView = await t.http().get(`/api/v1/enrollments/${enrolled.body.id}/content`).set('Authorization', early).expect(200);
    expect(earlyView.body.enrollment.courseVersion).toBe(1);
    expect(earlyView.body.course.title).toBe('Kursus Berversi');
    expect(lessonTitles(earlyView.body)).toEqual(lessonTitles({ modules: v1Doc.modules }));

    const late = await bearer(t, agency.people.supervisor.email);
    const lateEnrolled = await t.http().post('/api/v1/enrollments').set('Authorization', late).send({ courseId: created.body.id }).expect(201);
    expect(lateEnrolled.body.courseVersion).toBe(2);
    const lateView = await t.http().get(`/api/v1/enrollments/${lateEnrolled.body.id}/content`).set('Authorization', late).expect(200);
    expect(lateView.body.course.title).toBe('Kursus Berversi (revisi)');
    expect(lessonTitles(lateView.body)[0]).toBe('Pelajaran yang ditulis ulang');

    // The catalog shows the newest version to everyone, whatever they are enrolled on.
    const page = await t.http().get(`/api/v1/catalog/${created.body.id}`).set('Authorization', early).expect(200);
    expect(page.body.title).toBe('Kursus Berversi (revisi)');
  });
});
