import { randomUUID } from 'node:crypto';
import type { CourseDocument } from '@mahir/course';
import { expectProblem, fieldRules } from '../../test-support/auth-helpers';
import { publishableCourse, publishCourse, saveDraft, SECRET_ANSWER, SECRET_FEEDBACK } from '../../test-support/course-fixtures';
import { insertCompetency } from '../../test-support/framework-fixtures';
import { nationalCompetencies } from '../../test-support/ledger-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/**
 * The catalog as learners see it and the recommended courses, against courses published
 * through the real authoring routes. Other test files publish national courses into the same
 * database at the same time, so every list below is narrowed by a word unique to this run.
 */

interface Item {
  courseId: string;
  version: number;
  title: string;
  national: boolean;
  jp: { minutes: number; jp: number };
  agency: { name: string };
  competencies: { competencyId: string; code: string; name: string; level: number }[];
}

/** A word no other course contains (letters only, so both text-search configurations keep it whole). */
const uniqueWord = () => `uji${Array.from({ length: 10 }, () => 'bcdfghjkmnpqrstvwxyz'[Math.floor(Math.random() * 20)]).join('')}`;

describe('catalog and recommended courses', () => {
  let t: TestApp;
  let a: Agency;
  let b: Agency;
  let nat: Record<string, string>;
  const auth = {} as { adminA: string; learnerA: string; adminB: string; learnerB: string };

  /** A publishable document of agency A (or B) granting a national competency unless told otherwise. */
  const doc = (fields: Partial<CourseDocument> = {}): CourseDocument =>
    publishableCourse({ competencies: [{ competencyId: nat['M.5'], level: 2, validityMonths: 24 }], ...fields });
  const list = async (as: string, query: Record<string, string | number>) => {
    const res = await t.http().get('/api/v1/catalog').query(query).set('Authorization', as);
    expect(`${res.status} ${res.text.slice(0, 500)}`).toMatch(/^200 /);
    return res.body as { items: Item[]; total: number; page: number; pageSize: number };
  };
  const ids = (page: { items: Item[] }) => page.items.map((i) => i.courseId);

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = [await createAgency(t.db), await createAgency(t.db, 'WIT')];
    nat = await nationalCompetencies(t.db);
    auth.adminA = await bearer(t, a.people.training_admin.email);
    auth.learnerA = await bearer(t, a.people.learner.email);
    auth.adminB = await bearer(t, b.people.training_admin.email);
    auth.learnerB = await bearer(t, b.people.learner.email);
  });
  afterAll(() => t.app.close());

  it('lists published courses only: never a draft, never an archived course', async () => {
    const word = uniqueWord();
    const published = await publishCourse(t, auth.adminA, doc({ title: 'Kursus Terbit', summary: `Ringkasan ${word}` }));
    const archived = await publishCourse(t, auth.adminA, doc({ title: 'Kursus Diarsipkan', summary: `Ringkasan ${word}` }));
    const draft = (await t.http().post('/api/v1/courses').set('Authorization', auth.adminA).send({ title: 'Kursus Draf' }).expect(201)).body.id as string;
    await saveDraft(t, auth.adminA, draft, doc({ title: 'Kursus Draf', summary: `Ringkasan ${word}` }));
    await t.http().post(`/api/v1/courses/${archived}/archive`).set('Authorization', auth.adminA).expect(200);

    const page = await list(auth.learnerA, { q: word });
    expect(ids(page)).toEqual([published]);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ title: 'Kursus Terbit', version: 1, national: false, jp: { minutes: 90, jp: 2 }, agency: { name: `Instansi ${a.code}` } });
    expect(page.items[0].competencies).toEqual([{ competencyId: nat['M.5'], code: 'M.5', name: expect.any(String), type: 'manajerial', level: 2, validityMonths: 24 }]);

    for (const hidden of [archived, draft, randomUUID()]) {
      expectProblem(await t.http().get(`/api/v1/catalog/${hidden}`).set('Authorization', auth.learnerA), 404, 'course.notFound');
    }
    await t.http().get(`/api/v1/catalog/${published}`).set('Authorization', auth.learnerA).expect(200);
  });

  it('shows an agency its own courses and the national ones of every agency, and nothing else', async () => {
    const word = uniqueWord();
    const tenantOnly = await publishCourse(t, auth.adminA, doc({ title: 'Khusus Instansi A', summary: word, visibility: 'tenant' }));
    const national = await publishCourse(t, auth.adminA, doc({ title: 'Nasional dari A', summary: word, visibility: 'national' }));
    const ofB = await publishCourse(t, auth.adminB, doc({ title: 'Khusus Instansi B', summary: word, visibility: 'tenant' }));

    expect(ids(await list(auth.learnerA, { q: word, sort: 'title' }))).toEqual([tenantOnly, national]);
    const seenByB = await list(auth.learnerB, { q: word, sort: 'title' });
    expect(ids(seenByB)).toEqual([ofB, national]);
    expect(seenByB.items[1]).toMatchObject({ national: true, agency: { name: `Instansi ${a.code}` } });

    expectProblem(await t.http().get(`/api/v1/catalog/${tenantOnly}`).set('Authorization', auth.learnerB), 404, 'course.notFound');
    expectProblem(await t.http().get(`/api/v1/catalog/${ofB}`).set('Authorization', auth.learnerA), 404, 'course.notFound');
    const page = await t.http().get(`/api/v1/catalog/${national}`).set('Authorization', auth.learnerB).expect(200);
    expect(page.body).toMatchObject({ title: 'Nasional dari A', national: true, agency: { name: `Instansi ${a.code}` } });
    // A grader or supervisor is a learner too: the catalog is for anyone signed in to the agency.
    for (const role of ['grader', 'supervisor', 'tenant_admin'] as const) {
      expect(ids(await list(await bearer(t, a.people[role].email), { q: word }))).toHaveLength(2);
    }
  });

  describe('search in Bahasa Indonesia', () => {
    const word = uniqueWord();
    const c = {} as Record<'melayani' | 'pelayanan' | 'description' | 'other', string>;
    beforeAll(async () => {
      c.melayani = await publishCourse(t, auth.adminA, doc({ title: 'Teknik Melayani Masyarakat', summary: `Materi ${word}`, description: 'Materi umum.', category: 'Umum' }));
      c.pelayanan = await publishCourse(t, auth.adminA, doc({ title: 'Pelayanan Terpadu Satu Pintu', summary: `Materi ${word}`, description: 'Materi umum.', category: 'Umum' }));
      c.description = await publishCourse(t, auth.adminA, doc({ title: 'Etika Birokrasi', summary: `Materi ${word}`, description: 'Sikap dalam pelayanan sehari-hari.', category: 'Etika' }));
      c.other = await publishCourse(t, auth.adminA, doc({ title: 'Manajemen Arsip', summary: `Materi ${word}`, description: 'Tata naskah dinas.', category: 'Arsip' }));
    });

    it("finds 'melayani' for 'pelayanan' (stemmed), ranking title matches above description matches", async () => {
      const found = ids(await list(auth.learnerA, { q: `pelayanan ${word}` }));
      expect(found.slice(0, 2).sort()).toEqual([c.melayani, c.pelayanan].sort());
      expect(found).toEqual([...found.slice(0, 2), c.description]);
    });

    it("finds 'pelayanan' while the word is still being typed ('pelay')", async () => {
      const found = ids(await list(auth.learnerA, { q: `${word} pelay`, sort: 'title' }));
      expect(found).toEqual([c.description, c.pelayanan]);
      expect(ids(await list(auth.learnerA, { q: 'pelay', pageSize: 100 }))).toEqual(expect.arrayContaining([c.pelayanan, c.description]));
    });

    it('reads web-search syntax: a phrase, an excluded word', async () => {
      expect(ids(await list(auth.learnerA, { q: `${word} "satu pintu"` }))).toEqual([c.pelayanan]);
      expect(ids(await list(auth.learnerA, { q: `${word} -pelayanan`, sort: 'title' }))).toEqual([c.other]);
    });

    it('treats LIKE wildcards, tsquery operators and SQL in q as plain text: a 200 answer, never an error', async () => {
      for (const q of ["'); DROP TABLE course_catalog; --", '50% _x_ \\', 'pelayanan:* & | ! <-> ()', '"tanpa penutup', '-', 'or', '*', ':*', '!!', '\u0000x']) {
        await list(auth.learnerA, { q });
      }
      // '%' and '_' are no wildcards: the start of the unique word matches nothing.
      for (const q of [`${word.slice(0, 7)}%`, `${word.slice(0, 7)}_`, '%', '_']) expect(ids(await list(auth.learnerA, { q }))).toEqual([]);
      expect(ids(await list(auth.learnerA, { q: word }))).toHaveLength(4);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM course_catalog WHERE course_id = $1`, [c.other])).toEqual([{ n: 1 }]);
    });
  });

  describe('filters and pages', () => {
    const word = uniqueWord();
    const c = {} as Record<'integritas' | 'perekat' | 'teknis' | 'both', string>;
    beforeAll(async () => {
      const base = { summary: `Filter ${word}` };
      c.integritas = await publishCourse(t, auth.adminA, doc({ ...base, title: 'A Integritas', jpMinutes: 90, competencies: [{ competencyId: nat['M.1'], level: 2, validityMonths: null }] }));
      c.perekat = await publishCourse(t, auth.adminA, doc({ ...base, title: 'B Perekat Bangsa', jpMinutes: 360, language: 'en', competencies: [{ competencyId: nat['SK.1'], level: 3, validityMonths: null }] }));
      c.teknis = await publishCourse(t, auth.adminA, doc({ ...base, title: 'C Teknis', jpMinutes: 45, competencies: [{ competencyId: a.competencyId, level: 1, validityMonths: null }] }));
      c.both = await publishCourse(t, auth.adminA, doc({
        ...base, title: 'D Gabungan', jpMinutes: 180,
        competencies: [{ competencyId: nat['M.1'], level: 4, validityMonths: null }, { competencyId: a.competencyId, level: 2, validityMonths: 12 }],
      }));
    });
    const filtered = async (query: Record<string, string | number>) => ids(await list(auth.learnerA, { q: word, sort: 'title', ...query }));

    it('by competency, competency type, level granted, JP and language', async () => {
      expect(await filtered({ competencyId: nat['M.1'] })).toEqual([c.integritas, c.both]);
      expect(await filtered({ competencyId: nat['M.1'], level: 3 })).toEqual([c.both]);
      expect(await filtered({ type: 'manajerial' })).toEqual([c.integritas, c.both]);
      expect(await filtered({ type: 'sosial_kultural' })).toEqual([c.perekat]);
      expect(await filtered({ type: 'teknis' })).toEqual([c.teknis, c.both]);
      expect(await filtered({ type: 'teknis', level: 2 })).toEqual([c.both]);
      expect(await filtered({ level: 3 })).toEqual([c.perekat, c.both]);
      expect(await filtered({ minJp: 2, maxJp: 4 })).toEqual([c.integritas, c.both]);
      expect(await filtered({ minJp: 5 })).toEqual([c.perekat]);
      expect(await filtered({ maxJp: 1 })).toEqual([c.teknis]);
      expect(await filtered({ language: 'en' })).toEqual([c.perekat]);
      expect(await filtered({ competencyId: nat['M.1'], type: 'teknis' })).toEqual([]);
    });

    it('in pages, with the total on every page, by title or newest first', async () => {
      const pages = await Promise.all([1, 2, 3].map((page) => list(auth.learnerA, { q: word, sort: 'title', pageSize: 2, page })));
      expect(pages.map(ids)).toEqual([[c.integritas, c.perekat], [c.teknis, c.both], []]);
      expect(pages.map((p) => p.total)).toEqual([4, 4, 4]);
      expect(ids(await list(auth.learnerA, { q: word, sort: 'newest' }))).toEqual([c.both, c.teknis, c.perekat, c.integritas]);
      // Without q, newest first; this agency's latest course leads its own list.
      const all = await list(auth.learnerA, { pageSize: 100 });
      expect(all.total).toBeGreaterThanOrEqual(4);
    });

    it('answers bad filters with 400 naming the parameter', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ competencyId: 'M.1' }, 'competencyId:isUuid'],
        [{ type: 'teknikal' }, 'type:isIn'],
        [{ level: '6' }, 'level:max'],
        [{ level: 'tinggi' }, 'level:isInt'],
        [{ minJp: '-1' }, 'minJp:min'],
        [{ minJp: '5', maxJp: '2' }, 'maxJp:jpRange'],
        [{ language: 'jv' }, 'language:isIn'],
        [{ sort: 'popular' }, 'sort:isIn'],
        [{ pageSize: '101' }, 'pageSize:max'],
        [{ q: 'x'.repeat(101) }, 'q:maxLength'],
        [{ tenantId: b.id }, 'tenantId:unknownField'],
      ];
      for (const [query, rule] of cases) {
        const res = await t.http().get('/api/v1/catalog').query(query).set('Authorization', auth.learnerA);
        expectProblem(res, 400, 'request.validation');
        expect(fieldRules(res)).toEqual([rule]);
      }
      expectProblem(await t.http().get('/api/v1/catalog/bukan-uuid').set('Authorization', auth.learnerA), 400, 'rule.isUuid');
    });
  });

  it('keeps showing the published version while its next draft is edited, until that is published', async () => {
    const word = uniqueWord();
    const id = await publishCourse(t, auth.adminA, doc({ title: 'Judul Lama', summary: word }));
    await saveDraft(t, auth.adminA, id, doc({ title: 'Judul Baru', summary: word, jpMinutes: 135 }));

    expect((await list(auth.learnerA, { q: word })).items).toEqual([expect.objectContaining({ courseId: id, title: 'Judul Lama', version: 1, jp: { minutes: 90, jp: 2 } })]);
    expect((await t.http().get(`/api/v1/catalog/${id}`).set('Authorization', auth.learnerA).expect(200)).body).toMatchObject({ title: 'Judul Lama', version: 1 });
    // Submitted for review is still not published.
    await t.http().post(`/api/v1/courses/${id}/submit`).set('Authorization', auth.adminA).expect(200);
    expect(ids(await list(auth.learnerA, { q: `${word} baru` }))).toEqual([]);

    expect((await t.http().post(`/api/v1/courses/${id}/publish`).set('Authorization', auth.adminA)).status).toBeLessThan(300);
    expect((await list(auth.learnerA, { q: word })).items).toEqual([expect.objectContaining({ courseId: id, title: 'Judul Baru', version: 2, jp: { minutes: 135, jp: 3 } })]);
    expect(ids(await list(auth.learnerA, { q: `${word} lama` }))).toEqual([]);
  });

  describe('the course page', () => {
    it('shows the syllabus, JP, competencies, prerequisites and what the certificate proves, and never a quiz answer', async () => {
      const prerequisite = await publishCourse(t, auth.adminA, doc({ title: 'Dasar-Dasar ASN' }));
      const id = await publishCourse(t, auth.adminA, doc({
        title: 'Pelayanan Publik Prima',
        prerequisites: [prerequisite],
        competencies: [{ competencyId: nat['M.5'], level: 2, validityMonths: 24 }, { competencyId: nat['SK.1'], level: 1, validityMonths: null }],
      }));
      const res = await t.http().get(`/api/v1/catalog/${id}`).set('Authorization', auth.learnerA).expect(200);
      const page = res.body;
      expect(page).toMatchObject({
        courseId: id, version: 1, title: 'Pelayanan Publik Prima', jp: { minutes: 90, jp: 2 }, enrollmentPolicy: 'open', language: 'id',
        agency: { name: `Instansi ${a.code}` }, national: false, estimatedMinutes: 90,
        prerequisites: [{ courseId: prerequisite, title: 'Dasar-Dasar ASN', inCatalog: true }],
      });
      expect(page.modules).toEqual([
        {
          id: 'm1', title: 'Dasar', lessons: [
            { id: 'l1', title: 'Pengantar', kind: 'text', required: true, estimatedMinutes: 10 },
            { id: 'l2', title: 'Maklumat pelayanan', kind: 'video', required: false, estimatedMinutes: 15 },
          ],
        },
        {
          id: 'm2', title: 'Evaluasi', lessons: [
            { id: 'l3', title: 'Kuis akhir', kind: 'quiz', required: true, estimatedMinutes: 20 },
            { id: 'l4', title: 'Tugas akhir', kind: 'assignment', required: true, estimatedMinutes: 45 },
          ],
        },
      ]);
      const [m5, sk1] = page.competencies;
      expect(m5).toMatchObject({ competencyId: nat['M.5'], code: 'M.5', level: 2, validityMonths: 24 });
      expect(sk1).toMatchObject({ competencyId: nat['SK.1'], code: 'SK.1', level: 1, validityMonths: null });
      expect(page.certificateStatement).toBe(
        `Sertifikat ini menyatakan bahwa pemegangnya telah menyelesaikan Pelayanan Publik Prima (2 JP) dan mencapai kompetensi: ${m5.name} level 2, ${sk1.name} level 1.`,
      );
      const english = await t.http().get(`/api/v1/catalog/${id}`).set('Authorization', auth.learnerA).set('Accept-Language', 'en').expect(200);
      expect(english.body.certificateStatement).toBe(
        `This certificate states that its holder has completed Pelayanan Publik Prima (2 JP) and attained the competencies: ${m5.name} at level 2, ${sk1.name} at level 1.`,
      );

      for (const secret of [SECRET_ANSWER, SECRET_FEEDBACK, 'questionBank', 'acceptedAnswers', 'questionIds', '"correct"', 'UU 25/2009', 'video.example.go.id']) {
        expect(res.text).not.toContain(secret);
      }
    });

    it('renders the Markdown description without scripts, event handlers, javascript: links or frames', async () => {
      const description = [
        '# Tujuan',
        '',
        'Teks **tebal** dan [tautan aman](https://mahir.go.id/panduan).',
        '',
        "<script>alert('xss')</script>",
        '<img src="x" onerror="alert(1)">',
        '[klik](javascript:alert(1))',
        '<a href="javascript:alert(2)">jahat</a>',
        '<a href="JaVaScRiPt&colon;alert(6)">jahat juga</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<svg onload="alert(3)"></svg>',
        '<p style="background:url(javascript:alert(4))" onclick="alert(5)">paragraf</p>',
        '<form action="https://evil.example"><input name="nip"></form>',
      ].join('\n');
      const id = await publishCourse(t, auth.adminA, doc({ title: 'Deskripsi Berbahaya', description }));
      const html: string = (await t.http().get(`/api/v1/catalog/${id}`).set('Authorization', auth.learnerA).expect(200)).body.descriptionHtml;

      expect(html).toContain('<strong>tebal</strong>');
      expect(html).toMatch(/<a href="https:\/\/mahir\.go\.id\/panduan"[^>]*>tautan aman<\/a>/);
      const tags = html.match(/<[^>]*>/g) ?? [];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) {
        expect(tag).not.toMatch(/^<\/?(script|iframe|svg|object|embed|style|form|input)\b/i);
        expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
        expect(tag).not.toMatch(/javascript|&colon;|style=/i);
      }
    });
  });

  describe('recommended courses', () => {
    let c: Agency;
    const t1 = {} as Record<'raise' | 'grant' | 'grant2' | 'uncovered', string>;
    const course = {} as Record<string, string>;
    let as: Record<'admin' | 'learner' | 'supervisor' | 'tenantAdmin' | 'colleague', string>;

    /**
     * Agency C: the learner's position is functional (no class defaults) and requires four
     * technical competencies of C only, so no other agency's national course can close a gap.
     */
    beforeAll(async () => {
      c = await createAgency(t.db, 'WITA');
      await t.db.query(`UPDATE position SET position_class = 'fungsional' WHERE id = $1`, [c.positions.staff]);
      t1.raise = (await insertCompetency(t.db, c.id, { name: 'Analisis Kebijakan' })).id;
      t1.grant = (await insertCompetency(t.db, c.id, { name: 'Pengelolaan Arsip' })).id;
      t1.grant2 = (await insertCompetency(t.db, c.id, { name: 'Penyusunan Anggaran' })).id;
      t1.uncovered = (await insertCompetency(t.db, c.id, { name: 'Audit Internal' })).id;
      as = {
        admin: await bearer(t, c.people.training_admin.email),
        learner: await bearer(t, c.people.learner.email),
        supervisor: await bearer(t, c.people.supervisor.email),
        tenantAdmin: await bearer(t, c.people.tenant_admin.email),
        colleague: await bearer(t, c.people.grader.email),
      };
      await t.http().put(`/api/v1/positions/${c.positions.staff}/standard`).set('Authorization', as.tenantAdmin).send({
        items: [
          { competencyId: t1.raise, requiredLevel: 3 },
          { competencyId: t1.grant, requiredLevel: 2 },
          { competencyId: t1.grant2, requiredLevel: 2 },
          { competencyId: t1.uncovered, requiredLevel: 1 },
        ],
      }).expect(200);
      await t.http().post(`/api/v1/employees/${c.people.learner.employeeId}/ledger`).set('Authorization', as.admin).send({
        competencyId: t1.raise, level: 1, source: 'assessment', sourceRef: `AC-${randomUUID()}`, occurredAt: '2025-01-06T09:00:00+08:00',
      }).expect(201);

      const grants = (...g: [string, number][]) => g.map(([competencyId, level]) => ({ competencyId, level: level as 1, validityMonths: null }));
      course.bigOne = await publishCourse(t, as.admin, doc({ title: 'Paket Lengkap', jpMinutes: 900, competencies: grants([t1.raise, 3], [t1.grant, 2]) }));
      course.raise = await publishCourse(t, as.admin, doc({ title: 'Analisis Kebijakan Lanjut', jpMinutes: 90, competencies: grants([t1.raise, 3]) }));
      course.pair = await publishCourse(t, as.admin, doc({ title: 'Arsip dan Anggaran', jpMinutes: 135, competencies: grants([t1.grant, 2], [t1.grant2, 2]) }));
      course.tooLow = await publishCourse(t, as.admin, doc({ title: 'Anggaran Dasar', jpMinutes: 45, competencies: grants([t1.grant2, 1]) }));
      // One course that would close every gap at once, but it is archived; another only drafted.
      const archived = await publishCourse(t, as.admin, doc({ title: 'Semua dalam Satu (arsip)', jpMinutes: 90, competencies: grants([t1.raise, 3], [t1.grant, 2], [t1.grant2, 2]) }));
      await t.http().post(`/api/v1/courses/${archived}/archive`).set('Authorization', as.admin).expect(200);
      const draft = (await t.http().post('/api/v1/courses').set('Authorization', as.admin).send({ title: 'Draf' }).expect(201)).body.id as string;
      await saveDraft(t, as.admin, draft, doc({ title: 'Semua dalam Satu (draf)', competencies: grants([t1.raise, 3], [t1.grant, 2], [t1.grant2, 2], [t1.uncovered, 1]) }));
    });

    it('closes the gaps with the smallest, then cheapest, set of catalog courses and says why', async () => {
      const res = await t.http().get(`/api/v1/employees/${c.people.learner.employeeId}/recommendations`).set('Authorization', as.learner).expect(200);
      const body = res.body;
      expect(body.courses.map((x: { courseId: string }) => x.courseId)).toEqual([course.pair, course.raise]);
      expect(body.totalJp).toEqual({ minutes: 225, jp: 5 });
      expect(body.courses[0]).toMatchObject({ rank: 1, title: 'Arsip dan Anggaran', version: 1, jp: { minutes: 135, jp: 3 } });
      expect(body.courses[0].reasons.map((r: { message: string }) => r.message).sort()).toEqual([
        'Memberikan Pengelolaan Arsip level 2 yang belum dimiliki (standar jabatan: 2).',
        'Memberikan Penyusunan Anggaran level 2 yang belum dimiliki (standar jabatan: 2).',
      ]);
      expect(body.courses[1]).toMatchObject({ rank: 2, title: 'Analisis Kebijakan Lanjut' });
      expect(body.courses[1].reasons).toEqual([
        {
          competency: { competencyId: t1.raise, code: expect.any(String), name: 'Analisis Kebijakan', type: 'teknis' },
          from: 1, to: 3, required: 3,
          message: 'Menaikkan Analisis Kebijakan dari level 1 ke 3 (standar jabatan: 3).',
        },
      ]);
      expect(body.uncovered).toEqual([
        {
          competencyId: t1.uncovered, code: expect.any(String), name: 'Audit Internal', type: 'teknis', held: 0, required: 1,
          message: 'Belum ada kursus di katalog yang menutup kesenjangan Audit Internal (standar jabatan: 1, dimiliki: 0).',
        },
      ]);

      const english = await t.http().get(`/api/v1/employees/${c.people.learner.employeeId}/recommendations`).set('Authorization', as.learner).set('Accept-Language', 'en').expect(200);
      expect(english.body.courses[1].reasons[0].message).toBe('Raises Analisis Kebijakan from level 1 to 3 (position standard: 3).');
    });

    it('is visible as the profile is: to the employee, the supervisor chain and admins; 404 to anyone else', async () => {
      const path = `/api/v1/employees/${c.people.learner.employeeId}/recommendations`;
      for (const who of [as.supervisor, as.admin, as.tenantAdmin]) await t.http().get(path).set('Authorization', who).expect(200);
      expectProblem(await t.http().get(path).set('Authorization', as.colleague), 404, 'employee.notFound');
      expectProblem(await t.http().get(path).set('Authorization', auth.adminA), 404, 'employee.notFound');
      expectProblem(await t.http().get(`/api/v1/employees/${randomUUID()}/recommendations`).set('Authorization', as.admin), 404, 'employee.notFound');
    });

    it('recommends nothing and lists nothing uncovered when there is no gap', async () => {
      const [position] = await t.db.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, 'ANALIS', 'Analis', 'fungsional') RETURNING id`, [c.id]);
      await t.db.query(`UPDATE employee SET position_id = $1 WHERE id = $2`, [position.id, c.teamMemberId]);
      const res = await t.http().get(`/api/v1/employees/${c.teamMemberId}/recommendations`).set('Authorization', as.admin).expect(200);
      expect(res.body).toEqual({ employeeId: c.teamMemberId, matchScore: 100, totalShortfall: 0, totalJp: { minutes: 0, jp: 0 }, courses: [], uncovered: [] });
    });
  });

  it('requires a signed-in user', async () => {
    expectProblem(await t.http().get('/api/v1/catalog'), 401, 'auth.tokenMissing');
    expectProblem(await t.http().get(`/api/v1/catalog/${randomUUID()}`), 401, 'auth.tokenMissing');
  });
});
