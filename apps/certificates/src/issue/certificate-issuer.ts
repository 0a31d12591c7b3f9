import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'minio';
import QRCode from 'qrcode';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import {
  certificateExpiry, formatCertificateNumber, formatDate, formatJp, localDate, newVerificationCode, renderCertificateTemplate, type AgencyZone,
  type CertificateView, type InlineAsset, type TemplateOrientation,
} from '@mahir/certificate';
import type { CourseDocument } from '@mahir/course';
import type { JobPayloads } from '@mahir/jobs';
import { writeOutboxEvent } from '@mahir/persistence';
import { STORAGE_BUCKET, STORAGE_CLIENT, newObjectKey } from '@mahir/storage';
import { renderDefaultTemplate } from '../render/certificate-template';
import { CertificateRenderer } from '../render/certificate-renderer';
import { signPdf } from '../render/pdf-signer';
import { SigningKeys } from './signing-keys';

export const ISSUER_OPTIONS = Symbol('ISSUER_OPTIONS');
export interface IssuerOptions {
  publicUrl: string;
  logger: Logger;
}

/** A certificate row as reserved in the first transaction (the snapshot printed on the PDF). */
interface CertificateRow {
  id: string;
  tenant_id: string;
  employee_id: string;
  number: string;
  verification_code: string;
  status: 'pending' | 'valid' | 'revoked';
  holder_name: string;
  holder_nip: string;
  agency_name: string;
  course_title: string;
  jp_minutes: number;
  competencies: { competencyId: string; name: string; type: string; level: number }[];
  issued_at: Date;
  expires_at: Date | null;
  completed_at: Date;
  time_zone: AgencyZone;
  tenant_code: string;
  template_id: string | null;
  template_version: number | null;
  reissue_token: string | null;
}

const TYPE_LABEL: Record<string, string> = { teknis: 'Teknis', manajerial: 'Manajerial', sosial_kultural: 'Sosial Kultural' };

export type IssueOutcome = 'issued' | 'already_issued' | 'not_completed' | 'lost_race';
export type ReissueOutcome = 'reissued' | 'not_requested' | 'lost_race';

/**
 * Turns a completed enrollment into one numbered, signed, stored certificate, exactly once:
 * 1. transaction 1 (enrollment row locked): an existing certificate is reused; otherwise the
 *    tenant-year counter is incremented and a `pending` row inserted — the number is reserved
 *    before the PDF that prints it exists, and `enrollment_id UNIQUE` collapses duplicates;
 * 2. render, sign and store the PDF (outside any transaction: seconds of work hold no lock);
 * 3. transaction 2: `pending` → `valid` with the file's hash, its history row and the
 *    notification event. A retry after a crash in 2 or 3 finds the pending row and its number.
 */
