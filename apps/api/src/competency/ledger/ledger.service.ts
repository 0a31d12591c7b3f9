import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { effectiveEntries } from '@mahir/competency';
import { appendLedgerEntry, LedgerEntry, ledgerFact, verifyEmployeeChain, type AppendInput, type AppendResult } from '@mahir/persistence';
import { hasRole, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { EmployeeVisibility, type VisibleEmployee } from '../../organisation';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { AdjustEntryDto, LedgerQueryDto, RecordEntryDto, RevokeEntryDto } from './dto/ledger.dto';
import { toProblem } from './ledger-problems';

const ENTRY_VIEW = `
  SELECT l.id, l.sequence, l.source, l.source_ref AS "sourceRef", l.level, l.target_entry_id AS "targetEntryId",
         l.reason, l.evidence_text AS "evidenceText", l.evidence_url AS "evidenceUrl", l.evidence_object_key AS "evidenceObjectKey",
         l.occurred_at AS "occurredAt", l.valid_until AS "validUntil", l.recorded_at AS "recordedAt", l.recorded_by AS "recordedBy",
         json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'type', c.type) AS competency,
         l.prev_hash AS "prevHash", l.hash
  FROM ledger_entry l JOIN competency c ON c.id = l.competency_id`;

@Injectable()
export class LedgerService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly visibility: EmployeeVisibility,
    private readonly audit: AuditService,
  ) {}

  async history(actor: Actor, employeeId: string, query: LedgerQueryDto) {
    const employee = await this.visibility.require(actor, employeeId);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM ledger_entry WHERE employee_id = $1`, [employee.id]);
    const items = await this.db.query(
      `${ENTRY_VIEW} WHERE l.tenant_id = $1 AND l.employee_id = $2 ORDER BY l.sequence DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      [employee.tenantId, employee.id],
    );
    const counting = await this.countingNow(employee.tenantId, employee.id);
    for (const item of items) item.effective = counting.has(item.id);
    return pageOf(items, total, query);
  }

  /**
   * The employee an actor may record for (and attach evidence to): visible to them, and not
   * themselves unless they are an admin.
   */
  async recordable(actor: Actor, employeeId: string): Promise<VisibleEmployee> {
    const employee = await this.visibility.require(actor, employeeId);
    if (employee.id === actor.employeeId && !hasRole(actor, 'training_admin', 'tenant_admin')) {
      throw new Problem(403, 'ledger.selfRecording');
    }
    return employee;
  }

  /**
   * Assessment results and manual evidence, by the employee's supervisor chain or a training admin.
   * An uploaded file is attached by its key, in the same transaction as the entry.
   */
  async record(actor: Actor, employeeId: string, dto: RecordEntryDto) {
    const employee = await this.recordable(actor, employeeId);
    const evidenceKey = dto.evidenceObjectKey ?? null;
    const input: AppendInput = {
      tenantId: employee.tenantId,
      employeeId: employee.id,
      competencyId: dto.competencyId,
      level: dto.level,
      source: dto.source,
      sourceRef: dto.sourceRef,
      evidenceText: dto.evidenceText ?? null,
      evidenceUrl: dto.evidenceUrl ?? null,
      evidenceObjectKey: evidenceKey,
      occurredAt: new Date(dto.occurredAt),
      validUntil: dto.validUntil ? new Date(dto.validUntil) : null,
      recordedBy: actor.userId,
    };
    if (!evidenceKey) return this.append(actor, dto.sourceRef, input);
    return this.append(actor, dto.sourceRef, input, async (tx, append) => {
      const upload = await this.lockUpload(tx, employee, evidenceKey);
      const result = await append();
      if (!result.created) {
        // A replay: the same source, so it must name the same file.
        if (result.entry.evidenceObjectKey !== evidenceKey) throw Problem.field(409, 'sourceRef', 'ledger.sourceConflict', { sourceRef: dto.sourceRef });
        return result;
      }
      if (upload.entryId) throw Problem.field(422, 'evidenceObjectKey', 'evidence.keyUsed');
      await tx.query(`UPDATE evidence_upload SET entry_id = $1 WHERE object_key = $2`, [result.entry.id, evidenceKey]);
      return result;
    });
  }

  /** The upload named by a key, if this tenant's and this employee's, locked until the entry is written. */
  private async lockUpload(tx: EntityManager, employee: VisibleEmployee, key: string): Promise<{ entryId: string | null }> {
    const [upload] = await tx.query(
      `SELECT entry_id AS "entryId" FROM evidence_upload WHERE object_key = $1 AND tenant_id = $2 AND employee_id = $3 FOR UPDATE`,
      [key, employee.tenantId, employee.id],
    );
    if (!upload) throw Problem.field(422, 'evidenceObjectKey', 'evidence.unknownKey');
    return upload;
  }

  /** A revocation is a new entry pointing at the original; the original stays, cancelled. */
  async revoke(actor: Actor, employeeId: string, entryId: string, dto: RevokeEntryDto) {
    const employee = await this.visibility.require(actor, employeeId);
    const target = await this.target(employee.tenantId, employee.id, entryId);
    const result = await this.append(actor, undefined, {
      tenantId: employee.tenantId,
      employeeId: employee.id,
      competencyId: target.competencyId,
      level: null,
      source: 'revocation',
      sourceRef: `revocation:${target.id}`,
      targetEntryId: target.id,
      reason: dto.reason,
      occurredAt: new Date(),
      recordedBy: actor.userId,
    });
    // The source of a revocation is its target, so a second revocation finds the first: already revoked, not a replay.
    if (!result.created) throw new Problem(409, 'ledger.alreadyRevoked');
    return result;
  }

  /** An adjustment replaces the level (and validity) of an entry; adjust the adjustment to change it again. */
  async adjust(actor: Actor, employeeId: string, entryId: string, dto: AdjustEntryDto) {
    const employee = await this.visibility.require(actor, employeeId);
    const target = await this.target(employee.tenantId, employee.id, entryId);
    return this.append(actor, `adjustment:${target.id}`, {
      tenantId: employee.tenantId,
      employeeId: employee.id,
      competencyId: target.competencyId,
      level: dto.level,
      source: 'adjustment',
      sourceRef: `adjustment:${target.id}`,
      targetEntryId: target.id,
      reason: dto.reason,
      occurredAt: target.occurredAt,
      validUntil: dto.validUntil ? new Date(dto.validUntil) : null,
      recordedBy: actor.userId,
    });
  }

  async verify(actor: Actor, employeeId: string) {
    const employee = await this.visibility.require(actor, employeeId);
    const result = await verifyEmployeeChain(this.db.manager, employee.tenantId, employee.id);
    if (result.valid) return { employeeId, ...result };
    const [broken] = await this.db.query(`SELECT id FROM ledger_entry WHERE employee_id = $1 AND sequence = $2`, [employee.id, result.entrySequence]);
    return { employeeId, ...result, entryId: broken?.id ?? null };
  }

  /** Ids of the entries that count now: not revoked or replaced, and not expired (the domain's rules). */
  private async countingNow(tenantId: string, employeeId: string): Promise<Set<string>> {
    const now = new Date();
    const entries = await this.db.getRepository(LedgerEntry).findBy({ tenantId, employeeId });
    return new Set(
      effectiveEntries(entries.map(ledgerFact), now)
        .filter((f) => f.validUntil === null || f.validUntil.getTime() > now.getTime())
        .map((f) => f.id),
    );
  }

  private async target(tenantId: string, employeeId: string, entryId: string): Promise<LedgerEntry> {
    const target = await this.db.getRepository(LedgerEntry).findOneBy({ id: entryId, tenantId, employeeId });
    if (!target) throw Problem.notFound('ledger.entryNotFound');
    return target;
  }

  /**
   * Appends in one transaction with its audit entry. `around`, when given, wraps the append
   * inside that transaction (to lock and link what the entry refers to).
   */
  private async append(
    actor: Actor,
    sourceRef: string | undefined,
    input: AppendInput,
    around?: (tx: EntityManager, append: () => Promise<AppendResult>) => Promise<AppendResult>,
  ) {
    try {
      const { entry, created } = await this.db.transaction(async (tx) => {
        const append = () => appendLedgerEntry(tx, input);
        const result = around ? await around(tx, append) : await append();
        if (result.created) {
          await this.audit.record(tx, actor, `ledger.${input.source}`, 'ledger_entry', result.entry.id, {
            employeeId: input.employeeId,
            competencyId: input.competencyId,
            level: input.level,
            ...(input.evidenceObjectKey ? { evidenceObjectKey: input.evidenceObjectKey } : {}),
          });
        }
        return result;
      });
      const [view] = await this.db.query(`${ENTRY_VIEW} WHERE l.id = $1`, [entry.id]);
      view.effective = (await this.countingNow(entry.tenantId, entry.employeeId)).has(entry.id);
      return { created, entry: view };
    } catch (error) {
      throw toProblem(error, sourceRef);
    }
  }
}
