import { expectProblem, fieldRules } from '../../test-support/auth-helpers';
import { deliveryCourse, eventually, insertActiveEnrollment, SECRET_NUMBER } from '../../test-support/delivery-fixtures';
import { insertPublishedCourse } from '../../test-support/course-fixtures';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

describe('answer-key corrections', () => {
  let t: TestApp;
  let a: Agency;
  let learner: string;
  let trainer: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createAgency(t.db);
    learner = await bearer(t, a.people.learner.email);
    trainer = await bearer(t, a.people.training_admin.email);
  });
  afterAll(() => t.app.close());

  /** A course whose only lesson is quiz l4 (q1–q5, 6 points, pass 60), and a graded attempt: q2, q5 right (3 points, 50 %, failed). */
  async function failedAttempt() {
    const doc = deliveryCourse(a);
    doc.modules = [{ id: 'm1', title: 'Evaluasi', lessons: [doc.modules[1].lessons[0]] }];
    const courseId = await insertPublishedCourse(t.db, a.id, doc);
    const enrollmentId = await insertActiveEnrollment(t.db, a, courseId);
    const started = await t.http().post(`/api/v1/enrollments/${enrollmentId}/quizzes/l4/attempts`).set('Authorization', learner).expect(201);
    const attemptId = started.body.id as string;
    const answers = { q1: 'o2', q2: ['a', 'b'], q3: 'f', q4: 'salah', q5: SECRET_NUMBER };
    await t.http().put(`/api/v1/attempts/${attemptId}/answers`).set('Authorization', learner).send({ answers }).expect(200);
    await t.http().post(`/api/v1/attempts/${attemptId}/submit`).set('Authorization', learner).expect(200);
    const graded = await eventually(async () => {
      const res = await t.http().get(`/api/v1/attempts/${attemptId}`).set('Authorization', learner);
      return res.body.status === 'graded' ? res.body : undefined;
    }, 'the attempt graded');
    expect(graded.result).toMatchObject({ scorePoints: 3, maxPoints: 6, scorePercent: 50, passed: false });
    return { courseId, enrollmentId, attemptId };
  }

  const put = (courseId: string, questionId: string, body: object, auth = trainer, version = 1) =>
    t.http().put(`/api/v1/courses/${courseId}/versions/${version}/questions/${questionId}/answer-key`).set('Authorization', auth).send(body);
  const attempt = async (id: string) => (await t.http().get(`/api/v1/attempts/${id}`).set('Authorization', learner).expect(200)).body;

  it('re-grades the affected attempts in the background: a failed attempt passes and its enrollment completes', async () => {
    const affected = await failedAttempt();
    const other = await failedAttempt();

    const res = await put(affected.courseId, 'q1', { correctOptionIds: ['o2'], reason: 'Kunci soal 1 keliru.' }).expect(200);
    expect(res.body).toMatchObject({ courseId: affected.courseId, version: 1, questionId: 'q1', kind: 'single_choice', key: { correctOptionIds: ['o2'] } });
    const [audit] = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'answerKey.corrected' AND target_id = $1`, [affected.courseId]);
    expect(audit.detail).toMatchObject({ version: 1, questionId: 'q1', reason: 'Kunci soal 1 keliru.' });

    const regraded = await eventually(async () => {
      const body = await attempt(affected.attemptId);
      return body.result.passed === true ? body : undefined;
    }, 'the attempt re-graded');
    expect(regraded.result).toMatchObject({ scorePoints: 4, maxPoints: 6, scorePercent: 66.6, passed: true });
    expect(regraded.result.questions.find((q: { questionId: string }) => q.questionId === 'q1')).toMatchObject({ earned: 1, outcome: 'correct' });
    await eventually(async () => {
      const [e] = await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [affected.enrollmentId]);
      return e.status === 'completed' ? true : undefined;
    }, 'the enrollment completed');

    // A later correction of another question stacks on the first (the latest per question wins).
    await put(affected.courseId, 'q3', { correctOptionIds: ['f'], reason: 'Pernyataan soal 3 salah.' }).expect(200);
    const again = await eventually(async () => {
      const body = await attempt(affected.attemptId);
      return body.result.scorePoints === 5 ? body : undefined;
    }, 'the second correction applied');
    expect(again.result).toMatchObject({ scorePercent: 83.3, passed: true });
    expect((await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [affected.enrollmentId]))[0].status).toBe('completed');

    // Another course (same questions): untouched.
    expect((await attempt(other.attemptId)).result).toMatchObject({ scorePoints: 3, scorePercent: 50, passed: false });
    expect((await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [other.enrollmentId]))[0].status).toBe('active');
  });

  it('refuses bad keys, unknown questions and other agencies’ courses', async () => {
    const { courseId } = await failedAttempt();
    const none = await put(courseId, 'q1', { correctOptionIds: [], reason: 'Tanpa kunci.' });
    expectProblem(none, 422, 'answerKey.noCorrectOption');
    expect(fieldRules(none)).toEqual(['correctOptionIds:noCorrectOption']);
    expectProblem(await put(courseId, 'q1', { correctOptionIds: ['o1', 'o2'], reason: 'Dua kunci.' }), 422, 'answerKey.singleCorrect');
    expectProblem(await put(courseId, 'q6', { acceptedAnswers: ['x'], reason: 'Uraian.' }), 422, 'answerKey.essay');
    expectProblem(await put(courseId, 'q5', { numericAnswer: 1, correctOptionIds: ['o1'], reason: 'Campur.' }), 422, 'answerKey.notForKind');
    expectProblem(await put(courseId, 'q9', { correctOptionIds: ['o1'], reason: 'Tidak ada.' }), 404, 'answerKey.questionNotFound');
    expectProblem(await put(courseId, 'q1', { correctOptionIds: ['o1'], reason: 'Versi 2.' }, trainer, 2), 404, 'answerKey.versionNotFound');
    await put(courseId, 'q1', { correctOptionIds: ['o2'], reason: 'Bukan pelatih.' }, learner).expect(403);

    const b = await createAgency(t.db);
    const foreign = await bearer(t, b.people.training_admin.email);
    expectProblem(await put(courseId, 'q1', { correctOptionIds: ['o2'], reason: 'Agensi lain.' }, foreign), 404, 'answerKey.versionNotFound');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM answer_key_correction WHERE course_id = $1`, [courseId]))[0].n).toBe(0);

    // A short answer's key is normalized and stored; the matching rules default to the published ones.
    const short = await put(courseId, 'q4', { acceptedAnswers: ['  salah ', ''], reason: 'Tambah jawaban.' }).expect(200);
    expect(short.body.key).toEqual({ acceptedAnswers: ['salah'], caseSensitive: false, ignoreSpaces: true });
  });
});
