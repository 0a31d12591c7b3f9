import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Client } from 'minio';
import { DataSource } from 'typeorm';
import { newObjectKey, STORAGE_BUCKET, STORAGE_CLIENT } from '@mahir/storage';
import type { Actor } from '../../platform';
import { AuditService } from '../../platform';
import { EmployeeVisibility } from '../../organisation';
import { Problem } from '../../platform';
import { EVIDENCE_FIELD, type EvidenceFile } from './evidence-file.interceptor';
import { evidenceTypeOf } from './evidence-type';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

/** How long a download link of an evidence file works: long enough to open it, too short to pass around. */
export const EVIDENCE_LINK_SECONDS = 300;

/**
 * Evidence files of the ledger: stored under a generated key with the type read from the
 * bytes, recorded as an upload of one employee, handed out by short presigned links.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: LedgerRepository,
    @Inject(STORAGE_CLIENT) private readonly storage: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    private readonly ledger: LedgerService,
    private readonly visibility: EmployeeVisibility,
    private readonly audit: AuditService,
  ) {}

  async upload(actor: Actor, employeeId: string, file: EvidenceFile | undefined) {
    if (!file) throw Problem.field(400, EVIDENCE_FIELD, 'rule.required');
    if (file.size === 0) throw Problem.field(400, EVIDENCE_FIELD, 'evidence.empty');
    const type = evidenceTypeOf(file.buffer);
    if (!type) throw Problem.field(415, EVIDENCE_FIELD, 'evidence.unsupportedType');
    const employee = await this.ledger.recordable(actor, employeeId);

    const key = newObjectKey(employee.tenantId, 'evidence', type.extension);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    await this.storage.putObject(this.bucket, key, file.buffer, file.size, { 'Content-Type': type.contentType });
    try {
      await this.db.transaction(async (tx) => {
        await this.repo.insertUpload(
          { objectKey: key, tenantId: employee.tenantId, employeeId: employee.id, contentType: type.contentType, size: file.size, sha256, uploadedBy: actor.userId },
          tx,
        );
        await this.audit.record(tx, actor, 'evidence.upload', 'evidence_upload', key, { employeeId: employee.id, contentType: type.contentType, size: file.size, sha256 });
      });
    } catch (error) {
      // No row names the object, so nothing could ever use it: remove it rather than leave it behind.
      await this.storage.removeObject(this.bucket, key).catch(() => undefined);
      throw error;
    }
    return { evidenceObjectKey: key, contentType: type.contentType, size: file.size, sha256 };
  }

  /** A presigned GET of the file attached to an entry, for whoever may see the employee. */
  async link(actor: Actor, employeeId: string, entryId: string) {
    const employee = await this.visibility.require(actor, employeeId);
    const entry = await this.repo.entryEvidence(employee.tenantId, employee.id, entryId);
    if (!entry) throw Problem.notFound('ledger.entryNotFound');
    if (!entry.key) throw Problem.notFound('evidence.notFound');
    const url = await this.storage.presignedGetObject(this.bucket, entry.key, EVIDENCE_LINK_SECONDS);
    return { url, expiresInSeconds: EVIDENCE_LINK_SECONDS, contentType: entry.contentType ?? '' };
  }
}
