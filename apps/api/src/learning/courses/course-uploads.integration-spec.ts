import type { Client } from 'minio';
import type { CourseDocument } from '@mahir/course';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { publishableCourse } from '../../test-support/course-fixtures';

const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR')]);
const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(20)]);

describe('course uploads (presigned, verified on completion)', () => {
  let t: TestApp;
  let agency: Agency;
  let admin: string;
  let nationalId: string;
  let storage: Client;
  let bucket: string;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    admin = await bearer(t, agency.people.training_admin.email);
    [{ id: nationalId }] = await t.db.query(`SELECT id FROM competency WHERE tenant_id IS NULL AND code = 'M.5'`);
    storage = t.app.get<Client>(STORAGE_CLIENT);
    bucket = t.app.get<string>(STORAGE_BUCKET);
  });
  afterAll(() => t.app.close());

  const api = () => t.http();
  async function newCourse(auth = admin) {
    const res = await api().post('/api/v1/courses').set('Authorization', auth).send({ title: 'Kursus Berkas' }).expect(201);
    return res.body.id as string;
  }
  const requestUpload = (courseId: string, body: object, auth = admin) => api().post(`/api/v1/courses/${courseId}/uploads`).set('Authorization', auth).send(body);
  const complete = (courseId: string, uploadId: string, auth = admin) =>
    api().post(`/api/v1/courses/${courseId}/uploads/${uploadId}/complete`).set('Authorization', auth).set('Accept-Language', 'en');
  const put = async (url: string, bytes: Buffer) => {
    const res = await fetch(url, { method: 'PUT', body: bytes });
    expect(res.ok).toBe(true);
  };
  const exists = (key: string) => storage.statObject(bucket, key).then(() => true, () => false);
  const statusOf = async (uploadId: string) => (await t.db.query(`SELECT status FROM course_upload WHERE id = $1`, [uploadId]))[0].status;

  it('hands out a presigned URL for a generated key, then verifies the file that arrived', async () => {
    const courseId = await newCourse();
    const res = await requestUpload(courseId, { kind: 'document', contentType: 'application/pdf', size: pdf.length }).expect(201);
    expect(res.body).toMatchObject({ uploadId: expect.any(String), expiresInSeconds: 600 });
    expect(res.body.objectKey).toMatch(new RegExp(`^${agency.id}/course-media/\\d{4}/[0-9a-f-]{36}\\.pdf$`));
    expect(res.body.uploadUrl).toContain(encodeURI(res.body.objectKey).split('/').pop());
    expect(await statusOf(res.body.uploadId)).toBe('pending');
    await put(res.body.uploadUrl, pdf);
    const done = await complete(courseId, res.body.uploadId).expect(200);
    expect(done.body).toEqual({ status: 'verified', contentType: 'application/pdf', size: pdf.length });
    expect(await statusOf(res.body.uploadId)).toBe('verified');
    // Completing again is harmless.
    await complete(courseId, res.body.uploadId).expect(200);
  });

  it('rejects a text file declared as a PDF, and removes it', async () => {
    const courseId = await newCourse();
    const res = await requestUpload(courseId, { kind: 'document', contentType: 'application/pdf', size: 100 }).expect(201);
    await put(res.body.uploadUrl, Buffer.from('<!doctype html><script>alert(1)</script>'));
    const refused = await complete(courseId, res.body.uploadId).expect(415);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    expect(await exists(res.body.objectKey)).toBe(false);
    expect(await statusOf(res.body.uploadId)).toBe('rejected');
    await complete(courseId, res.body.uploadId).expect(409);
  });

  it('rejects a real file of a type not allowed for the kind (a PNG sent as a video)', async () => {
    const courseId = await newCourse();
    const res = await requestUpload(courseId, { kind: 'video', contentType: 'video/mp4', size: png.length }).expect(201);
    await put(res.body.uploadUrl, png);
    const refused = await complete(courseId, res.body.uploadId).expect(415);
    expect(refused.body.errors[0].field).toBe('file');
    expect(await exists(res.body.objectKey)).toBe(false);
  });

  it('verifies an mp4 by its ftyp box', async () => {
    const courseId = await newCourse();
    const res = await requestUpload(courseId, { kind: 'video', contentType: 'video/mp4', size: mp4.length }).expect(201);
    await put(res.body.uploadUrl, mp4);
    expect((await complete(courseId, res.body.uploadId).expect(200)).body).toMatchObject({ status: 'verified', contentType: 'video/mp4' });
  });

  it('refuses a declared type or size outside the kind, before handing out a URL', async () => {
    const courseId = await newCourse();
    const type = await requestUpload(courseId, { kind: 'cover', contentType: 'image/gif', size: 10 }).expect(415);
    expect(type.body.errors).toEqual([expect.objectContaining({ field: 'contentType' })]);
    const pdfCover = await requestUpload(courseId, { kind: 'cover', contentType: 'application/pdf', size: 10 }).expect(415);
    expect(pdfCover.body.errors[0].field).toBe('contentType');
    const size = await requestUpload(courseId, { kind: 'cover', contentType: 'image/png', size: 5 * 1024 * 1024 + 1 }).expect(413);
    expect(size.body.errors).toEqual([expect.objectContaining({ field: 'size' })]);
    await requestUpload(courseId, { kind: 'video', contentType: 'video/webm', size: 500 * 1024 * 1024 + 1 }).expect(413);
    await requestUpload(courseId, { kind: 'cover', contentType: 'image/png', size: 5 * 1024 * 1024 }).expect(201);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM course_upload WHERE course_id = $1`, [courseId]);
    expect(count).toBe(1);
  });

  it('answers 409 when completing before anything was uploaded', async () => {
    const courseId = await newCourse();
    const res = await requestUpload(courseId, { kind: 'document', contentType: 'application/pdf', size: 10 }).expect(201);
    await complete(courseId, res.body.uploadId).expect(409);
    expect(await statusOf(res.body.uploadId)).toBe('pending');
  });

  it('hides another agency’s course and uploads (404) and refuses learners (403)', async () => {
    const other = await createAgency(t.db);
    const otherAdmin = await bearer(t, other.people.training_admin.email);
    const theirCourse = await newCourse(otherAdmin);
    const theirs = await requestUpload(theirCourse, { kind: 'document', contentType: 'application/pdf', size: 10 }, otherAdmin).expect(201);
    await requestUpload(theirCourse, { kind: 'document', contentType: 'application/pdf', size: 10 }).expect(404);
    await complete(theirCourse, theirs.body.uploadId).expect(404);
    // Their upload id under our own course is not found either.
    const ours = await newCourse();
    await complete(ours, theirs.body.uploadId).expect(404);
    const learner = await bearer(t, agency.people.learner.email);
    await requestUpload(ours, { kind: 'document', contentType: 'application/pdf', size: 10 }, learner).expect(403);
  });

  it('refuses to publish with a file that is not a verified upload of the course, and allows it once verified', async () => {
    const courseId = await newCourse();
    const res = await requestUpload(courseId, { kind: 'cover', contentType: 'image/png', size: png.length }).expect(201);
    const doc: CourseDocument = publishableCourse({ competencies: [{ competencyId: nationalId, level: 2, validityMonths: 36 }], coverObjectKey: res.body.objectKey });
    doc.modules[0].lessons.push({ id: 'l5', kind: 'document', title: 'Peraturan', required: false, estimatedMinutes: 5, objectKey: `${agency.id}/course-media/2026/made-up.pdf` });
    await api().put(`/api/v1/courses/${courseId}/draft`).set('Authorization', admin).send({ revision: 1, document: doc }).expect(200);
    const refused = await api().post(`/api/v1/courses/${courseId}/submit`).set('Authorization', admin).set('Accept-Language', 'en').expect(422);
    expect(refused.body.errors.filter((e: { rule: string }) => e.rule === 'upload.unverified')).toEqual([
      expect.objectContaining({ field: 'coverObjectKey', message: 'This file is not a verified upload of this course; upload it and complete the upload first.' }),
      expect.objectContaining({ field: 'modules[0].lessons[2].objectKey' }),
    ]);

    await put(res.body.uploadUrl, png);
    await complete(courseId, res.body.uploadId).expect(200);
    const doc2 = await newDocumentUpload(courseId);
    doc.modules[0].lessons[2] = { ...doc.modules[0].lessons[2], objectKey: doc2 } as CourseDocument['modules'][number]['lessons'][number];
    await api().put(`/api/v1/courses/${courseId}/draft`).set('Authorization', admin).send({ revision: 2, document: doc }).expect(200);
    await api().post(`/api/v1/courses/${courseId}/submit`).set('Authorization', admin).expect(200);
    await api().post(`/api/v1/courses/${courseId}/publish`).set('Authorization', admin).expect(201);
  });

  it('does not accept a verified upload of another course', async () => {
    const first = await newCourse();
    const key = await newDocumentUpload(first);
    const second = await newCourse();
    await api().put(`/api/v1/courses/${second}/draft`).set('Authorization', admin)
      .send({ revision: 1, document: publishableCourse({ competencies: [{ competencyId: nationalId, level: 2, validityMonths: 36 }], coverObjectKey: key }) })
      .expect(200);
    const checks = await api().get(`/api/v1/courses/${second}/checks`).set('Authorization', admin).expect(200);
    // A document upload of another course: neither this course’s nor a cover.
    expect(checks.body.problems).toEqual([{ path: 'coverObjectKey', code: 'upload.unverified' }]);
  });

  async function newDocumentUpload(courseId: string): Promise<string> {
    const res = await requestUpload(courseId, { kind: 'document', contentType: 'application/pdf', size: pdf.length }).expect(201);
    await put(res.body.uploadUrl, pdf);
    await complete(courseId, res.body.uploadId).expect(200);
    return res.body.objectKey;
  }
});
