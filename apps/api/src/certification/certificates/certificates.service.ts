import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { ZipArchive } from 'archiver';
import type { Response } from 'express';
import { Client } from 'minio';
import { DataSource } from 'typeorm';
import { certificateState, formatJp, maskNip, normalizeVerificationCode, type CertificateState } from '@mahir/certificate';
import { writeOutboxEvent } from '@mahir/persistence';
import { STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { pageOf, type PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import { CERTIFICATE_FILE_FIELD, type UploadedPdf } from './certificate-file.interceptor';

/** How long a download link works: enough to open the file, too short to pass around. */
export const CERTIFICATE_LINK_SECONDS = 300;

export interface Verification {
  state: CertificateState;
  number: string;
  holderName: string;
  /** Birth year and last four digits only. */
  holderNip: string;
  agencyName: string;
  courseTitle: string;
  jpMinutes: number;
  jp: string;
  competencies: { name: string; type: string; level: number }[];
  issuedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  sha256: string;
  timeZone: 'WIB' | 'WITA' | 'WIT';
}

/** Learners' certificates, admins' revocations, and the public verification by code (decision 0014). */
@Injectable()
export class CertificatesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    private readonly audit: AuditService,
  ) {}

  /** The caller's own certificates, newest first; pending ones show as such (the file is on its way). */
  async mine(actor: Actor, query: PageQueryDto) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) throw new Problem(403, 'certificate.employeesOnly');
    const rows = await this.db.query(
      `SELECT id, number, course_id AS "courseId", course_title AS "courseTitle", jp_minutes AS "jpMinutes", competencies, issued_at AS "issuedAt",
              expires_at AS "expiresAt", status, revoked_at AS "revokedAt", verification_code AS "verificationCode", count(*) OVER ()::int AS total
       FROM certificate WHERE tenant_id = $1 AND employee_id = $2
       ORDER BY issued_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [tenantId, actor.employeeId, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const now = new Date();
    const items = rows.map(({ total: _total, status, ...row }: Record<string, unknown>) => ({
      ...row,
      state: status === 'pending' ? 'pending' : certificateState(status as 'valid' | 'revoked', row.expiresAt as Date | null, now),
    }));
    // Past the last page the window function has no row to ride on: count apart.
    const total = rows[0]?.total ?? (await this.db.query(`SELECT count(*)::int AS n FROM certificate WHERE tenant_id = $1 AND employee_id = $2`, [tenantId, actor.employeeId]))[0].n;
    return pageOf(items, total, query);
  }

  /** A short presigned GET of the current file, for the holder or a training admin of the tenant; others see no such certificate. */
  async download(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    const [row] = await this.db.query(`SELECT employee_id, status, object_key, number FROM certificate WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
    if (!row || (row.employee_id !== actor.employeeId && !hasRole(actor, 'training_admin'))) throw Problem.notFound('certificate.notFound');
    if (row.status === 'pending' || !row.object_key) throw new Problem(409, 'certificate.notReady');
    const url = await this.storage.presignedGetObject(this.bucket, row.object_key, CERTIFICATE_LINK_SECONDS, {
      'response-content-type': 'application/pdf',
      'response-content-disposition': `attachment; filename="sertifikat-${String(row.number).replace(/[^A-Za-z0-9_-]+/g, '-')}.pdf"`,
    });
    return { url, expiresAt: new Date(Date.now() + CERTIFICATE_LINK_SECONDS * 1000).toISOString(), expiresInSeconds: CERTIFICATE_LINK_SECONDS };
  }

  /** valid → revoked with a reason, audited in the same transaction; anything else is a conflict. */
  async revoke(actor: Actor, id: string, reason: string) {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT status FROM certificate WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [id, tenantId]);
      if (!row) throw Problem.notFound('certificate.notFound');
      if (row.status === 'revoked') throw new Problem(409, 'certificate.alreadyRevoked');
      if (row.status !== 'valid') throw new Problem(409, 'certificate.notReady');
      // TypeORM answers an UPDATE … RETURNING with [rows, affected].
      const [[updated]] = await tx.query(
        `UPDATE certificate SET status = 'revoked', revoked_at = now(), revoked_by = $3, revoked_reason = $4, updated_at = now()
         WHERE id = $1 AND tenant_id = $2 RETURNING id, number, status, revoked_at AS "revokedAt", revoked_reason AS "revokedReason"`,
        [id, tenantId, actor.userId, reason.trim()],
      );
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate.revoke', 'certificate', id, { number: updated.number, reason: updated.revokedReason });
      return updated;
    });
  }

  /**
   * Asks the generator for a new file of a valid certificate (same number and code, the holder's
   * current name and NIP, the course's latest template version). Idempotent: while a re-issue is
   * on its way, asking again answers the same request and queues nothing more.
   */
  async reissue(actor: Actor, id: string, reason: string) {
    const tenantId = tenantOf(actor);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT status, number, reissue_token FROM certificate WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [id, tenantId]);
      if (!row) throw Problem.notFound('certificate.notFound');
      if (row.status === 'revoked') throw new Problem(409, 'certificate.revokedNoReissue');
      if (row.status !== 'valid') throw new Problem(409, 'certificate.notReady');
      if (row.reissue_token) return { id, number: row.number, status: 'reissuing' as const };
      const token = randomUUID();
      await tx.query(`UPDATE certificate SET reissue_token = $3, reissue_reason = $4, updated_at = now() WHERE id = $1 AND tenant_id = $2`, [id, tenantId, token, reason.trim()]);
      await writeOutboxEvent(tx, 'certificate.reissue', tenantId, { tenantId, certificateId: id, token });
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate.reissue', 'certificate', id, { number: row.number, reason: reason.trim() });
      return { id, number: row.number, status: 'reissuing' as const };
    });
  }

  /**
   * Every valid certificate of a course as one ZIP, streamed: each PDF is read from object storage
   * while the archive is written to the response (one object open at a time, no temporary files).
   */
  async zipOfCourse(actor: Actor, courseId: string, res: Response) {
    const tenantId = tenantOf(actor);
    const [course] = await this.db.query(`SELECT id FROM course WHERE tenant_id = $1 AND id = $2`, [tenantId, courseId]);
    if (!course) throw Problem.notFound('course.notFound');
    const rows: { number: string; object_key: string }[] = await this.db.query(
      `SELECT number, object_key FROM certificate WHERE tenant_id = $1 AND course_id = $2 AND status = 'valid' ORDER BY year, sequence`,
      [tenantId, courseId],
    );
    await this.db.transaction((tx) => this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate.zip', 'course', courseId, { count: rows.length }));
    res.status(200).set({
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="sertifikat-${courseId}.zip"`,
      'Cache-Control': 'no-store',
    });
    const archive = new ZipArchive({ store: true }); // PDFs are compressed already
    archive.on('warning', () => undefined);
    archive.pipe(res);
    try {
      for (const row of rows) {
        const stream = await this.storage.getObject(this.bucket, row.object_key);
        const added = once(archive, 'entry');
        archive.append(stream, { name: `${row.number.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf` });
        await added;
      }
      await archive.finalize();
    } catch (error) {
      // Headers are gone: all that is left is to cut the stream so the client sees a broken download.
      archive.abort();
      res.destroy(error as Error);
    }
  }

  /** What anyone may know about a certificate, by its code; a malformed, unknown or pending code is the same null. */
  async verify(rawCode: string, now = new Date()): Promise<Verification | null> {
    const code = normalizeVerificationCode(rawCode);
    if (!code) return null;
    const [row] = await this.db.query(
      `SELECT c.number, c.holder_name, c.holder_nip, c.agency_name, c.course_title, c.jp_minutes, c.competencies, c.issued_at, c.expires_at,
              c.status, c.revoked_at, c.sha256, t.time_zone
       FROM certificate c JOIN tenant t ON t.id = c.tenant_id
       WHERE c.verification_code = $1 AND c.status IN ('valid', 'revoked')`,
      [code],
    );
    if (!row) return null;
    return {
      state: certificateState(row.status, row.expires_at, now),
      number: row.number,
      holderName: row.holder_name,
      holderNip: maskNip(String(row.holder_nip).trim()),
      agencyName: row.agency_name,
      courseTitle: row.course_title,
      jpMinutes: row.jp_minutes,
      jp: formatJp(row.jp_minutes),
      competencies: (row.competencies as { name: string; type: string; level: number }[]).map((c) => ({ name: c.name, type: c.type, level: c.level })),
      issuedAt: new Date(row.issued_at).toISOString(),
      expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null,
      revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
      sha256: String(row.sha256).trim(),
      timeZone: row.time_zone,
    };
  }

  async verifyOrFail(rawCode: string): Promise<Verification> {
    const found = await this.verify(rawCode);
    if (!found) throw Problem.notFound('certificate.notFound');
    return found;
  }

  /** Whether an uploaded PDF is the certificate's current file (or an earlier one, replaced by a re-issue). */
  async checkFile(rawCode: string, file: UploadedPdf | undefined) {
    if (!file) throw Problem.field(400, CERTIFICATE_FILE_FIELD, 'rule.required');
    if (file.size === 0) throw Problem.field(400, CERTIFICATE_FILE_FIELD, 'evidence.empty');
    if (file.buffer.subarray(0, 5).toString('latin1') !== '%PDF-') throw Problem.field(415, CERTIFICATE_FILE_FIELD, 'certificate.notPdf');
    const found = await this.verify(rawCode);
    if (!found) throw Problem.notFound('certificate.notFound');
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const matches = sha256 === found.sha256;
    let earlierFile = false;
    if (!matches) {
      const [hit] = await this.db.query(
        `SELECT 1 FROM certificate_file f JOIN certificate c ON c.tenant_id = f.tenant_id AND c.id = f.certificate_id WHERE c.verification_code = $1 AND f.sha256 = $2`,
        [normalizeVerificationCode(rawCode), sha256],
      );
      earlierFile = Boolean(hit);
    }
    return { matches, earlierFile, sha256, state: found.state };
  }
}
