import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'minio';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import { expectProblem } from '../../test-support/auth-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { startGenerator } from '../../test-support/generator';
import { insertCertificate } from './certificate-fixtures';


const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const GOOD_HTML = '<div class="page">\n<img src="{{asset "logo"}}" alt="">\n<h1>SERTIFIKAT</h1>\n<p>{{number}}</p>\n<p class="holder">{{holderName}}</p>\n<p>{{jp jpMinutes}} JP, {{date issuedAt}}</p>\n{{qr}}\n</div>';

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('certificate templates, re-issue and course ZIP', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let tokens: { learner: string; trainer: string; otherTrainer: string };
  let generator: { stop(): Promise<unknown>; output(): string } | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'mahir-tpl-'));

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    other = await createAgency(t.db);
    tokens = {
      learner: await bearer(t, agency.people.learner.email),
      trainer: await bearer(t, agency.people.training_admin.email),
      otherTrainer: await bearer(t, other.people.training_admin.email),
    };
  });
  afterAll(async () => {
    await generator?.stop();
    await t.app.close();
  });

  const storage = () => t.app.get<Client>(STORAGE_CLIENT);
  const bucket = () => t.app.get<string>(STORAGE_BUCKET);
  async function read(objectKey: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await storage().getObject(bucket(), objectKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  async function uploadAsset(token: string, name: string, bytes: Buffer, contentType = 'image/png') {
    const req = await t.http().post('/api/v1/certificate-assets').set('Authorization', token).send({ name, contentType, size: bytes.length }).expect(201);
    const put = await fetch(req.body.uploadUrl, { method: 'PUT', body: bytes });
    expect(put.status).toBe(200);
    return t.http().post(`/api/v1/certificate-assets/${req.body.assetId}/complete`).set('Authorization', token);
  }
  const save = (token: string, body: Record<string, unknown>, id?: string) =>
    (id ? t.http().put(`/api/v1/certificate-templates/${id}`) : t.http().post('/api/v1/certificate-templates')).set('Authorization', token).send({ name: 'Teknis', orientation: 'portrait', css: '', ...body });

  it('refuses templates that script, reach the network, call unknown helpers or do not compile, naming the line', async () => {
    const cases: [Record<string, unknown>, string, string, number][] = [
      [{ html: '<p>a</p>\n<script>alert(1)</script>' }, 'html', 'template.script', 2],
      [{ html: '<p>\n\n<img src="x.png" onerror="alert(1)">' }, 'html', 'template.eventHandler', 3],
      [{ html: '<a href="javascript:alert(1)">x</a>' }, 'html', 'template.javascriptUrl', 1],
      [{ html: '<img src="https://evil.example/t.png">' }, 'html', 'template.remoteUrl', 1],
      [{ html: '<p>x</p>', css: 'p { color: red }\n@import "//evil.example/x.css";' }, 'css', 'template.remoteUrl', 2],
      [{ html: '<p>x</p>', css: 'body { background: url(http://evil.example/b.png) }' }, 'css', 'template.remoteUrl', 1],
      [{ html: '<p>\n{{lookup this "constructor"}}</p>' }, 'html', 'template.unknownHelper', 2],
      [{ html: '<p>\n{{#if holderName}}\n<b>' }, 'html', 'template.syntax', 3],
      [{ html: '{{{holderName}}}' }, 'html', 'template.unescaped', 1],
    ];
    for (const [body, field, rule, line] of cases) {
      const res = await save(tokens.trainer, body);
      expectProblem(res, 422, 'certificateTemplate.invalid');
      expect(res.body.errors[0]).toMatchObject({ field, rule });
      expect(res.body.lines[0]).toEqual({ part: field, rule, line });
      expect(res.body.errors[0].message).toContain(String(line));
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM certificate_template WHERE tenant_id = $1`, [agency.id]);
    expect(n).toBe(0);
  });

  it('takes PNG assets checked by their bytes, refuses SVG, and never resolves another tenant’s names', async () => {
    expect((await uploadAsset(tokens.trainer, 'logo', PNG)).status).toBe(200);
    expectProblem(await t.http().post('/api/v1/certificate-assets').set('Authorization', tokens.trainer).send({ name: 'vector', contentType: 'image/svg+xml', size: SVG.length }), 415, 'certificateAsset.unsupportedType');
    // Declared PNG, SVG arrives: rejected and removed.
    expectProblem(await uploadAsset(tokens.trainer, 'sneaky', SVG), 415, 'certificateAsset.unsupportedType');
    expectProblem(await t.http().post('/api/v1/certificate-assets').set('Authorization', tokens.trainer).send({ name: 'logo', contentType: 'image/png', size: 10 }), 409, 'certificateAsset.nameTaken');
    const list = await t.http().get('/api/v1/certificate-assets').set('Authorization', tokens.trainer).expect(200);
    expect(list.body.map((a: { name: string; status: string }) => `${a.name}:${a.status}`)).toEqual(['logo:verified']);
    // The other agency has no asset "logo": its template cannot reach ours.
    const res = await save(tokens.otherTrainer, { html: GOOD_HTML });
    expectProblem(res, 422, 'certificateTemplate.invalid');
    expect(res.body.errors[0]).toMatchObject({ field: 'html', rule: 'template.unknownAsset' });
  });

  let templateId: string;
  it('versions templates on every save and previews them as HTML under a strict CSP', async () => {
    const created = await save(tokens.trainer, { html: GOOD_HTML.replace('SERTIFIKAT', 'PIAGAM') }).expect(201);
    templateId = created.body.id;
    expect(created.body).toMatchObject({ version: 1, latestVersion: 1, orientation: 'portrait', assets: ['logo'] });
    const updated = await save(tokens.trainer, { html: GOOD_HTML }, templateId).expect(200);
    expect(updated.body).toMatchObject({ version: 2, latestVersion: 2 });
    const v1 = await t.http().get(`/api/v1/certificate-templates/${templateId}?version=1`).set('Authorization', tokens.trainer).expect(200);
    expect(v1.body.html).toContain('PIAGAM');
    const list = await t.http().get('/api/v1/certificate-templates').set('Authorization', tokens.trainer).expect(200);
    expect(list.body).toMatchObject([{ id: templateId, latestVersion: 2 }]);
    expectProblem(await t.http().get(`/api/v1/certificate-templates/${templateId}`).set('Authorization', tokens.otherTrainer), 404, 'certificateTemplate.notFound');
    expectProblem(await t.http().get(`/api/v1/certificate-templates/${templateId}`).set('Authorization', tokens.learner), 403, 'auth.forbiddenRole');
    const preview = await t.http().post(`/api/v1/certificate-templates/${templateId}/preview`).set('Authorization', tokens.trainer).expect(200);
    expect(preview.headers['content-type']).toMatch(/^text\/html/);
    expect(preview.headers['content-security-policy']).toContain("default-src 'none'");
    expect(preview.text).toContain(`src="data:image/png;base64,${PNG.toString('base64')}"`);
    expect(preview.text).toContain('Siti Rahmawati');
    expect(preview.text).toContain('size: A4 portrait');
  });

  it('re-issues with the corrected name and the course’s template (same number and code, new file, old one kept), once per request', async () => {
    const cert = await insertCertificate(t, agency.id, agency.people.learner.employeeId, agency.competencyId);
    const [{ course_id: courseId }] = await t.db.query(`SELECT course_id FROM certificate WHERE id = $1`, [cert.id]);
    // course_version is append-only: the certificate moves to a version of the course that picks the template.
    await t.db.query(
      `INSERT INTO course_version (course_id, version, tenant_id, title, document)
       SELECT course_id, 2, tenant_id, title, jsonb_set(document, '{certificateTemplateId}', to_jsonb($2::text)) FROM course_version WHERE course_id = $1 AND version = 1`,
      [courseId, templateId],
    );
    await t.db.query(`UPDATE certificate SET course_version = 2 WHERE id = $1`, [cert.id]);
    await t.db.query(`UPDATE employee SET full_name = 'Siti Rahmawati Koreksi' WHERE id = $1`, [agency.people.learner.employeeId]);

    expectProblem(await t.http().post(`/api/v1/certificates/${cert.id}/reissue`).set('Authorization', tokens.otherTrainer).send({ reason: 'Nama dikoreksi' }), 404, 'certificate.notFound');
    const first = await t.http().post(`/api/v1/certificates/${cert.id}/reissue`).set('Authorization', tokens.trainer).send({ reason: 'Nama dikoreksi' }).expect(202);
    const again = await t.http().post(`/api/v1/certificates/${cert.id}/reissue`).set('Authorization', tokens.trainer).send({ reason: 'Nama dikoreksi' }).expect(202);
    expect(again.body).toEqual(first.body);
    const events = await t.db.query(`SELECT 1 FROM outbox_event WHERE name = 'certificate.reissue' AND payload->>'certificateId' = $1`, [cert.id]);
    expect(events).toHaveLength(1);

    generator = await startGenerator();
    const row = await eventually(async () => {
      const [r] = await t.db.query(`SELECT * FROM certificate WHERE id = $1 AND reissue_token IS NULL AND sha256 <> $2`, [cert.id, cert.sha256]);
      return r;
    }, 30_000, `re-issue\n${generator.output()}`);
    expect(row).toMatchObject({ number: cert.number, verification_code: cert.code, status: 'valid', holder_name: 'Siti Rahmawati Koreksi', template_id: templateId, template_version: 2 });
    const pdf = await read(row.object_key);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(row.sha256);
    const file = join(dir, 'reissued.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain('Siti Rahmawati Koreksi');
    expect(text).toContain(cert.number);
    const files = await t.db.query(`SELECT reason, template_version FROM certificate_file WHERE certificate_id = $1 ORDER BY created_at`, [cert.id]);
    expect(files).toEqual([{ reason: 'issue', template_version: null }, { reason: 'reissue', template_version: 2 }]);

    // The old file still verifies, as an earlier file; the new one matches.
    const old = await t.http().post(`/api/v1/certificates/verify/${cert.code}/file`).attach('file', cert.pdf, 'old.pdf').expect(200);
    expect(old.body).toMatchObject({ matches: false, earlierFile: true });
    const current = await t.http().post(`/api/v1/certificates/verify/${cert.code}/file`).attach('file', pdf, 'new.pdf').expect(200);
    expect(current.body).toMatchObject({ matches: true });

    // The course ZIP holds the re-issued file under its number.
    expectProblem(await t.http().get(`/api/v1/courses/${courseId}/certificates.zip`).set('Authorization', tokens.otherTrainer), 404, 'course.notFound');
    const zip = await t.http().get(`/api/v1/courses/${courseId}/certificates.zip`).set('Authorization', tokens.trainer).buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const zipFile = join(dir, 'course.zip');
    writeFileSync(zipFile, zip.body as Buffer);
    const name = `${cert.number.replace(/\//g, '-')}.pdf`;
    expect(execFileSync('unzip', ['-Z1', zipFile]).toString().trim()).toBe(name);
    expect(execFileSync('unzip', ['-p', zipFile, name]).equals(pdf)).toBe(true);
  }, 90_000);
});

