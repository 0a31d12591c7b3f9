import { randomUUID } from 'node:crypto';
import { expectProblem, fieldRules } from '../../test-support/auth-helpers';
import { deliveryCourse, eventually, insertActiveEnrollment } from '../../test-support/delivery-fixtures';
import { insertPublishedCourse } from '../../test-support/course-fixtures';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

describe('grading by people', () => {
  let t: TestApp;
  let a: Agency;
  let learner: string;
  let grader: string;
  let trainer: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createAgency(t.db);
    learner = await bearer(t, a.people.learner.email);
    grader = await bearer(t, a.people.grader.email);
    trainer = await bearer(t, a.people.training_admin.email);
  });
  afterAll(() => t.app.close());

  /** A course whose only lesson is the essay quiz l5 (q1 1 point + essay q6 4 points, pass 50), an enrollment, and a submitted attempt. */
  async function essayAwaitingGrade(answer = 'Pengaduan dicatat, ditindaklanjuti dan dilaporkan.') {
    const doc = deliveryCourse(a);
    doc.modules = [{ id: 'm1', title: 'Evaluasi', lessons: [{ ...doc.modules[1].lessons[1], required: true } as (typeof doc.modules)[number]['lessons'][number]] }];
    const courseId = await insertPublishedCourse(t.db, a.id, doc);
    const enrollmentId = await insertActiveEnrollment(t.db, a, courseId);
    const started = await t.http().post(`/api/v1/enrollments/${enrollmentId}/quizzes/l5/attempts`).set('Authorization', learner).expect(201);
    const attemptId = started.body.id as string;
    await t.http().put(`/api/v1/attempts/${attemptId}/answers`).set('Authorization', learner).send({ answers: { q1: 'o1', q6: answer } }).expect(200);
    await t.http().post(`/api/v1/attempts/${attemptId}/submit`).set('Authorization', learner).expect(200);
    const itemId = await eventually(async () => {
      const [row] = await t.db.query(`SELECT id FROM grading_item WHERE attempt_id = $1`, [attemptId]);
      return row?.id as string | undefined;
    }, 'the essay in the inbox');
    return { courseId, enrollmentId, attemptId, itemId };
  }

  const grade = (itemId: string, body: object, auth = grader) => t.http().post(`/api/v1/grading/items/${itemId}/grade`).set('Authorization', auth).send(body);

  it('flows an essay from the inbox to a grade, the learner’s feedback and a completed enrollment', async () => {
    const { courseId, enrollmentId, attemptId, itemId } = await essayAwaitingGrade();
    expect((await t.http().get(`/api/v1/attempts/${attemptId}`).set('Authorization', learner).expect(200)).body).toMatchObject({ status: 'awaiting_review', result: { scorePoints: 1, maxPoints: 5, passed: null } });

    const inbox = await t.http().get(`/api/v1/grading/inbox?courseId=${courseId}`).set('Authorization', grader).expect(200);
    expect(inbox.body).toMatchObject({ total: 1, items: [{ id: itemId, kind: 'essay', attemptId, questionId: 'q6', maxPoints: 4, courseId }] });
    expect((await t.http().get(`/api/v1/grading/inbox?courseId=${courseId}&minAgeHours=1`).set('Authorization', grader).expect(200)).body.total).toBe(0);
    const item = await t.http().get(`/api/v1/grading/items/${itemId}`).set('Authorization', grader).expect(200);
    expect(item.body).toMatchObject({ status: 'pending', revision: 0, answer: 'Pengaduan dicatat, ditindaklanjuti dan dilaporkan.', question: { prompt: 'Jelaskan pengelolaan pengaduan.' }, rubric: null });

    const above = await grade(itemId, { revision: 0, points: 4.5 });
    expectProblem(above, 422, 'grading.aboveMaximum');
    expect(fieldRules(above)).toEqual(['points:aboveMaximum']);

    // Two graders at once: one wins, the other hears 409 with the revision now current.
    const [one, two] = await Promise.all([grade(itemId, { revision: 0, points: 4, feedback: 'Lengkap dan runtut.' }), grade(itemId, { revision: 0, points: 2 }, trainer)]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const loser = one.status === 409 ? one : two;
    expect(loser.body).toMatchObject({ currentRevision: 1 });
    const points = one.status === 200 ? 4 : 2;

    const attempt = await eventually(async () => {
      const res = await t.http().get(`/api/v1/attempts/${attemptId}`).set('Authorization', learner);
      return res.body.status === 'graded' ? res.body : undefined;
    }, 'the attempt graded');
    expect(attempt.result).toMatchObject({ scorePoints: 1 + points, maxPoints: 5, scorePercent: (1 + points) * 20, passed: true });
    expect(attempt.result.questions.find((q: { questionId: string }) => q.questionId === 'q6')).toMatchObject({ earned: points, outcome: points === 4 ? 'correct' : 'partial' });
    await eventually(async () => {
      const [e] = await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [enrollmentId]);
      return e.status === 'completed' ? true : undefined;
    }, 'the enrollment completed');
    const [note] = await t.db.query(`SELECT payload FROM outbox_event WHERE name = 'notification.requested' AND payload->'data'->>'attemptId' = $1`, [attemptId]);
    expect(note.payload).toMatchObject({ employeeId: a.people.learner.employeeId, kind: 'grading.graded', data: { passed: true, scorePercent: (1 + points) * 20 } });
    expect((await t.http().get(`/api/v1/grading/inbox?courseId=${courseId}`).set('Authorization', grader).expect(200)).body.total).toBe(0);

    // Re-grade: audited with before and after; the score recomputes through the same job; a replay is stale.
    const regrade = await grade(itemId, { revision: 1, points: 1, feedback: 'Kurang contoh.' });
    expect(regrade.status).toBe(200);
    expect(regrade.body).toMatchObject({ revision: 2, grade: { points: 1, feedback: 'Kurang contoh.' } });
    expectProblem(await grade(itemId, { revision: 1, points: 1, feedback: 'Kurang contoh.' }), 409, 'grading.staleRevision');
    const [audit] = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'grading.regraded' AND target_id = $1`, [itemId]);
    expect(audit.detail).toMatchObject({ before: { points, revision: 1 }, after: { points: 1, feedback: 'Kurang contoh.', revision: 2 } });
    const regraded = await eventually(async () => {
      const res = await t.http().get(`/api/v1/attempts/${attemptId}`).set('Authorization', learner);
      return res.body.result.scorePoints === 2 ? res.body : undefined;
    }, 'the attempt re-graded');
    expect(regraded.result).toMatchObject({ scorePercent: 40, passed: false });
    expect(regraded.result.questions.find((q: { questionId: string }) => q.questionId === 'q6')).toMatchObject({ earned: 1, outcome: 'partial', feedback: 'Kurang contoh.' });
    // Completion is final: the ledger is append-only, so a later re-grade does not undo it.
    expect((await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [enrollmentId]))[0].status).toBe('completed');
  });

  it('grades by rubric: the sum of the levels chosen, one per criterion', async () => {
    const { courseId, itemId, attemptId } = await essayAwaitingGrade();
    const criteria = [
      { id: 'isi', title: 'Isi', levels: [{ id: 'kurang', title: 'Kurang', points: 0 }, { id: 'baik', title: 'Baik', points: 2.5 }] },
      { id: 'bahasa', title: 'Bahasa', levels: [{ id: 'cukup', title: 'Cukup', points: 0.5 }, { id: 'baik', title: 'Baik', points: 1.5 }] },
    ];
    const tooRich = await t.http().put(`/api/v1/grading/rubrics/${courseId}/q6`).set('Authorization', trainer).send({ criteria: [{ ...criteria[0], levels: [{ id: 'x', title: 'X', points: 5 }] }] });
    expectProblem(tooRich, 422, 'request.validation');
    expect(fieldRules(tooRich)).toEqual(['criteria:rubric.aboveMaximum']);
    expectProblem(await t.http().put(`/api/v1/grading/rubrics/${courseId}/q1`).set('Authorization', trainer).send({ criteria }), 404, 'grading.questionNotFound');
    await t.http().put(`/api/v1/grading/rubrics/${courseId}/q6`).set('Authorization', grader).send({ criteria }).expect(403);
    await t.http().put(`/api/v1/grading/rubrics/${courseId}/q6`).set('Authorization', trainer).send({ criteria }).expect(200);

    const item = await t.http().get(`/api/v1/grading/items/${itemId}`).set('Authorization', grader).expect(200);
    expect(item.body.rubric).toEqual(criteria);
    const partial = await grade(itemId, { revision: 0, rubric: [{ criterionId: 'isi', levelId: 'sempurna' }] });
    expectProblem(partial, 422, 'request.validation');
    expect(fieldRules(partial)).toEqual(['rubric.0.levelId:rubric.unknownLevel', 'rubric:rubric.missingCriterion']);
    expectProblem(await grade(itemId, { revision: 0, points: 1, rubric: [] }), 422, 'grading.pointsOrRubric');
    const graded = await grade(itemId, { revision: 0, rubric: [{ criterionId: 'bahasa', levelId: 'cukup' }, { criterionId: 'isi', levelId: 'baik' }] }).expect(200);
    expect(graded.body.grade).toMatchObject({ points: 3, rubric: [{ criterionId: 'bahasa', levelId: 'cukup', points: 0.5 }, { criterionId: 'isi', levelId: 'baik', points: 2.5 }] });
    await eventually(async () => {
      const res = await t.http().get(`/api/v1/attempts/${attemptId}`).set('Authorization', learner);
      return res.body.status === 'graded' ? res.body : undefined;
    }, 'the attempt graded by rubric');
  });

  it('keeps other agencies, learners and bad input out', async () => {
    const { itemId } = await essayAwaitingGrade();
    const foreign = await createAgency(t.db);
    const foreignGrader = await bearer(t, foreign.people.grader.email);
    expectProblem(await grade(itemId, { revision: 0, points: 1 }, foreignGrader), 404, 'grading.itemNotFound');
    expectProblem(await t.http().get(`/api/v1/grading/items/${itemId}`).set('Authorization', foreignGrader), 404, 'grading.itemNotFound');
    expect((await t.http().get('/api/v1/grading/inbox').set('Authorization', foreignGrader).expect(200)).body.items.map((i: { id: string }) => i.id)).not.toContain(itemId);
    await grade(itemId, { revision: 0, points: 1 }, learner).expect(403);
    await t.http().get('/api/v1/grading/inbox').set('Authorization', learner).expect(403);
    expectProblem(await grade(randomUUID(), { revision: 0, points: 1 }), 404, 'grading.itemNotFound');
    const wrong = await grade(itemId, { revision: '0', points: 'empat', feedback: 5 });
    expectProblem(wrong, 400, 'request.validation');
    expect(fieldRules(wrong).sort()).toEqual(['feedback:isString', 'points:isNumber', 'revision:isInt'].sort());
    expect((await t.db.query(`SELECT status, revision FROM grading_item WHERE id = $1`, [itemId]))[0]).toEqual({ status: 'pending', revision: 0 });
  });
});
