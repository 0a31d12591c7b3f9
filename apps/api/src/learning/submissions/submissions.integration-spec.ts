import { crc32 } from 'node:zlib';
import type { Client } from 'minio';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import { expectProblem, fieldRules } from '../../test-support/auth-helpers';
import { insertPublishedCourse } from '../../test-support/course-fixtures';
import { deliveryCourse, eventually, insertActiveEnrollment } from '../../test-support/delivery-fixtures';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A real (stored, uncompressed) zip with the parts of a Word document, as Word writes them minus the styling. */
function docx(): Buffer {
  const files = [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><w:document/>') },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(f.data), 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(f.data), 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('assignment lessons: hand in, grade, complete', () => {
  let t: TestApp;
  let a: Agency;
  let learner: string;
  let other: string;
  let grader: string;
  let storage: Client;
  let bucket: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createAgency(t.db);
    learner = await bearer(t, a.people.learner.email);
    other = await bearer(t, a.people.supervisor.email);
    grader = await bearer(t, a.people.grader.email);
    storage = t.app.get<Client>(STORAGE_CLIENT);
    bucket = t.app.get<string>(STORAGE_BUCKET);
  });
  afterAll(() => t.app.close());

  /** A course whose only lesson is the required assignment l6 (100 points; course pass mark 60, 3 submissions), and the learner's enrollment. */
  async function assignmentEnrollment() {
    const doc = deliveryCourse(a);
    doc.modules = [{ id: 'm1', title: 'Tugas', lessons: [doc.modules[1].lessons[2]] }];
    doc.questionBank = [];
    doc.jpMinutes = 90;
    const courseId = await insertPublishedCourse(t.db, a.id, doc);
    return { courseId, enrollmentId: await insertActiveEnrollment(t.db, a, courseId) };
  }
  const start = (enrollmentId: string, body: object, auth = learner, lessonId = 'l6') =>
    t.http().post(`/api/v1/enrollments/${enrollmentId}/assignments/${lessonId}/submissions`).set('Authorization', auth).send(body);
  const complete = (id: string, auth = learner) => t.http().post(`/api/v1/assignment-submissions/${id}/complete`).set('Authorization', auth);
  const put = async (url: string, bytes: Buffer) => expect((await fetch(url, { method: 'PUT', body: bytes })).ok).toBe(true);
  const handIn = async (enrollmentId: string, bytes: Buffer, contentType: string) => {
    const started = await start(enrollmentId, { contentType, size: bytes.length, fileName: 'C:\\Dokumen\\laporan.docx' }).expect(201);
    await put(started.body.uploadUrl, bytes);
    return (await complete(started.body.id).expect(200)).body;
  };
  const itemOf = (submissionId: string) =>
    eventually(async () => (await t.db.query(`SELECT id FROM grading_item WHERE submission_id = $1`, [submissionId]))[0]?.id as string | undefined, 'the inbox item');
  const grade = (itemId: string, body: object) => t.http().post(`/api/v1/grading/items/${itemId}/grade`).set('Authorization', grader).send(body);

  it('flows a file from upload to the grader, a grade below the pass mark, a second submission, a pass and a completed enrollment', async () => {
    const { courseId, enrollmentId } = await assignmentEnrollment();
    const file = docx();
    const first = await handIn(enrollmentId, file, DOCX);
    expect(first).toMatchObject({ status: 'submitted', number: 1, contentType: DOCX, size: file.length, fileName: 'laporan.docx', grade: null });
    expectProblem(await start(enrollmentId, { contentType: 'application/pdf', size: 100 }), 409, 'submission.awaitingGrade');

    const inbox = await t.http().get(`/api/v1/grading/inbox?courseId=${courseId}`).set('Authorization', grader).expect(200);
    expect(inbox.body).toMatchObject({ total: 1, items: [{ kind: 'assignment', submissionId: first.id, lessonId: 'l6', maxPoints: 100, attemptId: null }] });
    const itemId = inbox.body.items[0].id as string;
    const item = await t.http().get(`/api/v1/grading/items/${itemId}`).set('Authorization', grader).expect(200);
    expect(item.body).toMatchObject({ kind: 'assignment', status: 'pending', assignment: { instructions: 'Unggah standar pelayanan.' }, file: { contentType: DOCX, expiresInSeconds: 300 } });
    const download = await fetch(item.body.file.downloadUrl);
    expect(download.ok).toBe(true);
    expect(Buffer.from(await download.arrayBuffer()).equals(file)).toBe(true);

    const above = await grade(itemId, { revision: 0, points: 100.5 });
    expectProblem(above, 422, 'grading.aboveMaximum');
    expect(fieldRules(above)).toEqual(['points:aboveMaximum']);
    await grade(itemId, { revision: 0, points: 55, feedback: 'Belum memuat maklumat pelayanan.' }).expect(200);
    const graded = await eventually(async () => {
      const res = await t.http().get(`/api/v1/assignment-submissions/${first.id}`).set('Authorization', learner).expect(200);
      return res.body.status === 'graded' ? res.body : undefined;
    }, 'the first submission graded');
    expect(graded.grade).toMatchObject({ points: 55, maxPoints: 100, scorePercent: 55, passed: false, feedback: 'Belum memuat maklumat pelayanan.' });
    expect((await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [enrollmentId]))[0].status).toBe('active');

    // Below the pass mark with submissions left: hand in again.
    const second = await handIn(enrollmentId, PDF, 'application/pdf');
    expect(second).toMatchObject({ number: 2, contentType: 'application/pdf' });
    await grade(await itemOf(second.id), { revision: 0, points: 82.5, feedback: 'Lengkap.' }).expect(200);
    await eventually(async () => ((await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [enrollmentId]))[0].status === 'completed' ? true : undefined), 'completion');
    const [enrollment] = await t.db.query(`SELECT final_grade, progress_percent FROM enrollment WHERE id = $1`, [enrollmentId]);
    expect({ grade: Number(enrollment.final_grade), progress: enrollment.progress_percent }).toEqual({ grade: 82.5, progress: 100 });
    const ledger = await t.db.query(`SELECT level FROM ledger_entry WHERE source = 'course_completion' AND source_ref = $1`, [`${enrollmentId}:${a.competencyId}`]);
    expect(ledger).toHaveLength(1);
    expect(await t.db.query(`SELECT minutes FROM jp_credit WHERE source = 'course_completion' AND source_ref = $1`, [enrollmentId])).toEqual([{ minutes: 90 }]);
    const [lesson] = await t.db.query(`SELECT completed_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = 'l6'`, [enrollmentId]);
    expect(lesson.completed_at).not.toBeNull();

    const list = await t.http().get(`/api/v1/enrollments/${enrollmentId}/assignments/l6/submissions`).set('Authorization', learner).expect(200);
    expect(list.body).toMatchObject({ maxPoints: 100, passMark: 60, items: [{ id: second.id, grade: { points: 82.5, passed: true, feedback: 'Lengkap.' } }, { id: first.id }] });
    const [note] = await t.db.query(`SELECT payload FROM outbox_event WHERE name = 'notification.requested' AND payload->'data'->>'submissionId' = $1`, [second.id]);
    expect(note.payload).toMatchObject({ kind: 'grading.graded', employeeId: a.people.learner.employeeId, data: { passed: true, scorePercent: 82.5 } });
  });

  it('refuses a wrong real type, a declared size above the limit, another learner and a lesson that is no assignment', async () => {
    const { enrollmentId } = await assignmentEnrollment();
    const wrongDeclared = await start(enrollmentId, { contentType: 'text/html', size: 100 });
    expectProblem(wrongDeclared, 415, 'submission.unsupportedType');
    expect(fieldRules(wrongDeclared)).toEqual(['contentType:unsupportedType']);
    const huge = await start(enrollmentId, { contentType: 'application/pdf', size: 200 * 1024 * 1024 });
    expectProblem(huge, 413, 'submission.tooLarge');
    expect(fieldRules(huge)).toEqual(['size:tooLarge']);
    expectProblem(await start(enrollmentId, { contentType: 'application/pdf', size: 100 }, other), 404, 'delivery.enrollmentNotFound');
    expectProblem(await start(enrollmentId, { contentType: 'application/pdf', size: 100 }, learner, 'l1'), 404, 'submission.lessonNotFound');

    // Declared a PDF, sent a web page: refused by its bytes, the object removed, the submission rejected for good.
    const started = await start(enrollmentId, { contentType: 'application/pdf', size: 60 }).expect(201);
    expectProblem(await complete(started.body.id, other), 404, 'submission.notFound');
    expectProblem(await complete(started.body.id), 409, 'submission.objectMissing');
    await put(started.body.uploadUrl, Buffer.from('<!doctype html><script>alert(1)</script>'));
    const wrongReal = await complete(started.body.id);
    expectProblem(wrongReal, 415, 'submission.unsupportedType');
    expect(fieldRules(wrongReal)).toEqual(['file:unsupportedType']);
    const [row] = await t.db.query(`SELECT status, object_key FROM assignment_submission WHERE id = $1`, [started.body.id]);
    expect(row.status).toBe('rejected');
    expect(await storage.statObject(bucket, row.object_key).then(() => true, () => false)).toBe(false);
    expectProblem(await complete(started.body.id), 409, 'submission.rejected');
    expect(await t.db.query(`SELECT g.id FROM grading_item g JOIN assignment_submission s ON s.id = g.submission_id WHERE s.enrollment_id = $1`, [enrollmentId])).toEqual([]);
    await t.http().get(`/api/v1/assignment-submissions/${started.body.id}`).set('Authorization', other).expect(404);
  });
});
