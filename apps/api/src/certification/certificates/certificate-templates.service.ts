import { Inject, Injectable } from '@nestjs/common';
import type { Client } from 'minio';
import QRCode from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ASSET_MAX_BYTES, ASSET_TYPES, analyzeTemplate, assetTypeOf, renderCertificateTemplate, sampleCertificateView, type AgencyZone, type InlineAsset,
} from '@mahir/certificate';
import type { MessageKey } from '@mahir/i18n';
import { newObjectKey, readStream, STORAGE_BUCKET, STORAGE_CLIENT, uploadedObject } from '@mahir/storage';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { Problem } from '../../platform';
import type { CertificateTemplateDto } from './dto/certificates.dto';

export const ASSET_UPLOAD_SECONDS = 600;
const SNIFF = 16;
/**
 * Training admins' certificate templates (versioned: every save is a new version) and the images
 * and fonts they inline by name (decision 0014). Everything is looked up within the caller's
 * tenant, so neither a template nor an asset name can reach another agency's.
 */
@Injectable()
export class CertificateTemplatesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor) {
    return this.db.query(
      `SELECT t.id, t.name, t.latest_version AS "latestVersion", v.orientation, t.updated_at AS "updatedAt"
       FROM certificate_template t JOIN certificate_template_version v ON v.template_id = t.id AND v.version = t.latest_version
       WHERE t.tenant_id = $1 ORDER BY t.name, t.id`,
      [tenantOf(actor)],
    );
  }

  async get(actor: Actor, id: string, version?: number) {
    const [row] = await this.db.query(
      `SELECT t.id, t.name, t.latest_version AS "latestVersion", v.version, v.html, v.css, v.orientation, v.assets, v.created_at AS "versionCreatedAt"
       FROM certificate_template t JOIN certificate_template_version v ON v.template_id = t.id AND v.version = coalesce($3, t.latest_version)
       WHERE t.tenant_id = $1 AND t.id = $2`,
      [tenantOf(actor), id, version ?? null],
    );
    if (!row) throw Problem.notFound('certificateTemplate.notFound');
    return row;
  }

  async create(actor: Actor, dto: CertificateTemplateDto) {
    const tenantId = tenantOf(actor);
    const css = dto.css ?? '';
    const assets = await this.validate(tenantId, dto.html, css);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO certificate_template (tenant_id, name, latest_version, created_by) VALUES ($1, $2, 1, $3) RETURNING id`,
        [tenantId, dto.name.trim(), actor.userId],
      );
      await this.insertVersion(tx, tenantId, row.id, 1, dto, css, assets, actor.userId);
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate_template.create', 'certificate_template', row.id, { name: dto.name.trim(), version: 1 });
      return row.id as string;
    });
    return this.get(actor, id);
  }

  /** A save is a new version; certificates already issued keep the version they were rendered with. */
  async update(actor: Actor, id: string, dto: CertificateTemplateDto) {
    const tenantId = tenantOf(actor);
    const css = dto.css ?? '';
    const assets = await this.validate(tenantId, dto.html, css);
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT latest_version FROM certificate_template WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
      if (!row) throw Problem.notFound('certificateTemplate.notFound');
      const version = Number(row.latest_version) + 1;
      await this.insertVersion(tx, tenantId, id, version, dto, css, assets, actor.userId);
      await tx.query(`UPDATE certificate_template SET name = $3, latest_version = $4, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, id, dto.name.trim(), version]);
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate_template.update', 'certificate_template', id, { name: dto.name.trim(), version });
    });
    return this.get(actor, id);
  }

  /**
   * The latest version rendered with sample data, as HTML (the API runs no Chromium; the page is
   * served under a CSP that allows nothing but inline styles and data: images and fonts).
   */
  async preview(actor: Actor, id: string): Promise<string> {
    const tenantId = tenantOf(actor);
    const template = await this.get(actor, id);
    const [tenant] = await this.db.query(`SELECT name, time_zone FROM tenant WHERE id = $1`, [tenantId]);
    const qr = await QRCode.toDataURL('https://contoh.invalid/verify/CONTOHKODE234567', { margin: 0, errorCorrectionLevel: 'M', width: 240 });
    const assets = await this.loadAssets(tenantId, template.assets as string[]);
    return renderCertificateTemplate(template, sampleCertificateView(tenant.name, tenant.time_zone as AgencyZone, qr), assets);
  }

  async listAssets(actor: Actor) {
    return this.db.query(
      `SELECT id, name, status, content_type AS "contentType", size_bytes AS "sizeBytes", created_at AS "createdAt"
       FROM certificate_asset WHERE tenant_id = $1 AND status <> 'rejected' ORDER BY name`,
      [tenantOf(actor)],
    );
  }

  /** A presigned PUT for a new asset (name unique in the tenant); the bytes are checked on completion. */
  async requestAsset(actor: Actor, name: string, contentType: string, size: number) {
    const tenantId = tenantOf(actor);
    const declared = contentType.split(';')[0].trim().toLowerCase();
    const type = ASSET_TYPES.find((t) => t.contentType === declared);
    if (!type) throw Problem.field(415, 'contentType', 'certificateAsset.unsupportedType');
    if (size > ASSET_MAX_BYTES) throw Problem.field(413, 'size', 'certificateAsset.tooLarge', { limit: ASSET_MAX_BYTES });
    const objectKey = newObjectKey(tenantId, 'certificate-asset', type.extension);
    const assetId = await this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO certificate_asset (tenant_id, name, object_key, declared_type, declared_size, status, created_by)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (tenant_id, name) WHERE status <> 'rejected' DO NOTHING RETURNING id`,
        [tenantId, name, objectKey, declared, size, actor.userId],
      );
      if (!row) throw Problem.conflict('certificateAsset.nameTaken', {}, 'name');
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate_asset.requested', 'certificate_asset', row.id, { name, contentType: declared, size });
      return row.id as string;
    });
    const uploadUrl = await this.storage.presignedPutObject(this.bucket, objectKey, ASSET_UPLOAD_SECONDS);
    return { assetId, name, uploadUrl, expiresInSeconds: ASSET_UPLOAD_SECONDS };
  }

  /** Checks what arrived by its bytes (PNG, JPEG, WOFF2, TTF; never SVG) and size; a failing file is removed and the asset rejected. */
  async completeAsset(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    const outcome = await this.db.transaction(async (tx) => {
      const [asset] = await tx.query(`SELECT id, name, object_key, status, content_type, size_bytes FROM certificate_asset WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
      if (!asset) throw Problem.notFound('certificateAsset.notFound');
      if (asset.status === 'verified') return { id, name: asset.name, status: 'verified', contentType: asset.content_type, sizeBytes: asset.size_bytes };
      if (asset.status === 'rejected') throw new Problem(409, 'certificateAsset.rejected');
      const stored = await uploadedObject(this.storage, this.bucket, asset.object_key, SNIFF);
      if (!stored) throw new Problem(409, 'certificateAsset.objectMissing');
      const { size, head } = stored;
      const type = assetTypeOf(head);
      if (type && size <= ASSET_MAX_BYTES) {
        await tx.query(`UPDATE certificate_asset SET status = 'verified', content_type = $2, size_bytes = $3, verified_at = now() WHERE id = $1`, [id, type.contentType, size]);
        await this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate_asset.verified', 'certificate_asset', id, { contentType: type.contentType, size });
        return { id, name: asset.name, status: 'verified', contentType: type.contentType, sizeBytes: size };
      }
      const failure = !type
        ? Problem.field(415, 'file', 'certificateAsset.unsupportedType')
        : Problem.field(413, 'file', 'certificateAsset.tooLarge', { limit: ASSET_MAX_BYTES });
      await this.storage.removeObject(this.bucket, asset.object_key);
      await tx.query(`UPDATE certificate_asset SET status = 'rejected', size_bytes = $2 WHERE id = $1`, [id, size]);
      await this.audit.record(tx, { tenantId, userId: actor.userId }, 'certificate_asset.rejected', 'certificate_asset', id, { status: failure.getStatus() });
      return failure;
    });
    if (outcome instanceof Problem) throw outcome;
    return outcome;
  }

  /** 422 naming each offending line; the referenced assets must be verified assets of this tenant. */
  private async validate(tenantId: string, html: string, css: string): Promise<string[]> {
    const { issues, assets } = analyzeTemplate(html, css);
    const errors = issues.map((i) => {
      const key = `certificateTemplate.${i.rule.slice('template.'.length)}` as MessageKey;
      return { field: i.part, rule: i.rule, key, params: { field: i.part, line: i.line, detail: i.detail ?? '' } };
    });
    if (errors.length === 0 && assets.length > 0) {
      const known: { name: string }[] = await this.db.query(`SELECT name FROM certificate_asset WHERE tenant_id = $1 AND status = 'verified' AND name = ANY($2::text[])`, [tenantId, assets]);
      const names = new Set(known.map((k) => k.name));
      for (const name of assets.filter((a) => !names.has(a))) {
        errors.push({ field: 'html', rule: 'template.unknownAsset', key: 'certificateTemplate.unknownAsset', params: { field: 'html', line: 0, detail: name, name } as never });
      }
    }
    if (errors.length > 0) throw new Problem(422, 'certificateTemplate.invalid', {}, errors, { lines: issues.map((i) => ({ part: i.part, line: i.line, rule: i.rule })) });
    return assets;
  }

  private async insertVersion(tx: EntityManager, tenantId: string, id: string, version: number, dto: CertificateTemplateDto, css: string, assets: string[], userId: string) {
    await tx.query(
      `INSERT INTO certificate_template_version (tenant_id, template_id, version, html, css, orientation, assets, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tenantId, id, version, dto.html, css, dto.orientation, assets, userId],
    );
  }

  private async loadAssets(tenantId: string, names: string[]): Promise<Map<string, InlineAsset>> {
    const rows: { name: string; object_key: string; content_type: string }[] = names.length
      ? await this.db.query(`SELECT name, object_key, content_type FROM certificate_asset WHERE tenant_id = $1 AND status = 'verified' AND name = ANY($2::text[])`, [tenantId, names])
      : [];
    const assets = new Map<string, InlineAsset>();
    for (const row of rows) assets.set(row.name, { contentType: row.content_type, bytes: await readStream(await this.storage.getObject(this.bucket, row.object_key)) });
    return assets;
  }
}
