import { createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { portalSignIn, type PortalBrowser } from '../../test-support/portal-client';
import { insertTemplate } from '../../certification/certificates/certificate-fixtures';

/** The draft revision a page's forms carry. */
function revisionOf(html: string): string {
  const revision = /name="revision" value="(\d+)"/.exec(html)?.[1];
  if (!revision) throw new Error('no revision on the page');
  return revision;
}

async function draft(t: TestApp, courseId: string) {
  const [row] = await t.db.query(`SELECT revision, document FROM course_draft WHERE course_id = $1`, [courseId]);
  return row as { revision: number; document: { title: string; summary: string; modules: { id: string; title: string; lessons: { id: string; kind: string; title: string; markdown?: string; objectKey?: string | null; questionIds?: string[] }[] }[]; questionBank: { id: string; prompt: string; options: { text: string; correct: boolean }[] }[] } };
}

describe('authoring pages', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let admin: PortalBrowser;

  /** Creates a course through the new-course form and returns its id. */
  async function newCourse(title: string, fields: Record<string, string> = {}): Promise<string> {
    const res = await admin.post('/admin/courses', { title, ...fields }).expect(303);
    const id = /^\/admin\/courses\/([0-9a-f-]{36})$/.exec(res.headers['location'])?.[1];
    if (!id) throw new Error(`unexpected redirect ${res.headers['location']}`);
    return id;
  }

  /** Posts an editor form with the revision the page carries now. */
  async function edit(status: number, courseId: string, path: string, fields: Record<string, unknown>, page = `/admin/courses/${courseId}`) {
    const revision = revisionOf(await admin.page(page));
    return admin.post(`/admin/courses/${courseId}${path}`, { revision, ...fields }).expect(status);
  }

  /** A course with one text lesson, published as v1 through the pages; `beforePublish` looks at the draft first. */
  async function publishedCourse(title: string, beforePublish?: (id: string) => Promise<void>): Promise<string> {
    const id = await newCourse(title, { summary: 'S', jpMinutes: '45', competencyId: agency.competencyId, level: '1' });
    if (beforePublish) await beforePublish(id);
    await edit(303, id, '/modules', { moduleTitle: 'M' });
    const moduleId = (await draft(t, id)).document.modules[0].id;
    await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'text', lessonTitle: 'Bacaan' });
    const lessonId = (await draft(t, id)).document.modules[0].lessons[0].id;
    await edit(303, id, `/lessons/${lessonId}`, { title: 'Bacaan', required: 'on', estimatedMinutes: '5', markdown: 'Isi' }, `/admin/courses/${id}/lessons/${lessonId}`);
    await admin.post(`/admin/courses/${id}/publish`).expect(303);
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    other = await createAgency(t.db);
    admin = await portalSignIn(t, agency.people.training_admin.email);
  });
  afterAll(() => t.app.close());

  it('shows the course list to training admins only', async () => {
    const page = await admin.page('/admin/courses');
    expect(page).toContain('<label for="f-title">Judul pelatihan');
    const learner = await portalSignIn(t, agency.people.learner.email);
    const refused = await learner.agent.get('/admin/courses').expect(403);
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    await learner.agent.get(`/admin/courses/${agency.competencyId}`).expect(403);
  });

  it('shows an empty title next to its field and keeps what was typed', async () => {
    const res = await admin.post('/admin/courses', { title: '  ', summary: 'Ringkasan yang diketik', jpMinutes: 'sembilan puluh' }).expect(400);
    expect(res.text).toMatch(/id="f-title-error"[^>]*>Judul pelatihan wajib diisi\./);
    expect(res.text).toMatch(/id="f-jpMinutes-error"[^>]*>Durasi JP \(menit\) harus bilangan bulat/);
    expect(res.text).toContain('Ringkasan yang diketik');
    expect(res.text).toContain('value="sembilan puluh"');
    expect(res.text).toContain('class="error-summary"');
  });

  it('creates a course, adds a module, a text lesson and a quiz with a question, lists every check, publishes v1', async () => {
    const id = await newCourse('Etika Pelayanan Publik', { summary: 'Kode etik ASN di garis depan.', jpMinutes: '90', competencyId: agency.competencyId, level: '2' });
    const editor = await admin.page(`/admin/courses/${id}`);
    expect(editor).toContain('Etika Pelayanan Publik');
    expect(editor).toContain('Pelatihan dibuat.');
    expect((await draft(t, id)).document).toMatchObject({ summary: 'Kode etik ASN di garis depan.', jpMinutes: 90, competencies: [{ competencyId: agency.competencyId, level: 2 }] });

    await edit(303, id, '/modules', { moduleTitle: 'Dasar etika' });
    const moduleId = (await draft(t, id)).document.modules[0].id;
    expect((await draft(t, id)).document.modules[0].title).toBe('Dasar etika');

    const added = await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'text', lessonTitle: 'Pengantar' });
    const textId = (await draft(t, id)).document.modules[0].lessons[0].id;
    expect(added.headers['location']).toBe(`/admin/courses/${id}/lessons/${textId}`);

    // Before the lesson has content, and before the quiz, the checks name each problem with its path.
    const early = await admin.page(`/admin/courses/${id}/publish`);
    expect(early).toContain('modules[0].lessons[0].markdown');
    expect(early).not.toContain('>Terbitkan</button>');

    await edit(303, id, `/lessons/${textId}`, { title: 'Pengantar', required: 'on', estimatedMinutes: '15', markdown: '# Etika\n\nSetiap ASN **wajib** melayani.' }, `/admin/courses/${id}/lessons/${textId}`);
    expect((await draft(t, id)).document.modules[0].lessons[0]).toMatchObject({ title: 'Pengantar', markdown: '# Etika\n\nSetiap ASN **wajib** melayani.' });

    await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'quiz', lessonTitle: 'Kuis etika' });
    const quizId = (await draft(t, id)).document.modules[0].lessons[1].id;
    const quizPage = await admin.page(`/admin/courses/${id}/lessons/${quizId}`);
    expect(quizPage).toContain('<label for="f-prompt">Pertanyaan');
    await edit(303, id, `/lessons/${quizId}/questions`, {
      questionKind: 'single_choice', prompt: 'Apa kewajiban ASN?', points: '1', option1: 'Melayani masyarakat', correct1: 'on', option2: 'Menunda layanan',
    }, `/admin/courses/${id}/lessons/${quizId}`);
    const doc = (await draft(t, id)).document;
    expect(doc.questionBank).toEqual([expect.objectContaining({ prompt: 'Apa kewajiban ASN?', options: [expect.objectContaining({ text: 'Melayani masyarakat', correct: true }), expect.objectContaining({ text: 'Menunda layanan', correct: false })] })]);
    expect(doc.modules[0].lessons[1].questionIds).toEqual([doc.questionBank[0].id]);

    const checks = await admin.page(`/admin/courses/${id}/publish`);
    expect(checks).toContain('Semua pemeriksaan lolos');
    expect(checks).toContain('>Terbitkan</button>');
    const published = await admin.post(`/admin/courses/${id}/publish`).expect(303);
    expect(published.headers['location']).toBe(`/admin/courses/${id}/versions`);
    const [course] = await t.db.query(`SELECT published_version, draft_state FROM course WHERE id = $1`, [id]);
    expect(course).toEqual({ published_version: 1, draft_state: null });
    const versions = await admin.page(`/admin/courses/${id}/versions`);
    expect(versions).toContain('Pelatihan terbit sebagai versi 1.');
    expect(versions).toMatch(/<th scope="row">v1<\/th><td>Etika Pelayanan Publik<\/td>/);

    // An edit after publishing opens the next draft; the diff against v1 names the change.
    await edit(303, id, '/details', { title: 'Etika Pelayanan Publik Lanjutan', summary: 'Kode etik ASN di garis depan.', jpMinutes: '90', language: 'id', enrollmentPolicy: 'open', visibility: 'tenant' });
    const diff = await admin.page(`/admin/courses/${id}/versions?from=1&to=0`);
    expect(diff).toContain('<code>title</code>');
    expect(diff).toContain('Etika Pelayanan Publik Lanjutan');
  });

  it('lists every problem of an empty course, without a publish button', async () => {
    const id = await newCourse('Kosong');
    const page = await admin.page(`/admin/courses/${id}/publish`);
    for (const path of ['summary', 'jpMinutes', 'competencies', 'modules']) expect(page).toContain(`<code>${path}</code>`);
    expect(page).toContain('Petakan minimal satu kompetensi.');
    expect(page).not.toContain('>Terbitkan</button>');
    const refused = await admin.post(`/admin/courses/${id}/publish`).expect(422);
    expect(refused.text).toContain('class="error-summary"');
  });

  it('moves lessons up and down and deletes them with plain forms', async () => {
    const id = await newCourse('Urutan');
    await edit(303, id, '/modules', { moduleTitle: 'M1' });
    const moduleId = (await draft(t, id)).document.modules[0].id;
    for (const title of ['A', 'B', 'C']) await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'text', lessonTitle: title });
    const titles = async () => (await draft(t, id)).document.modules[0].lessons.map((l) => l.title);
    const [, b, c] = (await draft(t, id)).document.modules[0].lessons;
    await edit(303, id, `/lessons/${c.id}/move`, { direction: 'up' });
    expect(await titles()).toEqual(['A', 'C', 'B']);
    await edit(303, id, `/lessons/${c.id}/move`, { direction: 'up' });
    expect(await titles()).toEqual(['C', 'A', 'B']);
    await edit(303, id, `/lessons/${c.id}/move`, { direction: 'down' });
    expect(await titles()).toEqual(['A', 'C', 'B']);
    await edit(303, id, `/lessons/${b.id}/delete`, {});
    expect(await titles()).toEqual(['A', 'C']);
    const page = await admin.page(`/admin/courses/${id}`);
    expect(page).toContain('aria-label="Naikkan C"');
  });

  it('answers a stale revision with 409 and the message, keeping what was typed', async () => {
    const id = await newCourse('Dua penyunting');
    const page = await admin.page(`/admin/courses/${id}`);
    const stale = revisionOf(page);
    await admin.post(`/admin/courses/${id}/modules`, { revision: stale, moduleTitle: 'Lebih dulu' }).expect(303);
    const res = await admin.post(`/admin/courses/${id}/modules`, { revision: stale, moduleTitle: 'Modul yang diketik' }).expect(409);
    expect(res.text).toContain('Draf telah diubah orang lain');
    expect(res.text).toContain('value="Modul yang diketik"');
    // The form now carries the current revision: sending it again applies the change.
    await admin.post(`/admin/courses/${id}/modules`, { revision: revisionOf(res.text), moduleTitle: 'Modul yang diketik' }).expect(303);
    expect((await draft(t, id)).document.modules.map((m) => m.title)).toEqual(['Lebih dulu', 'Modul yang diketik']);
  });

  it('previews Markdown with the sanitising renderer, as a page and for the script', async () => {
    const id = await newCourse('Pratinjau');
    await edit(303, id, '/modules', { moduleTitle: 'M' });
    const moduleId = (await draft(t, id)).document.modules[0].id;
    await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'text', lessonTitle: 'Teks' });
    const lessonId = (await draft(t, id)).document.modules[0].lessons[0].id;
    const markdown = 'Halo **dunia** <script>alert(1)</script>';
    const page = await admin.post(`/admin/courses/${id}/lessons/${lessonId}/preview`, { markdown }).expect(200);
    expect(page.text).toContain('<strong>dunia</strong>');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('Halo **dunia** &lt;script&gt;');
    const json = await admin.agent.post(`/admin/courses/${id}/lessons/${lessonId}/preview`).set('X-CSRF-Token', admin.csrf).set('Accept', 'application/json').send({ markdown }).expect(200);
    expect(json.body.html).toContain('<strong>dunia</strong>');
    expect(json.body.html).not.toContain('script');
    expect((await draft(t, id)).document.modules[0].lessons[0].markdown).toBe('');
  });

  it('uploads a PDF for a document lesson, checked by the uploads service', async () => {
    const id = await newCourse('Berkas');
    await edit(303, id, '/modules', { moduleTitle: 'M' });
    const moduleId = (await draft(t, id)).document.modules[0].id;
    await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'document', lessonTitle: 'Peraturan' });
    const lessonId = (await draft(t, id)).document.modules[0].lessons[0].id;
    const page = await admin.page(`/admin/courses/${id}/lessons/${lessonId}`);
    expect(page).toContain('data-upload');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    await admin.agent
      .post(`/admin/courses/${id}/lessons/${lessonId}/upload`)
      .set('X-CSRF-Token', admin.csrf)
      .field('revision', revisionOf(page))
      .attach('file', pdf, { filename: 'peraturan.pdf', contentType: 'application/pdf' })
      .expect(303);
    const objectKey = (await draft(t, id)).document.modules[0].lessons[0].objectKey;
    expect(objectKey).toBeTruthy();
    const [upload] = await t.db.query(`SELECT status FROM course_upload WHERE course_id = $1 AND object_key = $2`, [id, objectKey]);
    expect(upload.status).toBe('verified');
    // Not a PDF: refused next to the file field, nothing attached. (Posted as a form without script does: the token in the action URL.)
    const action = /action="([^"]+\/upload\?_csrf=[^"]+)"/.exec(page)?.[1];
    expect(action).toBeDefined();
    const bad = await admin.agent
      .post(String(action))
      .field('revision', revisionOf(await admin.page(`/admin/courses/${id}/lessons/${lessonId}`)))
      .attach('file', Buffer.from('bukan pdf sama sekali'), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(bad.status).toBe(415);
    expect(bad.text).toMatch(/id="f-file-error"/);
    expect((await draft(t, id)).document.modules[0].lessons[0].objectKey).toBe(objectKey);
  });

  it('edits a question and shows a choice question without a correct option as an error', async () => {
    const id = await newCourse('Soal');
    await edit(303, id, '/modules', { moduleTitle: 'M' });
    const moduleId = (await draft(t, id)).document.modules[0].id;
    await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'quiz', lessonTitle: 'Kuis' });
    const quizId = (await draft(t, id)).document.modules[0].lessons[0].id;
    const lessonPage = `/admin/courses/${id}/lessons/${quizId}`;
    const bad = await edit(400, id, `/lessons/${quizId}/questions`, { questionKind: 'single_choice', prompt: 'Tanpa jawaban', points: '1', option1: 'Satu', option2: 'Dua' }, lessonPage);
    expect(bad.text).toMatch(/id="f-correct1-error"[^>]*>Tandai minimal satu pilihan yang benar\./);
    expect(bad.text).toContain('value="Satu"');
    await edit(303, id, `/lessons/${quizId}/questions`, { questionKind: 'true_false', prompt: 'Bumi bulat?', points: '2', correct1: 'on' }, lessonPage);
    const question = (await draft(t, id)).document.questionBank[0];
    expect(question.options).toEqual([expect.objectContaining({ text: 'Benar', correct: true }), expect.objectContaining({ text: 'Salah', correct: false })]);
    const questionPage = `/admin/courses/${id}/lessons/${quizId}/questions/${question.id}`;
    expect(await admin.page(questionPage)).toContain('Bumi bulat?');
    await edit(303, id, `/lessons/${quizId}/questions/${question.id}`, { questionKind: 'essay', prompt: 'Jelaskan etika ASN.', points: '10' }, questionPage);
    expect((await draft(t, id)).document.questionBank[0]).toMatchObject({ id: question.id, kind: 'essay', prompt: 'Jelaskan etika ASN.', points: 10, options: [] });
  });

  it('assigns a published course to a unit with sub-units and to NIPs with a per-row report', async () => {
    const id = await publishedCourse('Untuk ditugaskan', async (draftId) => {
      expect(await admin.page(`/admin/courses/${draftId}/assign`)).toContain('Pelatihan harus terbit dulu');
    });

    const page = await admin.page(`/admin/courses/${id}/assign`);
    expect(page).toContain('<label for="f-unitId">Unit kerja');
    await admin.post(`/admin/courses/${id}/assign`, { kind: 'unit', unitId: agency.units.root, includeSubUnits: 'on', mandatory: 'on', dueInDays: '30' }).expect(303);
    const [assignment] = await t.db.query(`SELECT target, mandatory, due_in_days FROM course_assignment WHERE course_id = $1`, [id]);
    expect(assignment).toEqual({ target: { kind: 'unit', unitId: agency.units.root, includeSubUnits: true }, mandatory: true, due_in_days: 30 });

    const report = await admin.post(`/admin/courses/${id}/assign`, { kind: 'nips', nips: `${agency.people.learner.nip}\n123` }).expect(200);
    expect(report.text).toContain('Laporan per baris');
    expect(report.text).toMatch(/<th scope="row">3<\/th><td>123<\/td>/);
    const rows = await t.db.query(`SELECT target->>'kind' AS kind FROM course_assignment WHERE course_id = $1 ORDER BY created_at`, [id]);
    expect(rows.map((r: { kind: string }) => r.kind)).toEqual(['unit', 'csv']);

    const missing = await admin.post(`/admin/courses/${id}/assign`, { kind: 'position', positionId: '' }).expect(400);
    expect(missing.text).toMatch(/id="f-positionId-error"[^>]*>Jabatan: pilih salah satu pilihan yang ada\./);
  });

  it('sets the certificate template, the final-grade settings and prerequisites in the details form', async () => {
    const template = await insertTemplate(t, agency.id, agency.people.training_admin.userId);
    const foreignTemplate = await insertTemplate(t, other.id, other.people.training_admin.userId);
    const prerequisite = await publishedCourse('Dasar-dasar pelayanan');
    const id = await newCourse('Pelayanan lanjutan');
    await edit(303, id, '/modules', { moduleTitle: 'M' });
    const moduleId = (await draft(t, id)).document.modules[0].id;
    await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'quiz', lessonTitle: 'Kuis akhir' });
    await edit(303, id, '/lessons', { lessonModule: moduleId, lessonKind: 'assignment', lessonTitle: 'Tugas akhir' });
    const [quiz, task] = (await draft(t, id)).document.modules[0].lessons;

    const page = await admin.page(`/admin/courses/${id}`);
    expect(page).toContain('<label for="f-certificateTemplateId">Templat sertifikat');
    expect(page).toContain('<option value="">Templat bawaan</option>');
    expect(page).toContain(`<option value="${template}" >Uji</option>`);
    expect(page).not.toContain(foreignTemplate);
    expect(page).toContain('<label for="f-coursePassMark">Nilai lulus pelatihan (%)');
    expect(page).toContain(`<label for="f-weight-${quiz.id}">Bobot: Kuis akhir`);
    expect(page).toMatch(new RegExp(`<input type="checkbox" id="f-prerequisite-${prerequisite}" name="prerequisites" value="${prerequisite}">\\s*Dasar-dasar pelayanan`));
    expect(page).not.toContain(`id="f-prerequisite-${id}"`);

    const details = { title: 'Pelayanan lanjutan', summary: 'Ringkas', jpMinutes: '90', language: 'id', enrollmentPolicy: 'open', visibility: 'tenant' };
    await edit(303, id, '/details', {
      ...details, certificateTemplateId: template, coursePassMark: '75', courseAttempts: '3', [`weight-${quiz.id}`]: '2', [`weight-${task.id}`]: '', prerequisites: ['', prerequisite],
    });
    const saved = (await draft(t, id)).document as unknown as Record<string, unknown>;
    expect(saved).toMatchObject({ certificateTemplateId: template, grading: { passMark: 75, attemptsAllowed: 3, weights: [{ lessonId: quiz.id, weight: 2 }] }, prerequisites: [prerequisite] });
    const shown = await admin.page(`/admin/courses/${id}`);
    expect(shown).toContain(`<option value="${template}" selected>Uji</option>`);
    expect(shown).toContain(`value="${prerequisite}" checked`);

    // Another agency's template and a pass mark out of range: beside their fields, what was typed kept.
    const bad = await edit(400, id, '/details', {
      ...details, summary: 'Ringkasan baru', certificateTemplateId: foreignTemplate, coursePassMark: '150', courseAttempts: '', prerequisites: [''],
    });
    expect(bad.text).toMatch(/id="f-certificateTemplateId-error"[^>]*>Templat sertifikat: pilih salah satu pilihan yang ada\./);
    expect(bad.text).toMatch(/id="f-coursePassMark-error"[^>]*>Nilai lulus pelatihan \(%\) harus angka dari 0 sampai 100\./);
    expect(bad.text).toContain('value="150"');
    expect(bad.text).toContain('Ringkasan baru');
    expect(bad.text).toContain(`value="${prerequisite}">`);
    expect(bad.text).not.toContain(`value="${prerequisite}" checked`);
    const zero = await edit(400, id, '/details', { ...details, [`weight-${quiz.id}`]: '0' });
    expect(zero.text).toMatch(new RegExp(`id="f-weight-${quiz.id}-error"[^>]*>Bobot: Kuis akhir harus lebih dari 0\\.`));

    // Back to the default template, no limit, equal weights, no prerequisites.
    await edit(303, id, '/details', {
      ...details, certificateTemplateId: '', coursePassMark: '60', courseAttempts: '', [`weight-${quiz.id}`]: '', [`weight-${task.id}`]: '', prerequisites: [''],
    });
    expect((await draft(t, id)).document).toMatchObject({ certificateTemplateId: null, grading: { passMark: 60, attemptsAllowed: null, weights: [] }, prerequisites: [] });
  });

  it('archives a published course from the publish page, after a confirm', async () => {
    const draftOnly = await newCourse('Belum terbit');
    expect(await admin.page(`/admin/courses/${draftOnly}/publish`)).not.toContain(`action="/admin/courses/${draftOnly}/archive"`);
    await admin.post(`/admin/courses/${draftOnly}/archive`).expect(409);

    const id = await publishedCourse('Akan diarsipkan');
    const page = await admin.page(`/admin/courses/${id}/publish`);
    expect(page).toMatch(new RegExp(`action="/admin/courses/${id}/archive"[^>]*data-confirm="Arsipkan pelatihan ini\\?"`));
    const learner = await portalSignIn(t, agency.people.learner.email);
    await learner.post(`/admin/courses/${id}/archive`).expect(403);
    const done = await admin.post(`/admin/courses/${id}/archive`).expect(303);
    expect(done.headers['location']).toBe(`/admin/courses/${id}`);
    const [course] = await t.db.query(`SELECT archived_at FROM course WHERE id = $1`, [id]);
    expect(course.archived_at).not.toBeNull();
    const editor = await admin.page(`/admin/courses/${id}`);
    expect(editor).toContain('Pelatihan diarsipkan.');
    expect(await admin.page(`/admin/courses/${id}/publish`)).not.toContain(`/archive"`);
  });

  it('moves a lesson to another module from the lesson page', async () => {
    const id = await newCourse('Pindah modul');
    await edit(303, id, '/modules', { moduleTitle: 'Modul satu' });
    await edit(303, id, '/modules', { moduleTitle: 'Modul dua' });
    const [m1, m2] = (await draft(t, id)).document.modules;
    for (const title of ['A', 'B']) await edit(303, id, '/lessons', { lessonModule: m1.id, lessonKind: 'text', lessonTitle: title });
    await edit(303, id, '/lessons', { lessonModule: m2.id, lessonKind: 'text', lessonTitle: 'C' });
    const a = (await draft(t, id)).document.modules[0].lessons[0];
    const lessonPage = `/admin/courses/${id}/lessons/${a.id}`;
    const page = await admin.page(lessonPage);
    expect(page).toContain('<label for="f-targetModule">Pindahkan ke modul');
    expect(page).toContain(`<option value="${m2.id}" >Modul dua</option>`);
    expect(page).not.toContain(`<option value="${m1.id}"`);

    const bad = await edit(400, id, `/lessons/${a.id}/module`, { targetModule: '' }, lessonPage);
    expect(bad.text).toMatch(/id="f-targetModule-error"[^>]*>Pindahkan ke modul: pilih salah satu pilihan yang ada\./);
    const moved = await edit(303, id, `/lessons/${a.id}/module`, { targetModule: m2.id }, lessonPage);
    expect(moved.headers['location']).toBe(lessonPage);
    const doc = (await draft(t, id)).document;
    expect(doc.modules.map((m) => m.lessons.map((l) => l.title))).toEqual([['B'], ['C', 'A']]);
    expect(await admin.page(lessonPage)).toContain(`<option value="${m1.id}" >Modul satu</option>`);
  });

  it('assigns a published course to employees found by name or NIP', async () => {
    const id = await publishedCourse('Untuk pegawai pilihan');
    const assign = `/admin/courses/${id}/assign`;
    const empty = await admin.page(assign);
    expect(empty).toContain('<label for="f-q">Cari nama atau NIP');
    expect(empty).not.toContain('name="employeeIds"');

    const byNip = await admin.page(`${assign}?q=${agency.people.learner.nip}`);
    expect(byNip).toContain(`value="${agency.people.learner.employeeId}"`);
    expect(byNip).toContain(agency.people.learner.nip);
    expect(byNip).not.toContain(agency.people.supervisor.nip);
    const byName = await admin.page(`${assign}?q=${encodeURIComponent('pegawai anggota')}`);
    expect(byName).toContain(`value="${agency.teamMemberId}"`);
    expect(byName).not.toContain(other.people.learner.nip);
    expect(await admin.page(`${assign}?q=${other.people.learner.nip}`)).toContain('Tidak ada pegawai aktif yang cocok.');

    // Nothing ticked: the error beside the list, the search shown again.
    const none = await admin.post(assign, { kind: 'employees', q: agency.people.learner.nip, employeePage: '1' }).expect(400);
    expect(none.text).toMatch(/id="f-employeeIds-error"[^>]*>Pegawai: pilih minimal satu pegawai\./);
    expect(none.text).toContain(`value="${agency.people.learner.employeeId}"`);
    // Another agency's employee: refused by the assignments service, ticks kept.
    const foreign = await admin.post(assign, { kind: 'employees', q: agency.people.learner.nip, employeeIds: [agency.people.learner.employeeId, other.people.learner.employeeId] }).expect(422);
    expect(foreign.text).toMatch(/id="f-employeeIds-error"/);
    expect(foreign.text).toContain(`value="${agency.people.learner.employeeId}" checked`);
    expect(await t.db.query(`SELECT 1 FROM course_assignment WHERE course_id = $1`, [id])).toEqual([]);

    await admin.post(assign, { kind: 'employees', q: 'pegawai', employeeIds: [agency.people.learner.employeeId, agency.teamMemberId], mandatory: 'on', dueInDays: '14' }).expect(303);
    const [row] = await t.db.query(`SELECT target, mandatory, due_in_days FROM course_assignment WHERE course_id = $1`, [id]);
    expect(row).toEqual({ target: { kind: 'employees', employeeIds: [agency.people.learner.employeeId, agency.teamMemberId] }, mandatory: true, due_in_days: 14 });
  });

  it("answers another agency's course with the 404 page", async () => {
    const otherAdmin = await portalSignIn(t, other.people.training_admin.email);
    const res = await otherAdmin.post('/admin/courses', { title: 'Milik instansi lain' }).expect(303);
    const foreign = String(res.headers['location'].split('/').pop());
    for (const path of ['', '/publish', '/versions', '/assign', '/assign?q=pegawai']) {
      const page = await admin.agent.get(`/admin/courses/${foreign}${path}`).expect(404);
      expect(page.text).toContain('<html');
    }
    await admin.post(`/admin/courses/${foreign}/modules`, { revision: '1', moduleTitle: 'Tidak boleh' }).expect(404);
    await admin.post(`/admin/courses/${foreign}/archive`).expect(404);
    await admin.post(`/admin/courses/${foreign}/details`, { revision: '1', title: 'Tidak boleh', certificateTemplateId: '' }).expect(404);
    expect((await draft(t, foreign)).document.modules).toEqual([]);
  });
});
