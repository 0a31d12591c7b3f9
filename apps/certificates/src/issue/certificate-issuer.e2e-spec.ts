import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@mahir/persistence';
import { createStorageClient } from '@mahir/storage';
import { completedAgency, eventually, generatorEnv, requestCertificates } from '../test-support/certificate-fixtures';

// tools/jest/app-process.js is plain JavaScript shared with the Jest global setup.
const { startAppProcess } = require(join(__dirname, '../../../../tools/jest/app-process.js')) as {
  startAppProcess(app: 'certificates', env: Record<string, string>, options?: { timeoutMs?: number }): Promise<{ stop(): Promise<unknown>; output(): string }>;
};

/*
 * The generator as a real process, fed by the shared worker's outbox relay: completed enrollments
 * and their 'certificate.requested' events are written by SQL, as the completion spine writes them.
 */
describe('certificate generator', () => {
  let db: DataSource;
  let generator: { stop(): Promise<unknown>; output(): string };
  const storage = createStorageClient({
    S3_ENDPOINT: process.env.S3_ENDPOINT as string, S3_REGION: 'us-east-1',
    S3_ACCESS_KEY: process.env.S3_ACCESS_KEY as string, S3_SECRET_KEY: process.env.S3_SECRET_KEY as string,
  });
  const dir = mkdtempSync(join(tmpdir(), 'mahir-cert-'));

  beforeAll(async () => {
    db = await createDataSource({ url: process.env.DATABASE_URL as string, poolSize: 4 }).initialize();
    generator = await startAppProcess('certificates', generatorEnv(), { timeoutMs: 45_000 });
  });
  afterAll(async () => {
    await generator?.stop();
    await db?.destroy();
  });

  async function download(objectKey: string): Promise<Buffer> {
    const stream = await storage.getObject(process.env.S3_BUCKET as string, objectKey);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  it('turns a completion into a numbered, signed PDF in storage, and announces it once', async () => {
    const agency = await completedAgency(db, 1);
    const [enrollmentId] = agency.enrollmentIds;
    await requestCertificates(db, agency.tenantId, [enrollmentId]);
    const cert = await eventually(async () => {
      const [row] = await db.query(`SELECT * FROM certificate WHERE enrollment_id = $1 AND status = 'valid'`, [enrollmentId]);
      return row;
    }, 30_000, `certificate\n${generator.output()}`);
    const year = Number(cert.year);
    expect(cert.number).toBe(`${agency.code}/${year}/000001`);
    expect(cert.verification_code).toMatch(/^[A-Z2-7]{16}$/);
    expect(cert.signed).toBe(true);
    // The shortest competency validity (24 months) sets the expiry.
    expect(cert.expires_at).not.toBeNull();

    const pdf = await download(cert.object_key);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(cert.sha256);
    expect(pdf.length).toBe(cert.size_bytes);
    const file = join(dir, 'one.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const expected of ['SERTIFIKAT', agency.employees[0].name, agency.employees[0].nip, cert.number, agency.courseTitle, 'Integritas', 'Pengelolaan Arsip Dinamis', '20 JP', cert.verification_code]) {
      expect(text).toContain(expected);
    }
    // An independent tool checks the PAdES signature (the demo key's issuer is unknown to it, by design).
    const sig = execFileSync('pdfsig', [file]).toString();
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('ETSI.CAdES.detached');

    const files = await db.query(`SELECT sha256, reason FROM certificate_file WHERE certificate_id = $1`, [cert.id]);
    expect(files).toEqual([{ sha256: cert.sha256, reason: 'issue' }]);
    const notes = await db.query(`SELECT payload FROM outbox_event WHERE tenant_id = $1 AND name = 'notification.requested'`, [agency.tenantId]);
    expect(notes).toHaveLength(1);
    expect(notes[0].payload).toMatchObject({
      employeeId: agency.employees[0].id, kind: 'certificate.issued',
      data: { certificateId: cert.id, number: cert.number, courseTitle: agency.courseTitle, verificationCode: cert.verification_code },
    });
  });

  it('gives duplicate and concurrent requests one certificate each, numbered 1..n without gaps', async () => {
    const agency = await completedAgency(db, 8);
    // Every enrollment requested three times, in separate transactions so the events race.
    await Promise.all([0, 1, 2].map(() => requestCertificates(db, agency.tenantId, agency.enrollmentIds)));
    const rows: { enrollment_id: string; sequence: number; number: string }[] = await eventually(async () => {
      const valid: { enrollment_id: string; sequence: number; number: string }[] = await db.query(
        `SELECT enrollment_id, sequence, number FROM certificate WHERE tenant_id = $1 AND status = 'valid' ORDER BY sequence`, [agency.tenantId]);
      return valid.length === 8 ? valid : undefined;
    }, 30_000, `8 certificates\n${generator.output()}`);
    expect(new Set(rows.map((r) => r.enrollment_id))).toEqual(new Set(agency.enrollmentIds));
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Let every duplicate job run out, then count again: still one of everything.
    await eventually(async () => {
      const [{ pending }] = await db.query(`SELECT count(*)::int AS pending FROM outbox_event WHERE tenant_id = $1 AND published_at IS NULL`, [agency.tenantId]);
      return pending === 0 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    const [counts] = await db.query(
      `SELECT (SELECT count(*)::int FROM certificate WHERE tenant_id = $1) AS certificates,
              (SELECT count(*)::int FROM certificate_file WHERE tenant_id = $1) AS files,
              (SELECT last_value FROM certificate_counter WHERE tenant_id = $1) AS counter,
              (SELECT count(*)::int FROM outbox_event WHERE tenant_id = $1 AND name = 'notification.requested') AS notifications`,
      [agency.tenantId],
    );
    expect(counts).toEqual({ certificates: 8, files: 8, counter: 8, notifications: 8 });
  });

  it('issues nothing for an enrollment that is not completed', async () => {
    const agency = await completedAgency(db, 2);
    const [open, done] = agency.enrollmentIds;
    await db.query(`UPDATE enrollment SET status = 'active', completed_at = NULL WHERE id = $1`, [open]);
    await requestCertificates(db, agency.tenantId, [open, done]);
    await eventually(async () => {
      const [row] = await db.query(`SELECT 1 FROM certificate WHERE enrollment_id = $1 AND status = 'valid'`, [done]);
      return row;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await db.query(`SELECT id FROM certificate WHERE enrollment_id = $1`, [open])).toEqual([]);
  });
});
