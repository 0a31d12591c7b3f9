import { randomUUID } from 'node:crypto';
import { insertCertificate, samplePdf } from './certification/certificates/certificate-fixtures';
import { eventually, insertActiveEnrollment, insertDeliveryCourse, insertOpenAttempt, BEST_ANSWERS } from './test-support/delivery-fixtures';
import { courseOf } from './test-support/enrollment-helpers';
import { portalSignIn, type PortalBrowser } from './test-support/portal-client';
import { bearer, createAgency, createSuperAdmin, startTestApp, type Agency, type TestApp } from './test-support/test-app';

/** A course of two required reading lessons and nothing graded: done when both are read. */
const textCourse = (agency: Agency, title: string) =>
  courseOf(t.db, agency, {
    title,
    grading: { passMark: 70, weights: [], attemptsAllowed: 3 },
    questionBank: [],
    modules: [
      {
        id: 'm1',
        title: 'Bacaan',
        lessons: [
          { id: 'r1', kind: 'text', title: 'Asas pelayanan', required: true, estimatedMinutes: 10, markdown: '## Asas\n\nKepastian hukum<script>alert(1)</script>' },
          { id: 'r2', kind: 'text', title: 'Maklumat', required: true, estimatedMinutes: 10, markdown: 'Maklumat pelayanan wajib dipublikasikan.' },
        ],
      },
    ],
  });

let t: TestApp;

