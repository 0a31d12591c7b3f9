import { createHash, randomUUID } from 'node:crypto';
import type { Client } from 'minio';
import { newVerificationCode } from '@mahir/certificate';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import { insertPublishedCourse, publishableCourse } from '../../test-support/course-fixtures';
import type { TestApp } from '../../test-support/test-app';

export interface CertificateFixture {
  id: string;
  code: string;
  number: string;
  sha256: string;
  pdf: Buffer;
  objectKey: string | null;
}

/** A tiny PDF, unique per call (its hash identifies it). */
export function samplePdf(marker: string = randomUUID()): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/**
 * A certificate written as the generator leaves it (apps do not import apps): a completed
 * enrollment, the certificate row and, unless pending, its PDF in object storage. The API
 * tests need no Chromium this way.
 */
export async function insertCertificate(
  t: Pick<TestApp, 'db' | 'app'>,
  tenantId: string,
  employeeId: string,
  competencyId: string,
  options: { status?: 'pending' | 'valid' | 'revoked'; expiresAt?: Date | null; issuedAt?: Date; holderNip?: string } = {},
): Promise<CertificateFixture> {
  const status = options.status ?? 'valid';
  const courseId = await insertPublishedCourse(
    t.db, tenantId, publishableCourse({ title: 'Pelayanan Publik Prima', competencies: [{ competencyId, level: 2, validityMonths: null }] }),
  );
  const [enrollment] = await t.db.query(
    `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, completed_at, progress_percent)
     VALUES ($1, $2, $3, 1, 'completed', 'self', now() - interval '1 day', now(), 100) RETURNING id`,
    [tenantId, employeeId, courseId],
  );
  const [employee] = await t.db.query(`SELECT e.full_name, e.nip, t.code, t.name FROM employee e JOIN tenant t ON t.id = e.tenant_id WHERE e.id = $1`, [employeeId]);
  const pdf = samplePdf();
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  let objectKey: string | null = null;
  if (status !== 'pending') {
    objectKey = `${tenantId}/certificates/test/${randomUUID()}.pdf`;
    const storage = t.app.get<Client>(STORAGE_CLIENT);
    await storage.putObject(t.app.get<string>(STORAGE_BUCKET), objectKey, pdf, pdf.length, { 'Content-Type': 'application/pdf' });
  }
  const code = newVerificationCode();
  const issuedAt = options.issuedAt ?? new Date();
  const year = issuedAt.getUTCFullYear();
  const [row] = await t.db.query(
    `INSERT INTO certificate (tenant_id, enrollment_id, employee_id, course_id, course_version, year, sequence, number, verification_code,
       holder_name, holder_nip, agency_name, course_title, jp_minutes, competencies, issued_at, expires_at, status, revoked_at, revoked_reason,
       object_key, sha256, size_bytes, signed)
     SELECT $1, $2, $3, $4, 1, $5, s.n, $6 || '/' || $5 || '/' || lpad(s.n::text, 6, '0'), $7, $8, $9, $10, 'Pelayanan Publik Prima', 900, $11, $12, $13, $14,
       CASE WHEN $14 = 'revoked' THEN now() END, CASE WHEN $14 = 'revoked' THEN 'Data keliru' END,
       $15, CASE WHEN $14 = 'pending' THEN NULL ELSE $16 END, CASE WHEN $14 = 'pending' THEN NULL ELSE $17::int END, $14 <> 'pending'
     FROM (SELECT coalesce(max(sequence), 0) + 1 AS n FROM certificate WHERE tenant_id = $1 AND year = $5) s
     RETURNING id, number`,
    [
      tenantId, enrollment.id, employeeId, courseId, year, employee.code, code, employee.full_name, options.holderNip ?? employee.nip, employee.name,
      JSON.stringify([{ competencyId, name: 'Kompetensi Teknis Uji', type: 'teknis', level: 2 }]), issuedAt, options.expiresAt ?? null, status, objectKey, sha256, pdf.length,
    ],
  );
  if (objectKey) {
    await t.db.query(`INSERT INTO certificate_file (tenant_id, certificate_id, object_key, sha256, size_bytes, signed, reason) VALUES ($1, $2, $3, $4, $5, true, 'issue')`, [
      tenantId, row.id, objectKey, sha256, pdf.length,
    ]);
  }
  return { id: row.id, code, number: row.number, sha256, pdf, objectKey };
}

/** A one-pixel PNG, the smallest valid template asset. */
export const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A certificate template (version 1, no assets) of the tenant, written as the API saves it. */
export async function insertTemplate(t: Pick<TestApp, 'db'>, tenantId: string, userId: string): Promise<string> {
  const [row] = await t.db.query(`INSERT INTO certificate_template (tenant_id, name, latest_version, created_by) VALUES ($1, 'Uji', 1, $2) RETURNING id`, [tenantId, userId]);
  await t.db.query(
    `INSERT INTO certificate_template_version (tenant_id, template_id, version, html, css, orientation, created_by) VALUES ($1, $2, 1, '<p>{{holderName}}</p>', '', 'landscape', $3)`,
    [tenantId, row.id, userId],
  );
  return row.id;
}

/** An asset whose bytes (a PNG) are uploaded but not yet completed. */
export async function insertPendingAsset(t: Pick<TestApp, 'db' | 'app'>, tenantId: string, userId: string): Promise<string> {
  const objectKey = `${tenantId}/certificate-asset/test/${randomUUID()}.png`;
  await t.app.get<Client>(STORAGE_CLIENT).putObject(t.app.get<string>(STORAGE_BUCKET), objectKey, PIXEL_PNG, PIXEL_PNG.length, { 'Content-Type': 'image/png' });
  const [row] = await t.db.query(
    `INSERT INTO certificate_asset (tenant_id, name, object_key, declared_type, declared_size, status, created_by) VALUES ($1, $2, $3, 'image/png', $4, 'pending', $5) RETURNING id`,
    [tenantId, `a${randomUUID().slice(0, 8)}`, objectKey, PIXEL_PNG.length, userId],
  );
  return row.id;
}
