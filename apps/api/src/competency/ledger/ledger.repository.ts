import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { CompetencyLevel, CompetencyType, LedgerSource } from '@mahir/competency';
import { Competency, EvidenceUpload, LedgerEntry } from '@mahir/persistence';

/** A ledger entry as the API shows it, with its competency named. */
export interface EntryRow {
  id: string;
  sequence: number;
  source: LedgerSource;
  sourceRef: string;
  level: CompetencyLevel | null;
  targetEntryId: string | null;
  reason: string | null;
  evidenceText: string | null;
  evidenceUrl: string | null;
  evidenceObjectKey: string | null;
  occurredAt: Date;
  validUntil: Date | null;
  recordedAt: Date;
  recordedBy: string | null;
  competency: { id: string; code: string; name: string; type: CompetencyType };
  prevHash: string | null;
  hash: string;
}

/** An evidence file recorded for one employee. */
export type EvidenceUploadRow = Pick<EvidenceUpload, 'objectKey' | 'tenantId' | 'employeeId' | 'contentType' | 'size' | 'sha256' | 'uploadedBy'>;

/**
 * Reads of the competency ledger and its evidence files (appends go through the ledger writer
 * of @mahir/persistence). Every statement is narrowed to one tenant and employee.
 */
@Injectable()
export class LedgerRepository {
  constructor(@InjectRepository(LedgerEntry) private readonly entries: Repository<LedgerEntry>) {}

  private views(manager: EntityManager = this.entries.manager) {
    return manager
      .getRepository(LedgerEntry)
      .createQueryBuilder('l')
      .innerJoin(Competency, 'c', 'c.id = l.competency_id')
      .select([
        'l.id AS id',
        'l.sequence AS sequence',
        'l.source AS source',
        'l.source_ref AS "sourceRef"',
        'l.level AS level',
        'l.target_entry_id AS "targetEntryId"',
        'l.reason AS reason',
        'l.evidence_text AS "evidenceText"',
        'l.evidence_url AS "evidenceUrl"',
        'l.evidence_object_key AS "evidenceObjectKey"',
        'l.occurred_at AS "occurredAt"',
        'l.valid_until AS "validUntil"',
        'l.recorded_at AS "recordedAt"',
        'l.recorded_by AS "recordedBy"',
        `json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'type', c.type) AS competency`,
        'l.prev_hash AS "prevHash"',
        'l.hash AS hash',
      ]);
  }

  /** A page of an employee's entries, newest first, and how many there are. */
  async page(tenantId: string, employeeId: string, page: number, pageSize: number): Promise<[EntryRow[], number]> {
    const [items, total] = await Promise.all([
      this.views()
        .where('l.tenant_id = :tenantId AND l.employee_id = :employeeId', { tenantId, employeeId })
        .orderBy('l.sequence', 'DESC')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .getRawMany<EntryRow>(),
      this.entries.countBy({ tenantId, employeeId }),
    ]);
    return [items, total];
  }

  async view(id: string): Promise<EntryRow | null> {
    return (await this.views().where('l.id = :id', { id }).getRawOne<EntryRow>()) ?? null;
  }

  /** Every entry of an employee, for the domain's rules on what counts. */
  entriesOf(tenantId: string, employeeId: string): Promise<LedgerEntry[]> {
    return this.entries.findBy({ tenantId, employeeId });
  }

  entry(tenantId: string, employeeId: string, id: string): Promise<LedgerEntry | null> {
    return this.entries.findOneBy({ id, tenantId, employeeId });
  }

  async entryIdAt(tenantId: string, employeeId: string, sequence: number): Promise<string | null> {
    const entry = await this.entries.findOne({ select: { id: true }, where: { tenantId, employeeId, sequence } });
    return entry?.id ?? null;
  }

  /** The upload named by a key, if this tenant's and this employee's, locked until the entry is written. */
  async lockUpload(tenantId: string, employeeId: string, key: string, manager: EntityManager): Promise<{ entryId: string | null } | null> {
    const upload = await manager.getRepository(EvidenceUpload).findOne({
      select: { objectKey: true, entryId: true },
      where: { objectKey: key, tenantId, employeeId },
      lock: { mode: 'pessimistic_write' },
    });
    return upload ? { entryId: upload.entryId } : null;
  }

  /** The caller has locked the upload of this tenant and employee. */
  async linkUpload(key: string, entryId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(EvidenceUpload).update({ objectKey: key }, { entryId });
  }

  async insertUpload(upload: EvidenceUploadRow, manager: EntityManager): Promise<void> {
    await manager.getRepository(EvidenceUpload).insert(upload);
  }

  /** The entry, and the file attached to it if any (null key: none). */
  async entryEvidence(tenantId: string, employeeId: string, entryId: string): Promise<{ key: string | null; contentType: string | null } | null> {
    const row = await this.entries
      .createQueryBuilder('l')
      .leftJoin(EvidenceUpload, 'u', 'u.entry_id = l.id')
      .select(['u.object_key AS "key"', 'u.content_type AS "contentType"'])
      .where('l.id = :entryId AND l.tenant_id = :tenantId AND l.employee_id = :employeeId', { entryId, tenantId, employeeId })
      .getRawOne<{ key: string | null; contentType: string | null }>();
    return row ?? null;
  }
}
