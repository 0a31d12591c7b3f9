import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchChromium, newProfile, PHONE, screenshot, signInAs, startPortalServer } from './test-support/browser';
import { startGenerator } from './test-support/generator';
import { createAgency, TEST_PASSWORD, type Agency, type TestApp } from './test-support/test-app';

/** Waits for a condition a background process brings about, reloading the page between looks. */
async function eventually(page: Page, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`not reached within ${timeoutMs} ms on ${page.url()}`);
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
  }
}

/**
 * The mission's three journeys in real Chromium (Debian's, through playwright-core) against the
 * whole app: the portal and API in this process, the shared worker (outbox relay, grading,
 * completion) and a certificate generator as processes. Every page is also watched for script
 * errors and CSP violations. `npm run screenshots` saves the pages to docs/screenshots/.
 */
describe('the mission in a real browser', () => {
  let t: TestApp & { base: string };
  let agency: Agency;
  let browser: Browser;
  let generator: { stop(): Promise<unknown> };
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const courseTitle = `Etika Pelayanan Publik ${Date.now().toString(36)}`;
  let verificationCode = '';

  async function open(device: typeof DESKTOP | typeof PHONE = DESKTOP): Promise<Page> {
    const context = await newProfile(browser, device);
    contexts.push(context);
    const page = await context.newPage();
    // Script errors and CSP violations (console), and any of our own resources that failed; a
    // document answered 4xx on purpose (a refused form) is not a problem.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`${page.url()}: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && r.request().resourceType() !== 'document' && problems.push(`${r.url()}: ${r.status()}`));
    page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    return page;
  }

  beforeAll(async () => {
    t = await startPortalServer();
    agency = await createAgency(t.db);
    browser = await launchChromium();
    generator = await startGenerator();
  }, 90_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await generator?.stop();
    await t?.app.close();
  });
  afterEach(() => {
    // No page may log a script error or a blocked resource (a CSP violation shows here).
    expect(problems.splice(0)).toEqual([]);
  });

  it('refuses a wrong password on the login form, keeping the name typed', async () => {
    const page = await open();
    await page.goto(`${t.base}/login`);
    // The first Tab reaches the skip link: keyboard users can jump past the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.activeElement?.className')).toBe('skip');
    await screenshot(page, 'login');
    await page.getByLabel('NIP atau e-mail').fill(agency.people.learner.nip);
    await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya');
    await page.getByRole('button', { name: 'Masuk' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('NIP/e-mail atau kata sandi salah.');
    expect(await page.getByLabel('NIP atau e-mail').inputValue()).toBe(agency.people.learner.nip);
    expect(await page.getByLabel('Kata sandi').inputValue()).toBe('');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('shows bad input next to its field and loses nothing the admin typed', async () => {
    const page = await open();
    await signInAs(page, t.base, agency.people.training_admin.email, TEST_PASSWORD);
    await page.goto(`${t.base}/admin/courses`);
    await page.getByLabel('Ringkasan').fill('Ringkasan yang tidak boleh hilang.');
    await page.getByLabel('Durasi JP (menit)').fill('90');
    await page.getByRole('button', { name: 'Buat pelatihan' }).click();
    const title = page.getByLabel('Judul pelatihan');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await title.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).toContain('f-title-error');
    expect((await page.locator('#f-title-error').innerText()).length).toBeGreaterThan(0);
    expect(await page.getByLabel('Ringkasan').inputValue()).toBe('Ringkasan yang tidak boleh hilang.');
    expect(await page.getByLabel('Durasi JP (menit)').inputValue()).toBe('90');
    // The error summary takes the focus, so a screen reader announces it.
    expect(await page.evaluate<string | undefined>('document.activeElement?.className')).toContain('error-summary');
    await screenshot(page, 'admin-form-error');
  });

  it('journey 1: a training admin builds and publishes a course with a module and a quiz', async () => {
    const page = await open();
    await signInAs(page, t.base, agency.people.training_admin.email, TEST_PASSWORD);
    await page.goto(`${t.base}/admin/courses`);
    await page.getByLabel('Judul pelatihan').fill(courseTitle);
    await page.getByLabel('Ringkasan').fill('Kode etik ASN di garis depan pelayanan.');
    await page.getByLabel('Durasi JP (menit)').fill('90');
    await page.getByLabel('Kompetensi', { exact: true }).selectOption(agency.competencyId);
    await page.getByRole('button', { name: 'Buat pelatihan' }).click();
    const editor = page.url();
    expect(editor).toMatch(/\/admin\/courses\/[0-9a-f-]{36}$/);

    await page.getByLabel('Judul modul baru').fill('Dasar etika');
    await page.getByRole('button', { name: 'Tambah modul' }).click();
    await page.getByLabel('Jenis pelajaran').selectOption('text');
    await page.getByLabel('Judul pelajaran baru').fill('Pengantar');
    await page.getByRole('button', { name: 'Tambah pelajaran' }).click();
    await page.getByLabel('Isi (Markdown)').fill('# Etika\n\nSetiap ASN **wajib** melayani masyarakat dengan jujur.');
    await page.getByRole('button', { name: 'Simpan pelajaran' }).click();
    await screenshot(page, 'admin-lesson-editor');

    await page.goto(editor);
    await page.getByLabel('Jenis pelajaran').selectOption('quiz');
    await page.getByLabel('Judul pelajaran baru').fill('Kuis etika');
    await page.getByRole('button', { name: 'Tambah pelajaran' }).click();
    await page.getByLabel('Jenis soal').selectOption('single_choice');
    await page.getByLabel('Pertanyaan').fill('Apa kewajiban utama ASN?');
    await page.getByLabel('Poin').fill('1');
    await page.getByLabel('Teks pilihan 1').fill('Melayani masyarakat');
    await page.getByLabel('Jawaban 1 benar').check();
    await page.getByLabel('Teks pilihan 2').fill('Menunda layanan');
    await page.getByRole('button', { name: 'Tambah soal' }).click();
    await screenshot(page, 'admin-quiz-builder');

    await page.goto(editor);
    await screenshot(page, 'admin-course-editor');
    await page.goto(`${editor}/publish`);
    await screenshot(page, 'admin-publish-checks');
    await page.getByRole('button', { name: 'Terbitkan' }).click();
    expect(page.url()).toBe(`${editor}/versions`);
    expect(await page.locator('main').innerText()).toContain('Pelatihan terbit sebagai versi 1.');
    const [course] = await t.db.query(`SELECT published_version FROM course WHERE tenant_id = $1 AND id = $2`, [agency.id, editor.split('/').pop()]);
    expect(course.published_version).toBe(1);
  });

  it('journey 2: a learner enrolls, completes the course and downloads the certificate', async () => {
    const page = await open();
    await signInAs(page, t.base, agency.people.learner.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    await screenshot(page, 'learner-dashboard');

    await page.goto(`${t.base}/catalog`);
    await page.getByLabel('Kata kunci').fill(courseTitle.split(' ').slice(0, 2).join(' '));
    await page.getByRole('button', { name: 'Cari' }).click();
    await screenshot(page, 'learner-catalog');
    await page.getByRole('link', { name: courseTitle }).click();
    await screenshot(page, 'learner-course');
    await page.getByRole('button', { name: 'Daftar dan mulai belajar' }).click();
    expect(page.url()).toMatch(/\/learn\/[0-9a-f-]{36}$/);
    const outline = page.url();

    await page.getByRole('link', { name: 'Lanjutkan dari terakhir kali' }).click();
    expect(await page.locator('main').innerText()).toContain('Setiap ASN wajib melayani masyarakat dengan jujur.');
    await screenshot(page, 'learner-text-lesson');
    await page.getByRole('button', { name: 'Tandai selesai' }).click();
    // The next lesson is the quiz.
    await page.getByRole('button', { name: 'Mulai percobaan' }).click();
    await page.getByLabel('Melayani masyarakat').check();
    await screenshot(page, 'learner-quiz');
    await page.getByRole('button', { name: 'Kirim untuk dinilai' }).click();
    // Grading runs in the worker; the result appears when it is done.
    await eventually(page, async () => (await page.locator('main').innerText()).includes('Lulus'));
    await screenshot(page, 'learner-quiz-result');

    // Completion (worker) and the certificate (generator) follow by themselves.
    await page.goto(outline);
    await page.goto(`${t.base}/me/certificates`);
    await eventually(page, async () => (await page.getByRole('link', { name: /Unduh/ }).count()) > 0, 90_000);
    await screenshot(page, 'learner-certificates');
    const verifyHref = await page.locator('a[href^="/verify/"]').first().getAttribute('href');
    verificationCode = verifyHref!.split('/').pop()!;

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Unduh/ }).first().click()]);
    const dir = mkdtempSync(join(tmpdir(), 'mahir-e2e-'));
    const file = join(dir, 'sertifikat.pdf');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    const [employee] = await t.db.query(`SELECT full_name FROM employee WHERE id = $1`, [agency.people.learner.employeeId]);
    expect(text).toContain(employee.full_name);
    expect(text).toContain(courseTitle);

    await page.goto(`${t.base}/me/competencies`);
    expect(await page.locator('main svg').count()).toBeGreaterThan(0);
    await screenshot(page, 'learner-competencies');
  });

  it('journey 3: a stranger verifies that certificate without signing in', async () => {
    expect(verificationCode).toMatch(/^[A-Z0-9]{16}$/);
    const page = await open();
    await page.goto(`${t.base}/verify`);
    await page.getByLabel('Kode verifikasi').fill(verificationCode.toLowerCase());
    await page.getByRole('button', { name: 'Periksa' }).click();
    expect(page.url()).toBe(`${t.base}/verify/${verificationCode}`);
    const body = await page.locator('body').innerText();
    expect(body).toContain('SAH');
    expect(body).toContain(courseTitle);
    // The NIP is partly masked for strangers.
    expect(body).not.toContain(agency.people.learner.nip);
    await screenshot(page, 'verify');
  });

  it('fits a phone: no sideways scrolling, the menu opens, the dashboard and the catalog read', async () => {
    const page = await open(PHONE);
    await signInAs(page, t.base, agency.people.learner.email, TEST_PASSWORD);
    const fits = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
    expect(await fits()).toBe(true);
    await screenshot(page, 'phone-dashboard');
    const catalogLink = page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Katalog' });
    expect(await catalogLink.isVisible()).toBe(false);
    await page.getByText('Menu', { exact: true }).click();
    expect(await catalogLink.isVisible()).toBe(true);
    await screenshot(page, 'phone-menu');
    await catalogLink.click();
    expect(new URL(page.url()).pathname).toBe('/catalog');
    expect(await fits()).toBe(true);
    await screenshot(page, 'phone-catalog');
  });

  it('shows the other roles their main pages (supervisor, grader inbox, reports, agency admin)', async () => {
    const tour: [keyof Agency['people'], string, string][] = [
      ['supervisor', '/team', 'supervisor-team'],
      ['supervisor', '/team/requests', 'supervisor-requests'],
      ['training_admin', '/admin/grading', 'admin-grading-inbox'],
      ['training_admin', '/admin/reports', 'admin-reports'],
      ['training_admin', '/admin/certificate-templates', 'admin-certificate-templates'],
      ['training_admin', '/admin/queues', 'admin-queues'],
      ['tenant_admin', '/org/employees', 'org-employees'],
      ['tenant_admin', '/org/units', 'org-units'],
    ];
    const pages = new Map<string, Page>();
    for (const [role, path, name] of tour) {
      let page = pages.get(role);
      if (!page) {
        page = await open();
        await signInAs(page, t.base, agency.people[role].email, TEST_PASSWORD);
        pages.set(role, page);
      }
      const res = await page.goto(`${t.base}${path}`);
      expect(`${path} ${res?.status()}`).toBe(`${path} 200`);
      expect(await page.locator('h1').count()).toBeGreaterThan(0);
      await screenshot(page, name);
    }
  });
});