@Injectable()
export class CertificateIssuer {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    @Inject(CertificateRenderer) private readonly renderer: CertificateRenderer,
    @Inject(SigningKeys) private readonly keys: SigningKeys,
    @Inject(ISSUER_OPTIONS) private readonly options: IssuerOptions,
  ) {}

  async issue({ tenantId, enrollmentId }: Omit<JobPayloads['certificate.requested'], 'eventId'>): Promise<IssueOutcome> {
    const cert = await this.ds.transaction((tx) => this.reserve(tx, tenantId, enrollmentId));
    if (!cert) return 'not_completed';
    if (cert.status !== 'pending') return 'already_issued';

    const pdf = await this.produce(cert);
    const sha256 = createHash('sha256').update(pdf.bytes).digest('hex');
    const objectKey = newObjectKey(tenantId, 'certificate', '.pdf');
    await this.storage.putObject(this.bucket, objectKey, pdf.bytes, pdf.bytes.length, { 'Content-Type': 'application/pdf' });

    const done = await this.ds.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        // Wrapped in a CTE so the driver returns the rows (TypeORM answers a bare UPDATE with [rows, count]).
        `WITH issued AS (UPDATE certificate SET status = 'valid', object_key = $2, sha256 = $3, size_bytes = $4, signed = $5, updated_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING id) SELECT id FROM issued`,
        [cert.id, objectKey, sha256, pdf.bytes.length, pdf.signed],
      );
      if (rows.length === 0) return false;
      await tx.query(
        `INSERT INTO certificate_file (tenant_id, certificate_id, object_key, sha256, size_bytes, signed, reason, template_id, template_version)
         VALUES ($1, $2, $3, $4, $5, $6, 'issue', $7, $8)`,
        [tenantId, cert.id, objectKey, sha256, pdf.bytes.length, pdf.signed, cert.template_id, cert.template_version],
      );
      await writeOutboxEvent(tx, 'notification.requested', tenantId, {
        tenantId,
        employeeId: cert.employee_id,
        kind: 'certificate.issued',
        data: { certificateId: cert.id, number: cert.number, courseTitle: cert.course_title, verificationCode: cert.verification_code },
        dedupeKey: `certificate.issued:${cert.id}`,
      });
      return true;
    });
    if (!done) {
      // A concurrent run (a stalled job handed to another generator) finished first: drop our copy.
      await this.storage.removeObject(this.bucket, objectKey).catch(() => undefined);
      return 'lost_race';
    }
    this.options.logger.info({ certificateId: cert.id, number: cert.number, signed: pdf.signed }, 'certificate issued');
    return 'issued';
  }

  private async reserve(tx: EntityManager, tenantId: string, enrollmentId: string): Promise<CertificateRow | null> {
    // The lock serialises duplicate events for one enrollment: the second waits, then finds the row.
    const [enrollment] = await tx.query(
      `SELECT e.status, e.employee_id, e.course_id, e.course_version, e.completed_at FROM enrollment e WHERE e.id = $1 AND e.tenant_id = $2 FOR UPDATE`,
      [enrollmentId, tenantId],
    );
    if (!enrollment) return null;
    const existing = await this.select(tx, `c.enrollment_id = $1`, [enrollmentId]);
    if (existing) return existing;
    if (enrollment.status !== 'completed') return null;

    const [tenant] = await tx.query(`SELECT code, name, time_zone FROM tenant WHERE id = $1`, [tenantId]);
    const [employee] = await tx.query(`SELECT full_name, nip FROM employee WHERE tenant_id = $1 AND id = $2`, [tenantId, enrollment.employee_id]);
    const [version] = await tx.query(`SELECT title, document FROM course_version WHERE course_id = $1 AND version = $2`, [enrollment.course_id, enrollment.course_version]);
    const document = version.document as CourseDocument;
    const names: { id: string; name: string; type: string }[] = document.competencies.length
      ? await tx.query(`SELECT id, name, type FROM competency WHERE id = ANY($1::uuid[])`, [document.competencies.map((c) => c.competencyId)])
      : [];
    const byId = new Map(names.map((n) => [n.id, n]));
    const competencies = document.competencies.flatMap((c) => {
      const known = byId.get(c.competencyId);
      return known ? [{ competencyId: c.competencyId, name: known.name, type: known.type, level: c.level }] : [];
    });

    const template = await this.latestTemplate(tx, tenantId, document.certificateTemplateId);
    const issuedAt = new Date();
    const year = localDate(issuedAt, tenant.time_zone as AgencyZone).year;
    // Gapless: the counter row stays locked until this transaction ends, and a rollback returns the number.
    const [counter] = await tx.query(
      `INSERT INTO certificate_counter (tenant_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = certificate_counter.last_value + 1 RETURNING last_value`,
      [tenantId, year],
    );
    const sequence = Number(counter.last_value);
    const expiresAt = certificateExpiry(new Date(enrollment.completed_at), document.competencies.map((c) => c.validityMonths));
    const [inserted] = await tx.query(
      `INSERT INTO certificate (tenant_id, enrollment_id, employee_id, course_id, course_version, year, sequence, number, verification_code,
         holder_name, holder_nip, agency_name, course_title, jp_minutes, competencies, issued_at, expires_at, status, template_id, template_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'pending', $18, $19) RETURNING id`,
      [
        tenantId, enrollmentId, enrollment.employee_id, enrollment.course_id, enrollment.course_version, year, sequence,
        formatCertificateNumber(tenant.code, year, sequence), newVerificationCode(), employee.full_name, employee.nip, tenant.name,
        version.title, document.jpMinutes, JSON.stringify(competencies), issuedAt, expiresAt, template?.id ?? null, template?.version ?? null,
      ],
    );
    return this.select(tx, `c.id = $1`, [inserted.id]);
  }

  private async select(tx: EntityManager, where: string, params: unknown[]): Promise<CertificateRow | null> {
    const [row] = await tx.query(
      `SELECT c.*, e.completed_at, t.time_zone, t.code AS tenant_code FROM certificate c
       JOIN enrollment e ON e.id = c.enrollment_id JOIN tenant t ON t.id = c.tenant_id WHERE ${where}`,
      params,
    );
    return (row as CertificateRow | undefined) ?? null;
  }

  /**
   * Re-issue (a name correction, a template fix): same number and code, the holder's current name
   * and NIP and the course's template at its latest version, a new file; the old file's record stays
   * in certificate_file so an old copy still verifies as an earlier file. Only the run holding the
   * request's token stores the result: duplicates and retries after success do nothing.
   */
  async reissue({ tenantId, certificateId, token }: Omit<JobPayloads['certificate.reissue'], 'eventId'>): Promise<ReissueOutcome> {
    const cert = await this.ds.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT c.id, c.employee_id, c.course_id, c.course_version, c.reissue_token FROM certificate c WHERE c.id = $1 AND c.tenant_id = $2 FOR UPDATE`,
        [certificateId, tenantId],
      );
      if (!row || row.reissue_token !== token) return null;
      const [employee] = await tx.query(`SELECT full_name, nip FROM employee WHERE tenant_id = $1 AND id = $2`, [tenantId, row.employee_id]);
      const [version] = await tx.query(`SELECT document FROM course_version WHERE course_id = $1 AND version = $2`, [row.course_id, row.course_version]);
      const template = await this.latestTemplate(tx, tenantId, (version.document as CourseDocument).certificateTemplateId);
      await tx.query(
        `UPDATE certificate SET holder_name = $2, holder_nip = $3, template_id = $4, template_version = $5, updated_at = now() WHERE id = $1`,
        [certificateId, employee.full_name, employee.nip, template?.id ?? null, template?.version ?? null],
      );
      return this.select(tx, `c.id = $1`, [certificateId]);
    });
    if (!cert) return 'not_requested';
    const pdf = await this.produce(cert);
    const sha256 = createHash('sha256').update(pdf.bytes).digest('hex');
    const objectKey = newObjectKey(tenantId, 'certificate', '.pdf');
    await this.storage.putObject(this.bucket, objectKey, pdf.bytes, pdf.bytes.length, { 'Content-Type': 'application/pdf' });
    const done = await this.ds.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `WITH done AS (UPDATE certificate SET object_key = $3, sha256 = $4, size_bytes = $5, signed = $6, reissue_token = NULL, reissue_reason = NULL, updated_at = now()
         WHERE id = $1 AND reissue_token = $2 RETURNING id) SELECT id FROM done`,
        [certificateId, token, objectKey, sha256, pdf.bytes.length, pdf.signed],
      );
      if (rows.length === 0) return false;
      await tx.query(
        `INSERT INTO certificate_file (tenant_id, certificate_id, object_key, sha256, size_bytes, signed, reason, template_id, template_version)
         VALUES ($1, $2, $3, $4, $5, $6, 'reissue', $7, $8)`,
        [tenantId, certificateId, objectKey, sha256, pdf.bytes.length, pdf.signed, cert.template_id, cert.template_version],
      );
      return true;
    });
    if (!done) {
      await this.storage.removeObject(this.bucket, objectKey).catch(() => undefined);
      return 'lost_race';
    }
    this.options.logger.info({ certificateId, number: cert.number }, 'certificate re-issued');
    return 'reissued';
  }

  /** The course's template at its latest version, looked up within the tenant only (another tenant's id is no template: the default). */
  private async latestTemplate(tx: EntityManager, tenantId: string, templateId: string | null): Promise<{ id: string; version: number } | null> {
    if (!templateId || !/^[0-9a-f-]{36}$/i.test(templateId)) return null;
    const [row] = await tx.query(`SELECT id, latest_version FROM certificate_template WHERE tenant_id = $1 AND id = $2`, [tenantId, templateId]);
    return row ? { id: row.id, version: Number(row.latest_version) } : null;
  }

  /** A template version and its assets (bytes cached by object key: keys are never reused). */
  private async loadTemplate(tenantId: string, templateId: string, version: number): Promise<{ html: string; css: string; orientation: TemplateOrientation; assets: Map<string, InlineAsset> }> {
    const [row] = await this.ds.query(
      `SELECT html, css, orientation, assets FROM certificate_template_version WHERE tenant_id = $1 AND template_id = $2 AND version = $3`,
      [tenantId, templateId, version],
    );
    if (!row) throw new Error(`template ${templateId} v${version} not found`);
    const names: string[] = row.assets ?? [];
    const stored: { name: string; object_key: string; content_type: string }[] = names.length
      ? await this.ds.query(`SELECT name, object_key, content_type FROM certificate_asset WHERE tenant_id = $1 AND status = 'verified' AND name = ANY($2::text[])`, [tenantId, names])
      : [];
    const assets = new Map<string, InlineAsset>();
    for (const asset of stored) {
      let bytes = this.assetCache.get(asset.object_key);
      if (!bytes) {
        const chunks: Buffer[] = [];
        for await (const chunk of await this.storage.getObject(this.bucket, asset.object_key)) chunks.push(chunk as Buffer);
        bytes = Buffer.concat(chunks);
        if (this.assetCache.size > 200) this.assetCache.clear();
        this.assetCache.set(asset.object_key, bytes);
      }
      assets.set(asset.name, { contentType: asset.content_type, bytes });
    }
    return { html: row.html, css: row.css, orientation: row.orientation, assets };
  }

  private readonly assetCache = new Map<string, Buffer>();

  private async produce(cert: CertificateRow): Promise<{ bytes: Buffer; signed: boolean }> {
    const verificationUrl = `${this.options.publicUrl.replace(/\/$/, '')}/verify/${cert.verification_code}`;
    const zone = cert.time_zone;
    const view: CertificateView = {
      agencyName: cert.agency_name,
      number: cert.number,
      holderName: cert.holder_name,
      holderNip: String(cert.holder_nip).trim(),
      courseTitle: cert.course_title,
      jp: formatJp(cert.jp_minutes),
      jpMinutes: cert.jp_minutes,
      completedDate: formatDate(new Date(cert.completed_at), zone),
      issuedDate: formatDate(new Date(cert.issued_at), zone),
      expiresDate: cert.expires_at ? formatDate(new Date(cert.expires_at), zone) : null,
      completedAt: new Date(cert.completed_at).toISOString(),
      issuedAt: new Date(cert.issued_at).toISOString(),
      expiresAt: cert.expires_at ? new Date(cert.expires_at).toISOString() : null,
      timeZone: zone,
      competencies: cert.competencies.map((c) => ({ name: c.name, typeLabel: TYPE_LABEL[c.type] ?? c.type, level: c.level })),
      verificationCode: cert.verification_code,
      verificationUrl,
      qrDataUrl: await QRCode.toDataURL(verificationUrl, { margin: 0, errorCorrectionLevel: 'M', width: 240 }),
      issuePlace: 'Jakarta',
      signatoryName: 'Pejabat Penandatangan',
      signatoryPosition: `Kepala ${cert.agency_name}`,
      signatoryNip: null,
    };
    let html: string;
    let orientation: TemplateOrientation = 'landscape';
    if (cert.template_id && cert.template_version) {
      const template = await this.loadTemplate(cert.tenant_id, cert.template_id, cert.template_version);
      html = renderCertificateTemplate(template, view, template.assets);
      orientation = template.orientation;
    } else {
      html = renderDefaultTemplate(view);
    }
    const pdf = await this.renderer.render(html, orientation);
    const key = await this.keys.forTenant(cert.tenant_id, { name: cert.agency_name, code: cert.tenant_code });
    if (!key) return { bytes: pdf, signed: false };
    const signed = await signPdf(pdf, key, { name: cert.agency_name, reason: `Sertifikat ${cert.number}`, location: 'Indonesia', signingTime: new Date(cert.issued_at) });
    return { bytes: signed, signed: true };
  }
}
