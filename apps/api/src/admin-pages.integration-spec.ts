import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { QUEUES } from '@mahir/jobs';
import { eventually } from './test-support/delivery-fixtures';
import { insertGradingItem } from './test-support/grading-fixtures';
import { portalSignIn, type PortalBrowser } from './test-support/portal-client';
import { createAgency, startTestApp, type Agency, type TestApp } from './test-support/test-app';

const GOOD_HTML = '<div class="page">\n<h1>SERTIFIKAT</h1>\n<p class="holder">{{holderName}}</p>\n<p>{{number}}</p>\n</div>';

/** The admin area of the portal: grading, certificate templates, reports and queues, driven like a browser. */
describe('portal admin pages', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let grader: PortalBrowser;
  let trainer: PortalBrowser;
  let learner: PortalBrowser;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    other = await createAgency(t.db);
    [grader, trainer, learner] = await Promise.all([
      portalSignIn(t, agency.people.grader.email),
      portalSignIn(t, agency.people.training_admin.email),
      portalSignIn(t, agency.people.learner.email),
    ]);
  });
  afterAll(() => t.app.close());

  it('refuses every admin page to a learner', async () => {
    for (const path of ['/admin/grading', '/admin/certificate-templates', '/admin/certificate-templates/new', '/admin/reports', '/admin/queues', '/admin/reports/export/gap-heatmap']) {
      const res = await learner.agent.get(path).expect(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('Anda tidak memiliki akses ke halaman ini.');
    }
    await trainer.agent.get('/admin/grading').expect(200);
    // Retry and discard are agency admins' (as in the JSON API); a training admin may only look.
    await trainer.post(`/admin/queues/jobs/${randomUUID()}/discard`).expect(403);
  });

  describe('grading', () => {
    it('lists the waiting essay, refuses a score above the maximum next to the field, then saves the grade', async () => {
      const { courseId, itemId } = await insertGradingItem(t.db, agency);
      const inbox = await grader.page(`/admin/grading?courseId=${courseId}`);
      expect(inbox).toContain(`href="/admin/grading/${itemId}"`);
      expect(inbox).toMatch(/<option value="[^"]+" selected>/);
      expect(await grader.page(`/admin/grading?courseId=${courseId}&minAgeHours=168`)).not.toContain(itemId);
      // A bad filter is shown next to its field, not a crash.
      expect((await grader.agent.get('/admin/grading?courseId=nope').expect(400)).text).toMatch(/id="f-courseId-error"/);

      const page = await grader.page(`/admin/grading/${itemId}`);
      expect(page).toContain('Jelaskan pengelolaan pengaduan.');
      expect(page).toContain('Pengaduan dicatat dan ditindaklanjuti.');
      expect(page).toContain('name="revision" value="0"');

      const above = await grader.post(`/admin/grading/${itemId}`, { revision: '0', points: '4,5', feedback: 'Umpan balik yang saya tulis.' }).expect(422);
      expect(above.text).toMatch(/id="f-points-error"[^>]*>[^<]*maksimum soal \(4\)/);
      expect(above.text).toContain('value="4,5"');
      expect(above.text).toContain('Umpan balik yang saya tulis.');
      const [still] = await t.db.query(`SELECT status, revision FROM grading_item WHERE id = $1`, [itemId]);
      expect(still).toEqual({ status: 'pending', revision: 0 });

      const saved = await grader.post(`/admin/grading/${itemId}`, { revision: '0', points: '3,5', feedback: 'Lengkap, kurang contoh.' }).expect(303);
      expect(saved.headers['location']).toBe('/admin/grading');
      const [row] = await t.db.query(`SELECT status, points, feedback, revision, graded_by FROM grading_item WHERE id = $1`, [itemId]);
      expect(row).toEqual({ status: 'graded', points: '3.50', feedback: 'Lengkap, kurang contoh.', revision: 1, graded_by: agency.people.grader.userId });
      expect(await grader.page('/admin/grading')).toContain('tersimpan');

      // A second grader still holding revision 0: 409, their typing kept, and the grade now current shown.
      const late = await trainer.post(`/admin/grading/${itemId}`, { revision: '0', points: '2', feedback: 'Penilaian kedua saya.' }).expect(409);
      expect(late.text).toContain('sudah dinilai orang lain');
      expect(late.text).toContain('Penilaian kedua saya.');
      expect(late.text).toContain('name="revision" value="1"');
      expect(late.text).toContain('Lengkap, kurang contoh.');
      expect((await t.db.query(`SELECT points FROM grading_item WHERE id = $1`, [itemId]))[0].points).toBe('3.50');
    });

    it('grades by rubric levels when the question has a rubric', async () => {
      const { courseId, itemId } = await insertGradingItem(t.db, agency);
      const criteria = [
        { id: 'isi', title: 'Isi jawaban', levels: [{ id: 'kurang', title: 'Kurang', points: 0 }, { id: 'baik', title: 'Baik', points: 2 }] },
        { id: 'runtut', title: 'Keruntutan', levels: [{ id: 'kurang', title: 'Kurang', points: 0 }, { id: 'baik', title: 'Baik', points: 2 }] },
      ];
      await t.db.query(`INSERT INTO grading_rubric (tenant_id, course_id, question_id, criteria, max_points) VALUES ($1, $2, 'q6', $3, 4)`, [agency.id, courseId, JSON.stringify(criteria)]);
      const page = await grader.page(`/admin/grading/${itemId}`);
      expect(page).toContain('<legend>Isi jawaban</legend>');
      expect(page).toContain('name="level_runtut"');
      const missing = await grader.post(`/admin/grading/${itemId}`, { revision: '0', level_isi: 'baik' }).expect(422);
      expect(missing.text).toMatch(/id="f-rubric-error"/);
      expect(missing.text).toMatch(/name="level_isi" value="baik" checked/);
      await grader.post(`/admin/grading/${itemId}`, { revision: '0', level_isi: 'baik', level_runtut: 'kurang' }).expect(303);
      const [row] = await t.db.query(`SELECT points, rubric_selections FROM grading_item WHERE id = $1`, [itemId]);
      expect(row.points).toBe('2.00');
      expect(row.rubric_selections).toEqual([{ criterionId: 'isi', levelId: 'baik', points: 2 }, { criterionId: 'runtut', levelId: 'kurang', points: 0 }]);
    });

    it('answers another agency’s item with the 404 page', async () => {
      const { itemId } = await insertGradingItem(t.db, other);
      const res = await grader.agent.get(`/admin/grading/${itemId}`).expect(404);
      expect(res.text).toContain('Butir penilaian tidak ditemukan.');
      await grader.post(`/admin/grading/${itemId}`, { revision: '0', points: '1' }).expect(404);
      await grader.agent.get('/admin/grading/bukan-uuid').expect(404);
    });
  });

  describe('certificate templates', () => {
    it('refuses a template with a script, naming its line and keeping the text; saves a good one and previews it', async () => {
      expect(await trainer.page('/admin/certificate-templates/new')).toContain('name="html"');
      const bad = await trainer.post('/admin/certificate-templates', { name: 'Templat uji', orientation: 'landscape', html: '<div>\n<p>{{holderName}}</p>\n<script>alert(1)</script>\n</div>', css: '' }).expect(422);
      expect(bad.text).toContain('html baris 3: skrip tidak diizinkan.');
      expect(bad.text).toMatch(/id="f-html-error"/);
      expect(bad.text).toContain('value="Templat uji"');
      expect(bad.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(bad.text).not.toContain('<script>alert(1)</script>');
      expect(await t.db.query(`SELECT 1 FROM certificate_template WHERE tenant_id = $1`, [agency.id])).toEqual([]);

      const empty = await trainer.post('/admin/certificate-templates', { name: '', orientation: 'landscape', html: GOOD_HTML }).expect(400);
      expect(empty.text).toMatch(/id="f-name-error"/);

      const created = await trainer.post('/admin/certificate-templates', { name: 'Templat uji', orientation: 'portrait', html: GOOD_HTML, css: '.holder { font-size: 24pt; }' }).expect(303);
      const id = /\/admin\/certificate-templates\/([0-9a-f-]{36})$/.exec(created.headers['location'])![1];
      const [stored] = await t.db.query(`SELECT name, latest_version FROM certificate_template WHERE id = $1 AND tenant_id = $2`, [id, agency.id]);
      expect(stored).toEqual({ name: 'Templat uji', latest_version: 1 });

      const edit = await trainer.page(`/admin/certificate-templates/${id}`);
      expect(edit).toContain('Templat tersimpan sebagai versi 1.');
      expect(edit).toContain(`<iframe class="admin-preview" src="/admin/certificate-templates/${id}/preview"`);
      expect(await trainer.page('/admin/certificate-templates')).toContain(`href="/admin/certificate-templates/${id}"`);

      await trainer.post(`/admin/certificate-templates/${id}`, { name: 'Templat uji 2', orientation: 'landscape', html: GOOD_HTML.replace('SERTIFIKAT', 'PIAGAM'), css: '' }).expect(303);
      expect((await t.db.query(`SELECT latest_version FROM certificate_template WHERE id = $1`, [id]))[0].latest_version).toBe(2);
      const again = await trainer.post(`/admin/certificate-templates/${id}`, { name: 'Templat uji 2', orientation: 'landscape', html: '<p onclick="x()">a</p>', css: '' }).expect(422);
      expect(again.text).toContain('html baris 1:');
      expect((await t.db.query(`SELECT latest_version FROM certificate_template WHERE id = $1`, [id]))[0].latest_version).toBe(2);

      const preview = await trainer.agent.get(`/admin/certificate-templates/${id}/preview`).expect(200);
      expect(preview.text).toContain('PIAGAM');
      expect(preview.headers['content-security-policy']).toContain("default-src 'none'");
      expect(preview.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(preview.headers['content-security-policy']).not.toContain('script-src');

      const stranger = await portalSignIn(t, other.people.training_admin.email);
      await stranger.agent.get(`/admin/certificate-templates/${id}`).expect(404);
      await stranger.agent.get(`/admin/certificate-templates/${id}/preview`).expect(404);
      await stranger.post(`/admin/certificate-templates/${id}`, { name: 'x', orientation: 'landscape', html: GOOD_HTML }).expect(404);
    });
  });

  describe('reports', () => {
    it('draws the gap heatmap as SVG with a title per cell and a table, and exports the CSV files', async () => {
      await insertGradingItem(t.db, agency); // an active enrollment for the completion table
      const admin = await portalSignIn(t, agency.people.tenant_admin.email);
      const page = await trainer.page('/admin/reports');
      expect(page).toMatch(/<svg [^>]*role="img"/);
      expect(page).toMatch(/<rect [^>]*fill="#[0-9a-f]{6}"><title>BKPSDM Unit BKPSDM – M\.1 [^<]*: \d+(\.\d)?% di bawah standar \(\d+ dari \d+ pegawai\)<\/title><\/rect>/);
      expect(page).toContain('<th scope="row">BKPSDM <span class="muted">Unit BKPSDM</span></th>');
      expect(page).toContain('Kepatuhan JP');
      expect(page).toContain('Penyelesaian per kursus');
      expect(Buffer.byteLength(page)).toBeLessThan(100 * 1024);
      expect(await admin.page(`/admin/reports?unitId=${agency.units.other}`)).toContain('DISHUB');

      const heat = await trainer.agent.get('/admin/reports/export/gap-heatmap').expect(200);
      expect(heat.headers['content-type']).toMatch(/text\/csv/);
      expect(heat.headers['content-disposition']).toContain('kesenjangan-kompetensi.csv');
      expect(heat.text.split('\n')[0]).toBe('unit_code,competency_code,employees,below,share_below');
      expect(heat.text).toContain('BKPSDM,M.1,');
      const jp = await trainer.agent.get('/admin/reports/export/jp-compliance?year=2025').expect(200);
      expect(jp.headers['content-disposition']).toContain('kepatuhan-jp-2025.csv');
      expect(jp.text).toContain(agency.people.learner.nip);
      const completion = await trainer.agent.get('/admin/reports/export/course-completion').expect(200);
      expect(completion.text.split('\n')[0]).toBe('course_id,title,started,active,completed,failed,overdue,completion_rate');
      expect(completion.text.trim().split('\n').length).toBeGreaterThanOrEqual(2);

      const bad = await trainer.agent.get('/admin/reports?year=1800').expect(400);
      expect(bad.text).toMatch(/id="f-year-error"/);
      expect(bad.text).toContain('value="1800"');
      await trainer.agent.get(`/admin/reports?unitId=${other.units.child}`).expect(404);
      await trainer.agent.get('/admin/reports/export/nope').expect(404);
    });
  });

  describe('queues', () => {
    it('shows the counts to a training admin, and the agency’s failed job to its admin, who discards it', async () => {
      const page = await trainer.page('/admin/queues');
      for (const name of Object.values(QUEUES)) expect(page).toContain(`>${name}</a>`);
      expect(page).not.toContain('/discard"');

      const queue = new Queue(QUEUES.notifications, { connection: { url: process.env.REDIS_URL! }, prefix: process.env.QUEUE_PREFIX });
      try {
        const jobId = randomUUID();
        await queue.add('notification.requested', { tenantId: agency.id, employeeId: agency.people.learner.employeeId, kind: 'BAD KIND', data: {}, eventId: jobId }, { jobId, attempts: 1, removeOnFail: false });
        await eventually(async () => ((await queue.getJob(jobId))?.failedReason ? true : undefined), 'the job failed');
        const admin = await portalSignIn(t, agency.people.tenant_admin.email);
        const list = await admin.page('/admin/queues?queue=notifications&page=1');
        expect(list).toContain(jobId);
        expect(list).toContain(`action="/admin/queues/jobs/${jobId}/discard"`);
        const stranger = await portalSignIn(t, other.people.tenant_admin.email);
        expect(await stranger.page('/admin/queues?queue=notifications')).not.toContain(jobId);
        await stranger.post(`/admin/queues/jobs/${jobId}/discard`, { next: '/admin/queues?queue=notifications' }).expect(303);
        expect(await queue.getJob(jobId)).toBeDefined();

        const done = await admin.post(`/admin/queues/jobs/${jobId}/discard`, { next: '/admin/queues?queue=notifications' }).expect(303);
        expect(done.headers['location']).toBe('/admin/queues?queue=notifications');
        expect(await queue.getJob(jobId)).toBeUndefined();
        expect(await admin.page('/admin/queues?queue=notifications')).toContain(`Pekerjaan ${jobId} dibuang.`);
      } finally {
        await queue.close();
      }
    });
  });
});