describe('learner portal pages', () => {
  let a: Agency;
  let b: Agency;
  let learner: PortalBrowser;
  let deliveryCourseId: string;
  let enrollmentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await Promise.all([createAgency(t.db), createAgency(t.db)]);
    learner = await portalSignIn(t, a.people.learner.email);
    deliveryCourseId = await insertDeliveryCourse(t.db, a);
    enrollmentId = await insertActiveEnrollment(t.db, a, deliveryCourseId);
  });
  afterAll(() => t.app.close());

  it('renders every learner page for a learner, in Indonesian by default', async () => {
    const home = await learner.page('/');
    expect(home).toContain('<h1>Beranda</h1>');
    expect(home).toContain('JP tahun');
    expect(home).toContain(`/learn/${enrollmentId}`);
    expect(await learner.page('/catalog')).toContain('Katalog kursus');
    expect(await learner.page(`/catalog/${deliveryCourseId}`)).toContain('Silabus');
    const outline = await learner.page(`/learn/${enrollmentId}`);
    expect(outline).toContain(`/learn/${enrollmentId}/lessons/l4`);
    const text = await learner.page(`/learn/${enrollmentId}/lessons/l1`);
    expect(text).toContain('UU 25/2009');
    expect(text).not.toContain('<script>alert');
    expect(text).toContain('Tandai selesai');
    const video = await learner.page(`/learn/${enrollmentId}/lessons/l2`);
    expect(video).toMatch(/<video [^>]*data-progress="\/learn\/[^"]+\/progress"/);
    expect(video).toMatch(/<script src="\/assets\/[0-9a-f]+\/learner\.js" defer>/);
    expect(await learner.page(`/learn/${enrollmentId}/lessons/l3`)).toContain(`/learn/${enrollmentId}/lessons/l3/media`);
    expect(await learner.page(`/learn/${enrollmentId}/lessons/l4`)).toContain('Mulai percobaan');
    expect(await learner.page(`/learn/${enrollmentId}/lessons/l6`)).toContain('enctype="multipart/form-data"');
    expect(await learner.page('/me/competencies')).toContain('Kompetensi saya');
    expect(await learner.page('/me/ledger')).toContain('Riwayat kompetensi');
    expect(await learner.page('/me/certificates')).toContain('Sertifikat saya');
    expect(await learner.page('/notifications')).toContain('Notifikasi');
    // Every page stays light: no inline scripts, well under 100 KB.
    expect(home.length).toBeLessThan(100_000);
    expect(home).not.toMatch(/<script>(?!<)/);
  });

  it('shows the pages in English after the language switch', async () => {
    const english = await portalSignIn(t, a.people.learner.nip);
    await english.agent.get('/lang/en?next=/').expect(303);
    expect(await english.page('/')).toContain('What to do next');
    expect(await english.page('/catalog')).toContain('Course catalog');
  });

  it('refuses the learner pages to a login without an employee (403), but gives it a home page', async () => {
    const superAdmin = await createSuperAdmin(t.db);
    const admin = await portalSignIn(t, superAdmin.email);
    expect(await admin.page('/')).toContain('tidak terhubung dengan data pegawai');
    for (const path of ['/catalog', `/catalog/${deliveryCourseId}`, `/learn/${enrollmentId}`, '/me/competencies', '/me/ledger', '/me/certificates', '/notifications']) {
      const res = await admin.agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });

  it('leaves the JSON API of the same paths under /api/v1', async () => {
    const auth = await bearer(t, a.people.learner.email);
    const catalog = await t.http().get('/api/v1/catalog').set('Authorization', auth).expect(200);
    expect(catalog.headers['content-type']).toMatch(/json/);
    await t.http().get(`/api/v1/catalog/${deliveryCourseId}`).set('Authorization', auth).expect(200);
    await t.http().get('/api/v1/me/certificates').set('Authorization', auth).expect(200);
    expect((await learner.agent.get('/catalog').expect(200)).headers['content-type']).toMatch(/html/);
  });

  it('sends a visitor without a session to the login form', async () => {
    const res = await t.http().get('/me/competencies').expect(303);
    expect(res.headers['location']).toBe('/login?next=%2Fme%2Fcompetencies');
  });

  it('answers 404 for another agency’s course, enrollment, attempt, certificate and notification, and for ids that are no ids', async () => {
    const foreignCourse = await insertDeliveryCourse(t.db, b);
    const foreignEnrollment = await insertActiveEnrollment(t.db, b, foreignCourse);
    const foreignAttempt = await insertOpenAttempt(t.db, b, foreignEnrollment);
    const foreignCertificate = await insertCertificate(t, b.id, b.people.learner.employeeId, b.competencyId);
    const [note] = await t.db.query(
      `INSERT INTO notification (tenant_id, employee_id, kind, dedupe_key, locale, title, body) VALUES ($1, $2, 'reminder.due', $3, 'id', 'Asing', 'Isi') RETURNING id`,
      [b.id, b.people.learner.employeeId, randomUUID()],
    );
    for (const path of [
      `/catalog/${foreignCourse}`,
      `/learn/${foreignEnrollment}`,
      `/learn/${foreignEnrollment}/lessons/l1`,
      `/learn/${enrollmentId}/attempts/${foreignAttempt}`,
      `/me/certificates/${foreignCertificate.id}/download`,
      `/learn/${enrollmentId}/lessons/nope`,
      '/learn/not-a-uuid',
      '/catalog/123',
    ]) {
      const res = await learner.agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).toContain('<html');
    }
    await learner.post(`/notifications/${note.id}/read`).expect(404);
    await learner.post(`/learn/${foreignEnrollment}/lessons/l1/complete`).expect(404);
    expect((await t.db.query(`SELECT read_at FROM notification WHERE id = $1`, [note.id]))[0].read_at).toBeNull();
    expect(await t.db.query(`SELECT 1 FROM lesson_progress WHERE enrollment_id = $1`, [foreignEnrollment])).toEqual([]);
  });

  it('walks a text course: find it, enroll, read both lessons, and the worker completes the enrollment', async () => {
    const title = `Etika Pelayanan ${randomUUID().slice(0, 6)}`;
    const courseId = await textCourse(a, title);
    const found = await learner.page(`/catalog?q=${encodeURIComponent(title)}`);
    expect(found).toContain(`href="/catalog/${courseId}"`);

    const course = await learner.page(`/catalog/${courseId}`);
    expect(course).toContain('Daftar dan mulai belajar');
    const enrolled = await learner.post(`/catalog/${courseId}/enroll`).expect(303);
    const [enrollment] = await t.db.query(`SELECT id, status, course_version FROM enrollment WHERE course_id = $1 AND employee_id = $2`, [courseId, a.people.learner.employeeId]);
    expect(enrollment).toMatchObject({ status: 'active', course_version: 1 });
    expect(enrolled.headers['location']).toBe(`/learn/${enrollment.id}`);
    const outline = await learner.page(`/learn/${enrollment.id}`);
    expect(outline).toContain('Anda terdaftar. Selamat belajar!');
    expect(await learner.page(`/catalog/${courseId}`)).toContain('Anda terdaftar');

    const first = await learner.page(`/learn/${enrollment.id}/lessons/r1`);
    expect(first).toContain('Kepastian hukum');
    expect(first).not.toContain('<script>alert');
    const done1 = await learner.post(`/learn/${enrollment.id}/lessons/r1/complete`).expect(303);
    expect(done1.headers['location']).toBe(`/learn/${enrollment.id}/lessons/r2`);
    expect(await learner.page(`/learn/${enrollment.id}/lessons/r2`)).toContain('Pelajaran ditandai selesai.');
    await learner.post(`/learn/${enrollment.id}/lessons/r2/complete`).expect(303);

    await eventually(async () => {
      const [row] = await t.db.query(`SELECT status FROM enrollment WHERE id = $1`, [enrollment.id]);
      return row.status === 'completed' ? true : undefined;
    }, 'the enrollment completed');
    expect(await learner.page(`/learn/${enrollment.id}`)).toContain('badge ok">Selesai');
    expect(await learner.page(`/catalog/${courseId}`)).toContain('Anda sudah menyelesaikan kursus ini');
  });

  it('asks for approval where the course needs it, and shows the request as pending', async () => {
    const courseId = await courseOf(t.db, a, { enrollmentPolicy: 'approval' });
    expect(await learner.page(`/catalog/${courseId}`)).toContain('Ajukan pendaftaran');
    const res = await learner.post(`/catalog/${courseId}/enroll`).expect(303);
    expect(res.headers['location']).toBe(`/catalog/${courseId}`);
    const [row] = await t.db.query(`SELECT status FROM enrollment WHERE course_id = $1`, [courseId]);
    expect(row.status).toBe('requested');
    const page = await learner.page(`/catalog/${courseId}`);
    expect(page).toContain('Pengajuan menunggu persetujuan');
    expect(page).not.toContain('Ajukan pendaftaran');
  });

  it('tells why an enrollment is refused on the course page, and enrolls nothing', async () => {
    const prerequisite = await courseOf(t.db, a, { title: 'Dasar-Dasar ASN' });
    const courseId = await courseOf(t.db, a, { prerequisites: [prerequisite] });
    const res = await learner.post(`/catalog/${courseId}/enroll`).expect(409);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('Dasar-Dasar ASN');
    expect(await t.db.query(`SELECT 1 FROM enrollment WHERE course_id = $1`, [courseId])).toEqual([]);
  });

  it('searches and filters the catalog with pages, and shows a bad filter next to its field with the values kept', async () => {
    const tag = `Arsip${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 22; i++) await courseOf(t.db, a, { title: `${tag} kursus ${i}`, jpMinutes: 90 });
    const first = await learner.page(`/catalog?q=${tag}&language=id`);
    expect(first).toContain('22 kursus ditemukan');
    expect(first).toContain('Halaman 1 dari 2');
    expect(first.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')).toContain(`rel="next" href="/catalog?q=${tag}&language=id&page=2"`);
    expect(await learner.page(`/catalog?q=${tag}&language=id&page=2`)).toContain('Halaman 2 dari 2');
    expect(await learner.page(`/catalog?q=${tag}&minJp=3`)).toContain('0 kursus ditemukan');

    const bad = await learner.agent.get(`/catalog?q=${tag}&minJp=5&maxJp=2`).expect(400);
    expect(bad.text).toMatch(/id="f-maxJp-error"/);
    expect(bad.text).toContain(`value="${tag}"`);
    expect(bad.text).toMatch(/id="f-minJp"[^>]*value="5"/);
  });

  it('records video progress posted as JSON by learner.js, and resumes there', async () => {
    const res = await learner.agent
      .post(`/learn/${enrollmentId}/progress`)
      .set('X-CSRF-Token', learner.csrf)
      .send({ events: [{ id: randomUUID(), lessonId: 'l2', position: 95.5, percent: 85, secondsSpent: 60 }] })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/json/);
    const [row] = await t.db.query(`SELECT percent, position, completed_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = 'l2'`, [enrollmentId]);
    expect(Number(row.percent)).toBe(85);
    expect(Number(row.position)).toBe(95.5);
    expect(row.completed_at).not.toBeNull();
    expect(await learner.page(`/learn/${enrollmentId}/lessons/l2`)).toContain('data-position="95.5"');
    await learner.agent.post(`/learn/${enrollmentId}/progress`).send({ events: [{ id: randomUUID(), lessonId: 'l2', percent: 90 }] }).expect(403);
  });

  it('opens a document through a fresh presigned link', async () => {
    const res = await learner.agent.get(`/learn/${enrollmentId}/lessons/l3/media`).expect(302);
    expect(res.headers['location']).toMatch(/X-Amz-Signature=/);
    expect(res.headers['location']).toContain('materi.pdf');
  });

  it('runs a quiz: start, timer, answers kept on a bad number, submit, and the graded result', async () => {
    const own = await insertActiveEnrollment(t.db, a, await insertDeliveryCourse(t.db, a));
    const started = await learner.post(`/learn/${own}/lessons/l4/attempts`).expect(303);
    const [attempt] = await t.db.query(`SELECT id FROM quiz_attempt WHERE enrollment_id = $1`, [own]);
    expect(started.headers['location']).toBe(`/learn/${own}/attempts/${attempt.id}`);
    const form = await learner.page(started.headers['location']);
    expect(form).toMatch(/data-deadline="[^"]+" data-submit="quiz-form"/);
    expect(form).toContain('id="quiz-form"');
    // Starting again continues the open attempt.
    expect((await learner.post(`/learn/${own}/lessons/l4/attempts`).expect(303)).headers['location']).toBe(started.headers['location']);

    const bad = await learner.post(started.headers['location'], { 'answers.q1': 'o2', 'answers.q4': 'kata kunci saya', 'answers.q5': 'tujuh ribu', action: 'save' }).expect(400);
    const q5 = /<fieldset class="question invalid"[^>]*aria-describedby="(q-\d)-error"/.exec(bad.text)?.[1];
    expect(q5).toBeDefined();
    expect(bad.text).toContain(`id="${q5}-error"`);
    expect(bad.text).toContain('value="tujuh ribu"');
    expect(bad.text).toContain('value="kata kunci saya"');
    expect(bad.text).toMatch(/value="o2" checked/);
    expect((await t.db.query(`SELECT answers FROM quiz_attempt WHERE id = $1`, [attempt.id]))[0].answers).toEqual({});

    const saved = await learner.post(started.headers['location'], { 'answers.q1': 'o2', action: 'save' }).expect(303);
    expect(saved.headers['location']).toBe(started.headers['location']);
    expect((await t.db.query(`SELECT answers FROM quiz_attempt WHERE id = $1`, [attempt.id]))[0].answers).toEqual({ q1: 'o2' });

    // The timer's automatic submit posts the form without a button: that submits.
    await learner
      .post(started.headers['location'], { 'answers.q1': BEST_ANSWERS.q1, 'answers.q2': BEST_ANSWERS.q2, 'answers.q3': BEST_ANSWERS.q3, 'answers.q4': BEST_ANSWERS.q4, 'answers.q5': String(BEST_ANSWERS.q5) })
      .expect(303);
    const [submitted] = await t.db.query(`SELECT status, answers FROM quiz_attempt WHERE id = $1`, [attempt.id]);
    expect(submitted.status).not.toBe('in_progress');
    expect(submitted.answers).toMatchObject({ q1: 'o1', q3: 't', q5: BEST_ANSWERS.q5 });
    expect([...submitted.answers.q2].sort()).toEqual(['a', 'b']);

    await eventually(async () => {
      const [row] = await t.db.query(`SELECT status FROM quiz_attempt WHERE id = $1`, [attempt.id]);
      return row.status === 'graded' ? true : undefined;
    }, 'the attempt graded');
    const result = await learner.page(started.headers['location']);
    expect(result).toContain('6 dari 6 poin');
    expect(result).toContain('badge ok">Lulus');
    expect(await learner.page(`/learn/${own}/lessons/l4`)).toContain('Percobaan 1');
  });

  it('hands in an assignment through the portal and shows a refused file next to the field', async () => {
    const own = await insertActiveEnrollment(t.db, a, await insertDeliveryCourse(t.db, a));
    const upload = (file: Buffer, name: string, type: string) =>
      learner.agent.post(`/learn/${own}/lessons/l6/submissions`).set('X-CSRF-Token', learner.csrf).attach('file', file, { filename: name, contentType: type });

    const refused = await upload(Buffer.from('bukan dokumen'), 'catatan.txt', 'text/plain').expect(415);
    expect(refused.text).toMatch(/id="f-file-error"/);
    expect(refused.text).toMatch(/id="f-file"[^>]*aria-invalid="true"/);
    expect(await t.db.query(`SELECT 1 FROM assignment_submission WHERE enrollment_id = $1 AND status = 'submitted'`, [own])).toEqual([]);
    await learner.agent.post(`/learn/${own}/lessons/l6/submissions`).attach('file', samplePdf(), { filename: 'x.pdf', contentType: 'application/pdf' }).expect(403);

    // Without script: the form's own action carries the token (multipart fields are read after the guard).
    const action = /action="([^"]+\/submissions\?_csrf=[^"]+)"/.exec(await learner.page(`/learn/${own}/lessons/l6`))?.[1];
    expect(action).toBeDefined();
    const sent = await learner.agent.post(action!).attach('file', samplePdf(), { filename: 'standar-pelayanan.pdf', contentType: 'application/pdf' }).expect(303);
    expect(sent.headers['location']).toBe(`/learn/${own}/lessons/l6`);
    const [row] = await t.db.query(`SELECT status, number, file_name, content_type FROM assignment_submission WHERE enrollment_id = $1 AND status = 'submitted'`, [own]);
    expect(row).toEqual({ status: 'submitted', number: 1, file_name: 'standar-pelayanan.pdf', content_type: 'application/pdf' });
    const page = await learner.page(`/learn/${own}/lessons/l6`);
    expect(page).toContain('standar-pelayanan.pdf');
    expect(page).toContain('Kiriman Anda sedang menunggu penilaian.');
    expect(page).not.toContain('enctype="multipart/form-data"');
  });

  it('draws held against required competencies as an SVG chart with a table, and lists the ledger', async () => {
    const person = a.people.grader;
    await t.db.query(`INSERT INTO position_standard (tenant_id, position_id, competency_id, required_level, updated_by) VALUES ($1, $2, $3, 3, $4)`, [
      a.id, a.positions.staff, a.competencyId, a.people.tenant_admin.userId,
    ]);
    const supervisor = await bearer(t, a.people.tenant_admin.email);
    await t
      .http()
      .post(`/api/v1/employees/${person.employeeId}/ledger`)
      .set('Authorization', supervisor)
      .send({ competencyId: a.competencyId, level: 2, source: 'assessment', sourceRef: 'AC-2026/0007', occurredAt: '2026-03-01T09:00:00+07:00' })
      .expect(201);
    const grader = await portalSignIn(t, person.email);
    const page = await grader.page('/me/competencies');
    expect(page).toMatch(/<svg [^>]*role="img"[^>]*>\s*<title id="chart-title">/);
    expect(page).toContain('TK.UJI Kompetensi Teknis Uji: dimiliki level 2, dipersyaratkan level 3');
    expect(page).toMatch(/<th scope="row">TK.UJI Kompetensi Teknis Uji<\/th>\s*<td>2<\/td>\s*<td>3<\/td>/);
    const ledger = await grader.page('/me/ledger');
    expect(ledger).toContain('AC-2026/0007');
    expect(ledger).toContain('Asesmen');
  });

  it('lists certificates and downloads one through a presigned link', async () => {
    const holder = a.people.supervisor;
    const certificate = await insertCertificate(t, a.id, holder.employeeId, a.competencyId);
    const pending = await insertCertificate(t, a.id, holder.employeeId, a.competencyId, { status: 'pending' });
    const browser = await portalSignIn(t, holder.email);
    const list = await browser.page('/me/certificates');
    expect(list).toContain(certificate.number);
    expect(list).toContain(`/me/certificates/${certificate.id}/download`);
    expect(list).not.toContain(`/me/certificates/${pending.id}/download`);
    const res = await browser.agent.get(`/me/certificates/${certificate.id}/download`).expect(303);
    expect(res.headers['location']).toMatch(/X-Amz-Signature=/);
    const notReady = await browser.agent.get(`/me/certificates/${pending.id}/download`).expect(303);
    expect(notReady.headers['location']).toBe('/me/certificates');
    expect(await browser.page('/me/certificates')).toContain('Sertifikat ini sedang dibuat');
  });

  it('marks one notification and then all as read', async () => {
    const person = a.people.training_admin;
    const ids: string[] = [];
    for (const title of ['Pengingat satu', 'Pengingat dua', 'Pengingat tiga']) {
      const [row] = await t.db.query(
        `INSERT INTO notification (tenant_id, employee_id, kind, dedupe_key, locale, title, body, data) VALUES ($1, $2, 'reminder.due', $3, 'id', $4, 'Isi', $5) RETURNING id`,
        [a.id, person.employeeId, randomUUID(), title, JSON.stringify({ enrollmentId })],
      );
      ids.push(row.id);
    }
    const browser = await portalSignIn(t, person.email);
    const list = await browser.page('/notifications');
    expect(list).toContain('3 belum dibaca');
    expect(list).toContain(`href="/learn/${enrollmentId}"`);
    const one = await browser.post(`/notifications/${ids[0]}/read`, { next: '/notifications?unread=true' }).expect(303);
    expect(one.headers['location']).toBe('/notifications?unread=true');
    expect((await t.db.query(`SELECT read_at FROM notification WHERE id = $1`, [ids[0]]))[0].read_at).not.toBeNull();
    const unread = await browser.page('/notifications?unread=true');
    expect(unread).toContain('2 belum dibaca');
    expect(unread).not.toContain('Pengingat satu');
    await browser.post('/notifications/read-all').expect(303);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE employee_id = $1 AND read_at IS NULL`, [person.employeeId]))[0].n).toBe(0);
    expect(await browser.page('/notifications')).toContain('2 notifikasi ditandai sudah dibaca.');
  });
});
