import { createHash, randomUUID } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { Client } from 'minio';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import { createEmployee, createLogin, fieldRules } from '../../test-support/auth-helpers';
import { expectRefusal, ledgerCounts, nationalCompetencies } from '../../test-support/ledger-helpers';
import { expectProblem } from '../../test-support/org-helpers';
import { bearer, createAgency, startTestApp, type Agency, type TestApp } from '../../test-support/test-app';

/** A one-page PDF with a correct cross-reference table, as a reader opens it. */
function pdfBytes(title = 'Hasil asesmen'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Title (${title}) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A 2×2 RGB PNG: signature, IHDR, deflated IDAT, IEND, each chunk with its CRC. */
function pngBytes(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.concat([0, 1].map(() => Buffer.from([0, 0x1f, 0x6f, 0xb4, 0xff, 0xc8, 0x00])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * An 8×8 mid-grey baseline JPEG: one quantisation table, one-code Huffman tables, and a scan
 * whose only block has a DC difference of 0 and an immediate end-of-block (bits 00, padded 1s).
 */
function jpegBytes(): Buffer {
  const segment = (marker: number, data: number[]) => Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data]);
  const oneCodeTable = (tableClass: number) => [tableClass, 1, ...Array<number>(15).fill(0), 0x00];
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0x00, ...Array<number>(64).fill(1)]),
    segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    segment(0xc4, oneCodeTable(0x00)),
    segment(0xc4, oneCodeTable(0x10)),
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    Buffer.from([0x3f, 0xff, 0xd9]),
  ]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('evidence files of the ledger', () => {
  let t: TestApp;
  let agency: Agency;
  let other: Agency;
  let national: Record<string, string>;
  let storage: Client;
  let bucket: string;
  let admin: string;
  let trainer: string;
  let supervisor: string;
  let learner: string;
  let otherAdmin: string;

  interface Attachment {
    bytes: Buffer;
    filename?: string;
    contentType?: string;
    field?: string;
  }
  const uploadTo = (app: TestApp, employeeId: string, files: Attachment[], auth = trainer) => {
    const req = app.http().post(`/api/v1/employees/${employeeId}/ledger/evidence`).set('Authorization', auth);
    for (const f of files) req.attach(f.field ?? 'file', f.bytes, { filename: f.filename ?? 'bukti.pdf', contentType: f.contentType ?? 'application/pdf' });
    return req;
  };
  const upload = (employeeId: string, file: Attachment, auth = trainer) => uploadTo(t, employeeId, [file], auth);
  const record = (employeeId: string, body: Record<string, unknown>, auth = trainer) =>
    t.http().post(`/api/v1/employees/${employeeId}/ledger`).set('Authorization', auth).send(body);
  const entry = (over: Record<string, unknown> = {}) => ({
    competencyId: national['M.2'],
    level: 3,
    source: 'assessment',
    sourceRef: `AC-2025/${randomUUID().slice(0, 8)}`,
    occurredAt: '2025-06-02T09:00:00+07:00',
    ...over,
  });
  const link = (employeeId: string, entryId: string, auth = admin) =>
    t.http().get(`/api/v1/employees/${employeeId}/ledger/${entryId}/evidence`).set('Authorization', auth);
  /** A fresh employee in the supervisor's team. */
  const teamMember = async () => (await createEmployee(t.db, agency, { supervisorId: agency.people.supervisor.employeeId })).employeeId;
  const storedKeys = async (tenantId: string): Promise<string[]> => {
    const keys: string[] = [];
    for await (const item of storage.listObjectsV2(bucket, `${tenantId}/`, true)) keys.push((item as { name: string }).name);
    return keys.sort();
  };
  /** What a refused upload must leave as it was: upload rows, stored objects, the audit log. */
  const uploadState = async (tenantId: string) => ({
    uploads: await t.db.query(`SELECT object_key, entry_id FROM evidence_upload WHERE tenant_id = $1 ORDER BY object_key`, [tenantId]),
    objects: await storedKeys(tenantId),
    ledger: await ledgerCounts(t.db, tenantId),
  });
  const uploadedFor = async (employeeId: string, bytes = pdfBytes(), auth = trainer): Promise<string> => {
    const res = await upload(employeeId, { bytes }, auth);
    expect(`${res.status} ${res.text}`).toMatch(/^201 /);
    return res.body.evidenceObjectKey as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other] = await Promise.all([createAgency(t.db), createAgency(t.db)]);
    national = await nationalCompetencies(t.db);
    storage = t.app.get<Client>(STORAGE_CLIENT);
    bucket = t.app.get<string>(STORAGE_BUCKET);
    [admin, trainer, supervisor, learner, otherAdmin] = await Promise.all([
      bearer(t, agency.people.tenant_admin.email),
      bearer(t, agency.people.training_admin.email),
      bearer(t, agency.people.supervisor.email),
      bearer(t, agency.people.learner.email),
      bearer(t, other.people.tenant_admin.email),
    ]);
  });
  afterAll(() => t.app.close());

  describe('upload, record, download', () => {
    it.each([
      ['PDF', pdfBytes, 'laporan-asesmen.pdf', 'application/pdf', '.pdf'],
      ['PNG', pngBytes, 'foto.png', 'image/png', '.png'],
      ['JPEG', jpegBytes, 'foto.jpeg', 'image/jpeg', '.jpg'],
    ])('stores a %s under a generated key, attaches it to an entry and serves the same bytes through a 5-minute link', async (_name, make, filename, contentType, ext) => {
      const employeeId = await teamMember();
      const bytes = make();
      const uploaded = await upload(employeeId, { bytes, filename, contentType });
      expect(`${uploaded.status} ${uploaded.text}`).toMatch(/^201 /);
      expect(uploaded.body).toEqual({ evidenceObjectKey: expect.any(String), contentType, size: bytes.length, sha256: sha256(bytes) });
      const key: string = uploaded.body.evidenceObjectKey;
      expect(key).toMatch(new RegExp(`^${agency.id}/evidence/\\d{4}/${UUID}\\${ext}$`));
      expect(key).not.toContain(filename.replace(/\..*$/, ''));
      expect((await storage.statObject(bucket, key)).metaData['content-type']).toBe(contentType);

      const recorded = await record(employeeId, entry({ source: 'manual', evidenceText: `Bukti ${filename}`, evidenceObjectKey: key }));
      expect(`${recorded.status} ${recorded.text}`).toMatch(/^201 /);
      expect(recorded.body).toMatchObject({ evidenceObjectKey: key, source: 'manual' });
      expect(await t.db.query(`SELECT entry_id FROM evidence_upload WHERE object_key = $1`, [key])).toEqual([{ entry_id: recorded.body.id }]);
      // The key is part of the entry's hash, so the chain still verifies with it.
      const verified = await t.http().get(`/api/v1/employees/${employeeId}/ledger/verify`).set('Authorization', admin).expect(200);
      expect(verified.body.valid).toBe(true);

      const res = await link(employeeId, recorded.body.id).expect(200);
      expect(res.body).toEqual({ url: expect.any(String), expiresInSeconds: 300, contentType });
      const url = new URL(res.body.url);
      expect(url.pathname).toBe(`/${bucket}/${key}`);
      // Signed for 5 minutes (s3rver does not check V4 signatures; MinIO enforces both).
      expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      const download = await fetch(res.body.url);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe(contentType);
      const downloaded = Buffer.from(await download.arrayBuffer());
      expect(downloaded.equals(bytes)).toBe(true);
      expect(sha256(downloaded)).toBe(uploaded.body.sha256);
    });

    it('stores a PDF declared as image/png (and named .png) as application/pdf, under .pdf', async () => {
      const employeeId = await teamMember();
      const res = await upload(employeeId, { bytes: pdfBytes(), filename: 'foto.png', contentType: 'image/png' }).expect(201);
      expect(res.body.contentType).toBe('application/pdf');
      expect(res.body.evidenceObjectKey).toMatch(/\.pdf$/);
      expect((await storage.statObject(bucket, res.body.evidenceObjectKey)).metaData['content-type']).toBe('application/pdf');
      const [row] = await t.db.query(`SELECT content_type, size, sha256, uploaded_by, employee_id FROM evidence_upload WHERE object_key = $1`, [res.body.evidenceObjectKey]);
      expect(row).toEqual({ content_type: 'application/pdf', size: res.body.size, sha256: res.body.sha256, uploaded_by: agency.people.training_admin.userId, employee_id: employeeId });
    });

    it('records the upload in the audit log', async () => {
      const employeeId = await teamMember();
      const key = await uploadedFor(employeeId);
      const audit = await t.db.query(`SELECT action, actor_user_id, detail FROM audit_log WHERE target_id = $1`, [key]);
      expect(audit).toEqual([
        { action: 'evidence.upload', actor_user_id: agency.people.training_admin.userId, detail: expect.objectContaining({ employeeId, contentType: 'application/pdf' }) },
      ]);
    });
  });

  describe('what is refused at upload', () => {
    it('refuses a program, text or a web page renamed .pdf with 415 naming `file`, storing nothing', async () => {
      const employeeId = await teamMember();
      const before = await uploadState(agency.id);
      for (const bytes of [
        Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(64), Buffer.from('This program cannot be run in DOS mode.')]),
        Buffer.from('Laporan hasil asesmen: level 3\n'),
        Buffer.from('<html><script>alert(document.cookie)</script></html>'),
        Buffer.from(' %PDF-1.4 with a leading space'),
      ]) {
        const res = await upload(employeeId, { bytes, filename: 'laporan.pdf', contentType: 'application/pdf' });
        expectRefusal(res, 415, 'evidence.unsupportedType', [{ field: 'file', rule: 'unsupportedType' }]);
      }
      expect(await uploadState(agency.id)).toEqual(before);
    });

    it('refuses a missing file, an empty file, two files, another field name and extra fields with 400 naming `file`', async () => {
      const employeeId = await teamMember();
      const before = await uploadState(agency.id);
      const path = `/api/v1/employees/${employeeId}/ledger/evidence`;

      const none = await t.http().post(path).set('Authorization', trainer);
      expectRefusal(none, 400, 'rule.required', [{ field: 'file', rule: 'required' }]);
      const onlyText = await t.http().post(path).set('Authorization', trainer).field('note', 'tanpa berkas');
      expectRefusal(onlyText, 400, 'evidence.singleFile', [{ field: 'file' }]);
      expectRefusal(await upload(employeeId, { bytes: Buffer.alloc(0) }), 400, 'evidence.empty', [{ field: 'file', rule: 'empty' }]);

      const two = await uploadTo(t, employeeId, [{ bytes: pdfBytes() }, { bytes: pngBytes(), filename: 'foto.png', contentType: 'image/png' }]);
      expectRefusal(two, 400, 'evidence.singleFile', [{ field: 'file', rule: 'singleFile' }]);
      expectRefusal(await upload(employeeId, { bytes: pdfBytes(), field: 'berkas' }), 400, 'evidence.singleFile', [{ field: 'file' }]);
      const extra = await t.http().post(path).set('Authorization', trainer).field('employeeId', randomUUID()).attach('file', pdfBytes(), 'bukti.pdf');
      expectRefusal(extra, 400, 'evidence.singleFile', [{ field: 'file' }]);
      expect(await uploadState(agency.id)).toEqual(before);
    });

    it('accepts only multipart/form-data there: JSON, raw bytes and forms are 415', async () => {
      const employeeId = await teamMember();
      const path = `/api/v1/employees/${employeeId}/ledger/evidence`;
      for (const [type, body] of [
        ['application/json', JSON.stringify({ file: pdfBytes().toString('base64') })],
        ['application/pdf', pdfBytes()],
        ['application/x-www-form-urlencoded', 'file=x'],
      ] as const) {
        const res = await t.http().post(path).set('Authorization', trainer).set('Content-Type', type).send(body);
        expectRefusal(res, 415, 'request.unsupportedMediaType');
      }
    });

    it('refuses 10 MiB + 1 byte with 413 by default', async () => {
      expect(t.config.EVIDENCE_LIMIT_BYTES).toBe(10 * 1024 * 1024);
      const employeeId = await teamMember();
      const before = await uploadState(agency.id);
      const bytes = Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024 + 1 - pdfBytes().length, 0x20)]);
      const res = await upload(employeeId, { bytes });
      expectRefusal(res, 413, 'evidence.tooLarge', [{ field: 'file', rule: 'tooLarge' }]);
      expect(res.body.detail).toContain('10485760');
      expect(await uploadState(agency.id)).toEqual(before);
    });

    it('takes EVIDENCE_LIMIT_BYTES from the configuration: the limit itself passes, one byte more is 413', async () => {
      const small = await startTestApp({ EVIDENCE_LIMIT_BYTES: '1024' });
      try {
        const auth = await bearer(small, agency.people.training_admin.email);
        const employeeId = await teamMember();
        const sized = (n: number) => Buffer.concat([pdfBytes('x'), Buffer.alloc(n - pdfBytes('x').length, 0x20)]);
        const ok = await uploadTo(small, employeeId, [{ bytes: sized(1024) }], auth);
        expect(`${ok.status} ${ok.text}`).toMatch(/^201 /);
        expect(ok.body.size).toBe(1024);
        const before = await uploadState(agency.id);
        const res = await uploadTo(small, employeeId, [{ bytes: sized(1025) }], auth);
        expectRefusal(res, 413, 'evidence.tooLarge', [{ field: 'file' }]);
        expect(res.body.detail).toContain('1024');
        expect(await uploadState(agency.id)).toEqual(before);
      } finally {
        await small.app.close();
      }
    });
  });

  describe('who may upload', () => {
    it('lets a supervisor upload for the team; a learner is 403, for themselves 403, outside the chain 404, another agency 404', async () => {
      const member = await teamMember();
      const res = await upload(member, { bytes: pngBytes(), contentType: 'image/png' }, supervisor).expect(201);
      expect(res.body.contentType).toBe('image/png');

      const before = await uploadState(agency.id);
      const beforeOther = await uploadState(other.id);
      expectRefusal(await upload(member, { bytes: pdfBytes() }, learner), 403, 'auth.forbiddenRole');
      expectRefusal(await upload(agency.people.learner.employeeId, { bytes: pdfBytes() }, learner), 403, 'auth.forbiddenRole');
      expectRefusal(await upload(agency.people.supervisor.employeeId, { bytes: pdfBytes() }, supervisor), 403, 'ledger.selfRecording');
      const outsider = (await createEmployee(t.db, agency, { supervisorId: agency.people.tenant_admin.employeeId })).employeeId;
      expectRefusal(await upload(outsider, { bytes: pdfBytes() }, supervisor), 404, 'employee.notFound');
      for (const auth of [admin, trainer, supervisor]) {
        expectRefusal(await upload(other.people.learner.employeeId, { bytes: pdfBytes() }, auth), 404, 'employee.notFound');
      }
      expect(await uploadState(agency.id)).toEqual(before);
      expect(await uploadState(other.id)).toEqual(beforeOther);
    });
  });

  describe('attaching a key to an entry', () => {
    it('refuses another agency’s key, another employee’s key and an unknown key with 422 naming evidenceObjectKey, writing nothing', async () => {
      const employeeId = await teamMember();
      const foreignKey = await uploadedFor(other.people.learner.employeeId, pdfBytes(), otherAdmin);
      const colleagueKey = await uploadedFor(await teamMember());
      const unknownKey = `${agency.id}/evidence/2025/${randomUUID()}.pdf`;
      const before = await uploadState(agency.id);
      const beforeOther = await uploadState(other.id);
      for (const evidenceObjectKey of [foreignKey, colleagueKey, unknownKey]) {
        const res = await record(employeeId, entry({ evidenceObjectKey }));
        expectRefusal(res, 422, 'evidence.unknownKey', [{ field: 'evidenceObjectKey', rule: 'unknownKey' }]);
      }
      expect(await uploadState(agency.id)).toEqual(before);
      expect(await uploadState(other.id)).toEqual(beforeOther);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE employee_id = $1`, [employeeId])).toEqual([{ n: 0 }]);
    });

    it('answers keys that are not of the shape the upload gives with 400', async () => {
      const employeeId = await teamMember();
      for (const evidenceObjectKey of ['bukti.pdf', `../${agency.id}/evidence/2025/${randomUUID()}.pdf`, `${agency.id}/evidence/2025/${randomUUID()}.exe`, 5]) {
        expectProblem(await record(employeeId, entry({ evidenceObjectKey })), 400, [{ field: 'evidenceObjectKey' }]);
      }
    });

    it('attaches a file to one entry only: a second entry with the key is 422; the same source again is a replay (200)', async () => {
      const employeeId = await teamMember();
      const key = await uploadedFor(employeeId);
      const body = entry({ evidenceObjectKey: key });
      const first = await record(employeeId, body).expect(201);

      const before = await uploadState(agency.id);
      const again = await record(employeeId, entry({ evidenceObjectKey: key }));
      expectRefusal(again, 422, 'evidence.keyUsed', [{ field: 'evidenceObjectKey', rule: 'keyUsed' }]);
      // Even for another competency and level, or by another recorder.
      expectRefusal(await record(employeeId, entry({ competencyId: national['M.3'], level: 2, evidenceObjectKey: key }), supervisor), 422, 'evidence.keyUsed');
      expect(await uploadState(agency.id)).toEqual(before);

      const replay = await record(employeeId, body).expect(200);
      expect(replay.body.id).toBe(first.body.id);
      // The same source with another file is different content.
      const otherKey = await uploadedFor(employeeId);
      expectRefusal(await record(employeeId, { ...body, evidenceObjectKey: otherKey }), 409, 'ledger.sourceConflict', [{ field: 'sourceRef' }]);
      expect(await t.db.query(`SELECT entry_id FROM evidence_upload WHERE object_key = $1`, [otherKey])).toEqual([{ entry_id: null }]);
    });

    it('links each upload at most once even when two entries race for it', async () => {
      const employeeId = await teamMember();
      const key = await uploadedFor(employeeId);
      const results = await Promise.all(Array.from({ length: 5 }, () => record(employeeId, entry({ evidenceObjectKey: key }))));
      expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422]);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE evidence_object_key = $1`, [key])).toEqual([{ n: 1 }]);
    });

    it('is the database that keeps a linked upload as it is, and a link consistent with its entry', async () => {
      const employeeId = await teamMember();
      const key = await uploadedFor(employeeId);
      const recorded = await record(employeeId, entry({ evidenceObjectKey: key })).expect(201);
      await expect(t.db.query(`DELETE FROM evidence_upload WHERE object_key = $1`, [key])).rejects.toThrow(/linked/);
      await expect(t.db.query(`UPDATE evidence_upload SET entry_id = NULL WHERE object_key = $1`, [key])).rejects.toThrow(/linked/);
      // An upload cannot point at an entry that carries another key (or none).
      const plain = await record(employeeId, entry()).expect(201);
      const loose = await uploadedFor(employeeId);
      await expect(t.db.query(`UPDATE evidence_upload SET entry_id = $1 WHERE object_key = $2`, [plain.body.id, loose])).rejects.toThrow(/foreign key/);
      expect(recorded.body.evidenceObjectKey).toBe(key);
    });
  });

  describe('the download link', () => {
    let entryId: string;
    let plainEntryId: string;
    const learnerId = () => agency.people.learner.employeeId;

    beforeAll(async () => {
      const key = await uploadedFor(learnerId(), jpegBytes(), supervisor);
      entryId = (await record(learnerId(), entry({ evidenceObjectKey: key }), supervisor).expect(201)).body.id;
      plainEntryId = (await record(learnerId(), entry(), supervisor).expect(201)).body.id;
    });

    it('is given to the employee, their supervisor chain and the admins', async () => {
      for (const auth of [learner, supervisor, trainer, admin]) {
        const res = await link(learnerId(), entryId, auth);
        expect(`${res.status} ${res.text}`).toMatch(/^200 /);
        expect(res.body).toMatchObject({ expiresInSeconds: 300, contentType: 'image/jpeg' });
      }
    });

    it('is 404 for an entry without a file, an unknown entry, and an entry of another employee', async () => {
      expectRefusal(await link(learnerId(), plainEntryId), 404, 'evidence.notFound');
      expectRefusal(await link(learnerId(), randomUUID()), 404, 'ledger.entryNotFound');
      expectRefusal(await link(agency.people.supervisor.employeeId, entryId), 404, 'ledger.entryNotFound');
    });

    it('is 404 for someone who may not see the employee: a supervisor outside the chain, a colleague, another agency', async () => {
      const outside = await createLogin(t.db, agency, ['learner', 'supervisor'], { supervisorId: agency.people.tenant_admin.employeeId });
      const outsiderSupervisor = await bearer(t, outside.email);
      const colleague = await bearer(t, agency.people.grader.email);
      for (const auth of [outsiderSupervisor, colleague]) expectRefusal(await link(learnerId(), entryId, auth), 404, 'employee.notFound');
      expectRefusal(await link(learnerId(), entryId, otherAdmin), 404, 'employee.notFound');
    });

    it('of another agency’s entry is 404, even under an employee of one’s own agency', async () => {
      const key = await uploadedFor(other.people.learner.employeeId, pdfBytes(), otherAdmin);
      const foreign = await record(other.people.learner.employeeId, entry({ evidenceObjectKey: key }), otherAdmin).expect(201);
      await link(other.people.learner.employeeId, foreign.body.id, otherAdmin).expect(200);
      expectRefusal(await link(other.people.learner.employeeId, foreign.body.id, admin), 404, 'employee.notFound');
      expectRefusal(await link(learnerId(), foreign.body.id, admin), 404, 'ledger.entryNotFound');
      expect(fieldRules(await link('not-a-uuid', foreign.body.id, admin))).toEqual(['employeeId:isUuid']);
    });
  });
});
