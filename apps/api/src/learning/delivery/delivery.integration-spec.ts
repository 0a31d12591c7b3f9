import { randomUUID } from 'node:crypto';
import { expectProblem, fieldRules } from '../../test-support/auth-helpers';
import { insertPublishedCourse, SECRET_ANSWER, SECRET_FEEDBACK } from '../../test-support/course-fixtures';
import { BEST_ANSWERS, deliveryCourse, eventually, insertActiveEnrollment, insertDeliveryCourse, SECRET_NUMBER } from '../../test-support/delivery-fixtures';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

describe('learning delivery', () => {
  let t: TestApp;
  let a: Agency;
  let learner: string;
  let other: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createAgency(t.db);
    learner = await bearer(t, a.people.learner.email);
    other = await bearer(t, a.people.grader.email);
  });
  afterAll(() => t.app.close());

  // One live enrollment per learner and course: each test enrolls in a course of its own.
  const enroll = async (status?: 'active' | 'completed' | 'withdrawn' | 'requested') => insertActiveEnrollment(t.db, a, await insertDeliveryCourse(t.db, a), { status });
  const progress = (id: string, events: object[], auth = learner) => t.http().post(`/api/v1/enrollments/${id}/progress`).set('Authorization', auth).send({ events });
  const ev = (lessonId: string, fields: object = {}) => ({ id: randomUUID(), lessonId, ...fields });
  const outboxOf = async (enrollmentId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE name = 'enrollment.progressed' AND payload->>'enrollmentId' = $1`, [enrollmentId]))[0].n as number;

  describe('content', () => {
    it('shows the pinned version without answer keys, with progress and where to resume; others get 404', async () => {
      const id = await enroll();
      const res = await t.http().get(`/api/v1/enrollments/${id}/content`).set('Authorization', learner).expect(200);
      expect(res.body.enrollment).toMatchObject({ id, status: 'active', courseVersion: 1 });
      expect(res.body.modules.map((m: { lessons: { id: string }[] }) => m.lessons.map((l) => l.id))).toEqual([['l1', 'l2', 'l3'], ['l4', 'l5', 'l6']]);
      expect(res.body.modules[1].lessons[0]).toMatchObject({ kind: 'quiz', questionCount: 5, timeLimitMinutes: 30, attemptsAllowed: 2, passMark: 60, quiz: { attemptsUsed: 0 } });
      expect(res.body.modules[0].lessons[0].progress).toEqual({ lessonId: 'l1', completed: false, completedAt: null, percent: 0, position: null, secondsSpent: 0 });
      expect(res.body.resume).toEqual({ lessonId: 'l1', position: null });
      for (const secret of ['correct', 'acceptedAnswers', 'numericAnswer', 'tolerance', SECRET_ANSWER, SECRET_FEEDBACK, String(SECRET_NUMBER)]) expect(res.text).not.toContain(secret);

      expectProblem(await t.http().get(`/api/v1/enrollments/${id}/content`).set('Authorization', other), 404, 'delivery.enrollmentNotFound');
      expectProblem(await t.http().get(`/api/v1/enrollments/${randomUUID()}/content`).set('Authorization', learner), 404, 'delivery.enrollmentNotFound');
      const foreign = await createAgency(t.db);
      expectProblem(await t.http().get(`/api/v1/enrollments/${id}/content`).set('Authorization', await bearer(t, foreign.people.learner.email)), 404, 'delivery.enrollmentNotFound');
      expectProblem(await t.http().get(`/api/v1/enrollments/${await enroll('requested')}/content`).set('Authorization', learner), 409, 'delivery.enrollmentNotActive');
      await t.http().get(`/api/v1/enrollments/${await enroll('completed')}/content`).set('Authorization', learner).expect(200);
    });

    it('renders a text lesson sanitised, links a stored document for a short while, and 404s a lesson outside the version', async () => {
      const id = await enroll();
      const text = await t.http().get(`/api/v1/enrollments/${id}/lessons/l1`).set('Authorization', learner).expect(200);
      expect(text.body.html).toContain('<strong>UU 25/2009</strong>');
      expect(text.body.html).not.toContain('script');
      const doc = await t.http().get(`/api/v1/enrollments/${id}/lessons/l3`).set('Authorization', learner).expect(200);
      expect(doc.body.media.expiresInSeconds).toBe(300);
      expect(doc.body.media.url).toMatch(/X-Amz-Expires=300/);
      expect(doc.body.media.url).toContain(`${a.id}/course-media/2026/materi.pdf`);
      const video = await t.http().get(`/api/v1/enrollments/${id}/lessons/l2`).set('Authorization', learner).expect(200);
      expect(video.body).toMatchObject({ url: 'https://video.example.go.id/m', media: null, completionThreshold: 80 });
      const quiz = await t.http().get(`/api/v1/enrollments/${id}/lessons/l4`).set('Authorization', learner).expect(200);
      expect(quiz.text).not.toContain(SECRET_ANSWER);
      expectProblem(await t.http().get(`/api/v1/enrollments/${id}/lessons/l99`).set('Authorization', learner), 404, 'delivery.lessonNotFound');
      expectProblem(await t.http().get(`/api/v1/enrollments/${id}/lessons/l1`).set('Authorization', other), 404, 'delivery.enrollmentNotFound');
    });
  });

  describe('progress', () => {
    it('adds up time, keeps the last position and the furthest percent, and completes by the kind’s rule', async () => {
      const id = await enroll();
      const res = await progress(id, [
        ev('l1', { secondsSpent: 30 }),
        ev('l2', { secondsSpent: 60, position: 120.25, percent: 50, completed: true }),
        ev('l2', { secondsSpent: 60, position: 90, percent: 40 }),
        ev('l4', { secondsSpent: 5, completed: true }),
      ]).expect(200);
      expect(res.body).toMatchObject({ applied: 4, duplicates: 0, newlyCompleted: [] });
      const l2 = res.body.lessons.find((l: { lessonId: string }) => l.lessonId === 'l2');
      expect(l2).toMatchObject({ completed: false, percent: 50, position: 90, secondsSpent: 120 });
      expect(res.body.lessons.find((l: { lessonId: string }) => l.lessonId === 'l4')).toMatchObject({ completed: false, secondsSpent: 5 });
      expect(await outboxOf(id)).toBe(0);

      const done = await progress(id, [ev('l1', { completed: true }), ev('l2', { percent: 80.9 })]).expect(200);
      expect(done.body.newlyCompleted.sort()).toEqual(['l1', 'l2']);
      expect(done.body.lessons.map((l: { completed: boolean }) => l.completed)).toEqual([true, true]);
      expect(await outboxOf(id)).toBe(1);
      await progress(id, [ev('l1', { completed: true, secondsSpent: 1 })]).expect(200);
      expect(await outboxOf(id)).toBe(1);

      const [row] = await t.db.query(`SELECT last_activity_at FROM enrollment WHERE id = $1`, [id]);
      expect(row.last_activity_at).not.toBeNull();
      const content = await t.http().get(`/api/v1/enrollments/${id}/content`).set('Authorization', learner).expect(200);
      expect(content.body.resume.lessonId).toBe('l4');
    });

    it('applies a replayed or concurrently repeated event once', async () => {
      const id = await enroll();
      const batch = [ev('l1', { secondsSpent: 100 }), ev('l2', { secondsSpent: 10, percent: 10 })];
      const results = await Promise.all([progress(id, batch), progress(id, batch), progress(id, [...batch, batch[0]])]);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(results.reduce((n, r) => n + r.body.applied, 0)).toBe(2);
      const replay = await progress(id, batch).expect(200);
      expect(replay.body).toMatchObject({ applied: 0, duplicates: 2 });
      expect(replay.body.lessons.find((l: { lessonId: string }) => l.lessonId === 'l1').secondsSpent).toBe(100);
    });

    it('refuses the whole batch for a lesson outside the pinned version, a closed enrollment, other learners and bad values', async () => {
      const id = await enroll();
      const first = ev('l1', { secondsSpent: 10 });
      const res = await progress(id, [first, ev('l1'), ev('l999'), ev('l4')]);
      expectProblem(res, 422, 'delivery.lessonNotInCourse');
      expect(fieldRules(res)).toEqual(['events.2.lessonId:lessonNotInCourse']);
      expect(await t.db.query(`SELECT 1 FROM progress_event WHERE id = $1`, [first.id])).toEqual([]);
      expect(await t.db.query(`SELECT 1 FROM lesson_progress WHERE enrollment_id = $1`, [id])).toEqual([]);

      expectProblem(await progress(await enroll('withdrawn'), [ev('l1')]), 409, 'delivery.enrollmentNotActive');
      expectProblem(await progress(await enroll('completed'), [ev('l1')]), 409, 'delivery.enrollmentNotActive');
      expectProblem(await progress(id, [ev('l1')], other), 404, 'delivery.enrollmentNotFound');
      const bad = await progress(id, [ev('l1', { secondsSpent: 3601 }), ev('l1', { percent: 101 }), { id: 'x', lessonId: 'l1' }, ev('l1', { completed: 'yes' }), ev('l1', { position: -1 })]);
      expectProblem(bad, 400, 'request.validation');
      expect(fieldRules(bad)).toEqual(['events.0.secondsSpent:max', 'events.1.percent:max', 'events.2.id:isUuid', 'events.3.completed:isBoolean', 'events.4.position:min']);
      expect(fieldRules(await progress(id, Array.from({ length: 201 }, () => ev('l1'))))).toEqual(['events:arrayMaxSize']);
      expect(fieldRules(await progress(id, []))).toEqual(['events:arrayMinSize']);
      expect(await t.db.query(`SELECT 1 FROM lesson_progress WHERE enrollment_id = $1`, [id])).toEqual([]);
    });
  });

  describe('quiz attempts', () => {
    const start = (id: string, lessonId = 'l4', auth = learner) => t.http().post(`/api/v1/enrollments/${id}/quizzes/${lessonId}/attempts`).set('Authorization', auth);
    const answer = (attemptId: string, answers: object, auth = learner) => t.http().put(`/api/v1/attempts/${attemptId}/answers`).set('Authorization', auth).send({ answers });
    const submit = (attemptId: string, auth = learner) => t.http().post(`/api/v1/attempts/${attemptId}/submit`).set('Authorization', auth);
    const settled = (attemptId: string) =>
      eventually(async () => {
        const res = await t.http().get(`/api/v1/attempts/${attemptId}`).set('Authorization', learner).expect(200);
        return ['graded', 'awaiting_review'].includes(res.body.status) ? res.body : undefined;
      }, `attempt ${attemptId} graded`);

    it('starts with drawn questions and no answer keys, takes answers, and is graded by the worker; the passed quiz completes its lesson', async () => {
      const id = await enroll();
      const started = await start(id).expect(201);
      expect(started.body).toMatchObject({ number: 1, status: 'in_progress', result: null, answers: {} });
      expect(started.body.questions.map((q: { id: string }) => q.id).sort()).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
      const minutes = (new Date(started.body.deadlineAt).getTime() - new Date(started.body.startedAt).getTime()) / 60_000;
      expect(minutes).toBe(30);
      for (const secret of ['correct', 'acceptedAnswers', 'numericAnswer', SECRET_ANSWER, SECRET_FEEDBACK, String(SECRET_NUMBER)]) expect(started.text).not.toContain(secret);
      expectProblem(await start(id), 409, 'attempt.alreadyOpen');

      const attemptId = started.body.id;
      await answer(attemptId, { q1: 'o2', q2: ['a'] }).expect(200);
      const saved = await answer(attemptId, { ...BEST_ANSWERS, q2: null }).expect(200);
      expect(saved.body.answers).toEqual({ q1: 'o1', q3: 't', q4: BEST_ANSWERS.q4, q5: BEST_ANSWERS.q5 });
      await answer(attemptId, { q2: BEST_ANSWERS.q2 }).expect(200);

      const [first, again] = await Promise.all([submit(attemptId), submit(attemptId)]);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(first.body.closedAtDeadline).toBe(false);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE name = 'attempt.submitted' AND payload->>'attemptId' = $1`, [attemptId]))[0].n).toBe(1);
      expectProblem(await answer(attemptId, { q1: 'o2' }), 409, 'attempt.notOpen');

      const graded = await settled(attemptId);
      expect(graded.status).toBe('graded');
      expect(graded.result).toMatchObject({ scorePoints: 6, maxPoints: 6, scorePercent: 100, passed: true });
      const q1 = graded.result.questions.find((q: { questionId: string }) => q.questionId === 'q1');
      expect(q1).toMatchObject({ outcome: 'correct', earned: 1, chosenOptions: [{ id: 'o1', correct: true, feedback: SECRET_FEEDBACK }] });
      const [lesson] = await t.db.query(`SELECT completed_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = 'l4'`, [id]);
      expect(lesson.completed_at).not.toBeNull();
      expectProblem(await start(id), 409, 'attempt.alreadyPassed');
    });

    it('grades partly right answers, counts attempts, and refuses once they are used up', async () => {
      // A practice quiz here (optional, unweighted): a graded one failed for good would fail the whole enrollment first.
      const doc = deliveryCourse(a, { grading: { passMark: 60, weights: [{ lessonId: 'l6', weight: 1 }], attemptsAllowed: 3 } });
      doc.modules[1].lessons[0].required = false;
      const id = await insertActiveEnrollment(t.db, a, await insertPublishedCourse(t.db, a.id, doc));
      for (const n of [1, 2]) {
        const started = await start(id).expect(201);
        expect(started.body.number).toBe(n);
        await answer(started.body.id, { q1: 'o2', q2: ['a', 'c'], q4: 'salah', q5: SECRET_NUMBER + 1 }).expect(200);
        await submit(started.body.id).expect(200);
        const graded = await settled(started.body.id);
        expect(graded.result).toMatchObject({ scorePoints: 0, maxPoints: 6, scorePercent: 0, passed: false });
        expect(graded.result.questions.map((q: { outcome: string }) => q.outcome)).toEqual(expect.arrayContaining(['incorrect', 'unanswered']));
      }
      expectProblem(await start(id), 409, 'attempt.noneLeft');
    });

    it('allows one of two concurrent starts', async () => {
      const id = await enroll();
      const results = await Promise.all([start(id), start(id), start(id)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM quiz_attempt WHERE enrollment_id = $1`, [id]))[0].n).toBe(1);
    });

    it('refuses answers to questions outside the attempt or of the wrong shape, saving none of the batch', async () => {
      const id = await enroll();
      const { body } = await start(id).expect(201);
      const res = await answer(body.id, { q1: 'o1', zz: 'x', q2: 'a', q3: true, q5: '7', q6: 'uraian', q4: 'x'.repeat(1001), 'q1"': 1 });
      expectProblem(res, 400, 'request.validation');
      expect(fieldRules(res).sort()).toEqual(['answers.q1":notInAttempt', 'answers.q2:answerShape', 'answers.q3:answerShape', 'answers.q4:answerShape', 'answers.q5:answerShape', 'answers.q6:notInAttempt', 'answers.zz:notInAttempt']);
      expect(fieldRules(await answer(body.id, { q1: 'o9' }))).toEqual(['answers.q1:unknownOption']);
      const [row] = await t.db.query(`SELECT answers FROM quiz_attempt WHERE id = $1`, [body.id]);
      expect(row.answers).toEqual({});
      expectProblem(await start(id, 'l1'), 404, 'delivery.quizNotFound');
      expectProblem(await start(id, 'l404'), 404, 'delivery.quizNotFound');
    });

    it('closes an attempt past its time at the deadline with the answers saved in time, refusing later answers', async () => {
      const id = await enroll();
      const { body } = await start(id).expect(201);
      await answer(body.id, { q1: 'o1', q3: 't' }).expect(200);
      await t.db.query(`UPDATE quiz_attempt SET deadline_at = now() - interval '10 seconds' WHERE id = $1`, [body.id]);
      const late = await answer(body.id, { q2: BEST_ANSWERS.q2 });
      expectProblem(late, 409, 'attempt.timeUp');
      const submitted = await submit(body.id).expect(200);
      expect(submitted.body).toMatchObject({ closedAtDeadline: true, answers: { q1: 'o1', q3: 't' } });
      const [row] = await t.db.query(`SELECT submitted_at = deadline_at AS at_deadline FROM quiz_attempt WHERE id = $1`, [body.id]);
      expect(row.at_deadline).toBe(true);
      const graded = await settled(body.id);
      expect(graded.result).toMatchObject({ scorePoints: 2, maxPoints: 6, scorePercent: 33.3, passed: false });
    });

    it('closes an abandoned attempt when its learner comes back, and starts the next one', async () => {
      const id = await enroll();
      const { body } = await start(id).expect(201);
      await t.db.query(`UPDATE quiz_attempt SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [body.id]);
      const next = await start(id).expect(201);
      expect(next.body.number).toBe(2);
      expect((await t.http().get(`/api/v1/attempts/${body.id}`).set('Authorization', learner).expect(200)).body.closedAtDeadline).toBe(true);
    });

    it('leaves an essay to a person with the automatic part scored', async () => {
      const id = await enroll();
      const { body } = await start(id, 'l5').expect(201);
      expect(body.deadlineAt).toBeNull();
      expect(body.questions.map((q: { id: string }) => q.id)).toEqual(['q1', 'q6']);
      await answer(body.id, { q1: 'o1', q6: 'Kami mencatat setiap pengaduan.' }).expect(200);
      await submit(body.id).expect(200);
      const review = await settled(body.id);
      expect(review).toMatchObject({ status: 'awaiting_review', result: { scorePoints: 1, maxPoints: 5, scorePercent: null, passed: null } });
      expect(review.result.questions[1]).toMatchObject({ questionId: 'q6', earned: null, outcome: 'pending_review' });
    });

    it('is the learner’s alone: others get 404 on every attempt route', async () => {
      const id = await enroll();
      const { body } = await start(id).expect(201);
      expectProblem(await start(id, 'l4', other), 404, 'delivery.enrollmentNotFound');
      expectProblem(await t.http().get(`/api/v1/attempts/${body.id}`).set('Authorization', other), 404, 'attempt.notFound');
      expectProblem(await answer(body.id, { q1: 'o1' }, other), 404, 'attempt.notFound');
      expectProblem(await submit(body.id, other), 404, 'attempt.notFound');
      const [row] = await t.db.query(`SELECT status, answers FROM quiz_attempt WHERE id = $1`, [body.id]);
      expect(row).toEqual({ status: 'in_progress', answers: {} });
    });
  });
});
