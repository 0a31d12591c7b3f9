import { randomUUID } from 'node:crypto';
import { expectProblem } from '../../test-support/auth-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';
import { insertCertificate, samplePdf } from './certificate-fixtures';

describe('certificates API', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let tokens: { learner: string; supervisor: string; trainer: string; otherTrainer: string };

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t.db);
    other = await createAgency(t.db);
    tokens = {
      learner: await bearer(t, agency.people.learner.email),
      supervisor: await bearer(t, agency.people.supervisor.email),
      trainer: await bearer(t, agency.people.training_admin.email),
      otherTrainer: await bearer(t, other.people.training_admin.email),
    };
  });
  afterAll(() => t.app.close());

  const cert = (a: Agency, employeeId: string, options?: Parameters<typeof insertCertificate>[4]) => insertCertificate(t, a.id, employeeId, a.competencyId, options);

  it('lists only the caller’s own certificates, newest first, paginated', async () => {
    const older = await cert(agency, agency.people.learner.employeeId, { issuedAt: new Date('2025-03-01T02:00:00Z') });
    const newer = await cert(agency, agency.people.learner.employeeId, { issuedAt: new Date('2025-08-15T02:00:00Z') });
    const pending = await cert(agency, agency.people.learner.employeeId, { status: 'pending', issuedAt: new Date('2025-09-01T02:00:00Z') });
    await cert(agency, agency.people.supervisor.employeeId);
    const res = await t.http().get('/api/v1/me/certificates?pageSize=2').set('Authorization', tokens.learner).expect(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((c: { id: string; state: string }) => [c.id, c.state])).toEqual([[pending.id, 'pending'], [newer.id, 'valid']]);
    const page2 = await t.http().get('/api/v1/me/certificates?pageSize=2&page=2').set('Authorization', tokens.learner).expect(200);
    expect(page2.body.items.map((c: { id: string }) => c.id)).toEqual([older.id]);
    expect(page2.body.items[0]).toMatchObject({ number: older.number, courseTitle: 'Pelayanan Publik Prima', jpMinutes: 900, verificationCode: older.code });
    const beyond = await t.http().get('/api/v1/me/certificates?pageSize=2&page=9').set('Authorization', tokens.learner).expect(200);
    expect(beyond.body).toMatchObject({ items: [], total: 3 });
  });

  it('hands the holder and a training admin a short link to the PDF; others of the tenant or other tenants get 404; pending 409', async () => {
    const own = await cert(agency, agency.people.learner.employeeId);
    for (const token of [tokens.learner, tokens.trainer]) {
      const res = await t.http().get(`/api/v1/certificates/${own.id}/download`).set('Authorization', token).expect(200);
      expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
      const file = await fetch(res.body.url);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(own.pdf)).toBe(true);
    }
    expectProblem(await t.http().get(`/api/v1/certificates/${own.id}/download`).set('Authorization', tokens.supervisor), 404, 'certificate.notFound');
    expectProblem(await t.http().get(`/api/v1/certificates/${own.id}/download`).set('Authorization', tokens.otherTrainer), 404, 'certificate.notFound');
    expectProblem(await t.http().get(`/api/v1/certificates/${randomUUID()}/download`).set('Authorization', tokens.trainer), 404, 'certificate.notFound');
    const pending = await cert(agency, agency.people.learner.employeeId, { status: 'pending' });
    expectProblem(await t.http().get(`/api/v1/certificates/${pending.id}/download`).set('Authorization', tokens.learner), 409, 'certificate.notReady');
  });

  it('verifies by code without a login: normalised codes, masked NIP, and one same 404 for malformed, unknown and pending codes', async () => {
    const c = await cert(agency, agency.people.learner.employeeId);
    const typed = `${c.code.slice(0, 4).toLowerCase()}-${c.code.slice(4, 8)} ${c.code.slice(8, 12)}.${c.code.slice(12)}`;
    const res = await t.http().get(`/api/v1/certificates/verify/${encodeURIComponent(typed)}`).expect(200);
    const nip = agency.people.learner.nip;
    expect(res.body).toMatchObject({
      state: 'valid', number: c.number, holderName: 'Pegawai pegawai', holderNip: `${nip.slice(0, 4)}**********${nip.slice(-4)}`,
      courseTitle: 'Pelayanan Publik Prima', jpMinutes: 900, jp: '20', competencies: [{ name: 'Kompetensi Teknis Uji', type: 'teknis', level: 2 }],
      agencyName: `Instansi ${agency.code}`, sha256: c.sha256, expiresAt: null, revokedAt: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(nip);
    expect(res.body).not.toHaveProperty('id');
    const pending = await cert(agency, agency.people.learner.employeeId, { status: 'pending' });
    const answers = [];
    for (const code of ['AAAAAAAAAAAAAAAA', 'not-a-code', '0000000000000000', pending.code, 'x'.repeat(80)]) {
      const miss = await t.http().get(`/api/v1/certificates/verify/${code}`);
      expectProblem(miss, 404, 'certificate.notFound');
      answers.push({ ...miss.body, instance: undefined, requestId: undefined });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const expired = await cert(agency, agency.people.learner.employeeId, { expiresAt: new Date(Date.now() - 1000) });
    expect((await t.http().get(`/api/v1/certificates/verify/${expired.code}`).expect(200)).body.state).toBe('expired');
  });

  it('checks an uploaded PDF against the certificate’s hash; a file that is not a PDF is 415 naming file', async () => {
    const c = await cert(agency, agency.people.learner.employeeId);
    const same = await t.http().post(`/api/v1/certificates/verify/${c.code.toLowerCase()}/file`).attach('file', c.pdf, 'sertifikat.pdf').expect(200);
    expect(same.body).toMatchObject({ matches: true, sha256: c.sha256, state: 'valid' });
    const forged = await t.http().post(`/api/v1/certificates/verify/${c.code}/file`).attach('file', samplePdf('palsu'), 'sertifikat.pdf').expect(200);
    expect(forged.body).toMatchObject({ matches: false, earlierFile: false });
    expect(forged.body.sha256).not.toBe(c.sha256);
    const exe = await t.http().post(`/api/v1/certificates/verify/${c.code}/file`).attach('file', Buffer.from('MZ\x90\x00', 'latin1'), { filename: 'a.pdf', contentType: 'application/pdf' });
    expectProblem(exe, 415, 'certificate.notPdf');
    expect(exe.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    expectProblem(await t.http().post(`/api/v1/certificates/verify/AAAAAAAAAAAAAAAA/file`).attach('file', c.pdf, 'a.pdf'), 404, 'certificate.notFound');
    expectProblem(await t.http().post(`/api/v1/certificates/verify/${c.code}/file`).set('Content-Type', 'application/json').send('{}'), 415, 'request.unsupportedMediaType');
    expectProblem(await t.http().post(`/api/v1/certificates/verify/${c.code}/file`), 400, 'rule.required');
  });

  it('serves the verification page as escaped HTML at /verify/<code>, outside /api/v1, and a 404 page for unknown codes', async () => {
    await t.db.query(`UPDATE employee SET full_name = '<script>alert(1)</script> Budi' WHERE id = $1`, [agency.teamMemberId]);
    const c = await cert(agency, agency.teamMemberId);
    const res = await t.http().get(`/verify/${c.code}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Budi');
    expect(res.text).not.toMatch(/<script/i);
    for (const expected of ['SAH', 'Valid', c.number, 'Pelayanan Publik Prima', '20 JP', 'Kompetensi Teknis Uji', `Instansi ${agency.code}`, c.sha256]) expect(res.text).toContain(expected);
    const miss = await t.http().get('/verify/AAAAAAAAAAAAAAAA').expect(404);
    expect(miss.headers['content-type']).toMatch(/^text\/html/);
    expect(miss.text).toContain('Sertifikat tidak ditemukan');
    await t.http().get(`/api/v1/verify/${c.code}`).expect(404);
  });

  it('lets a training admin revoke once with a reason, audited; verification then says revoked; twice is 409', async () => {
    const c = await cert(agency, agency.people.learner.employeeId);
    const res = await t.http().post(`/api/v1/certificates/${c.id}/revoke`).set('Authorization', tokens.trainer).send({ reason: 'Nama peserta keliru' }).expect(200);
    expect(res.body).toMatchObject({ id: c.id, status: 'revoked', revokedReason: 'Nama peserta keliru' });
    expect((await t.http().get(`/api/v1/certificates/verify/${c.code}`).expect(200)).body.state).toBe('revoked');
    expect((await t.http().get(`/verify/${c.code}`).expect(200)).text).toContain('DICABUT');
    const audit = await t.db.query(`SELECT action, detail FROM audit_log WHERE target_id = $1`, [c.id]);
    expect(audit).toEqual([{ action: 'certificate.revoke', detail: { number: c.number, reason: 'Nama peserta keliru' } }]);
    expectProblem(await t.http().post(`/api/v1/certificates/${c.id}/revoke`).set('Authorization', tokens.trainer).send({ reason: 'Lagi' }), 409, 'certificate.alreadyRevoked');
    const foreign = await cert(other, other.people.learner.employeeId);
    expectProblem(await t.http().post(`/api/v1/certificates/${foreign.id}/revoke`).set('Authorization', tokens.trainer).send({ reason: 'Bukan milik kami' }), 404, 'certificate.notFound');
    expect((await t.db.query(`SELECT status FROM certificate WHERE id = $1`, [foreign.id]))[0].status).toBe('valid');
    expectProblem(await t.http().post(`/api/v1/certificates/${c.id}/revoke`).set('Authorization', tokens.learner).send({ reason: 'Saya mau' }), 403, 'auth.forbiddenRole');
  });
});
