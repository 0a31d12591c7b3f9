import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { effectiveEntries } from '@mahir/competency';
import { appendLedgerEntry, ledgerFact, verifyEmployeeChain, type AppendInput, type AppendResult, type LedgerEntry } from '@mahir/persistence';
import { hasRole, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { EmployeeVisibility, type VisibleEmployee } from '../../organisation';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { AdjustEntryDto, LedgerQueryDto, RecordEntryDto, RevokeEntryDto } from './dto/ledger.dto';
import { toProblem } from './ledger-problems';
import { LedgerRepository, type EntryRow } from './ledger.repository';

/** An entry as the API shows it: whether it counts now beside what was recorded. */
export type EntryView = EntryRow & { effective: boolean };

@Injectable()
export class LedgerService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: LedgerRepository,
    private readonly visibility: EmployeeVisibility,
    private readonly audit: AuditService,
  ) {}

  async history(actor: Actor, employeeId: string, query: LedgerQueryDto) {
    const employee = await this.visibility.require(actor, employeeId);
    const [rows, total] = await this.repo.page(employee.tenantId, employee.id, query.page, query.pageSize);
    const counting = await this.countingNow(employee.tenantId, employee.id);
    const items: EntryView[] = rows.map((row) => ({ ...row, effective: counting.has(row.id) }));
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
      await this.repo.linkUpload(evidenceKey, result.entry.id, tx);
      return result;
    });
  }

  /** The upload named by a key, if this tenant's and this employee's, locked until the entry is written. */
  private async lockUpload(tx: EntityManager, employee: VisibleEmployee, key: string): Promise<{ entryId: string | null }> {
    const upload = await this.repo.lockUpload(employee.tenantId, employee.id, key, tx);
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
    return { employeeId, ...result, entryId: await this.repo.entryIdAt(employee.tenantId, employee.id, result.entrySequence) };
  }

  /** Ids of the entries that count now: not revoked or replaced, and not expired (the domain's rules). */
  private async countingNow(tenantId: string, employeeId: string): Promise<Set<string>> {
    const now = new Date();
    const entries = await this.repo.entriesOf(tenantId, employeeId);
    return new Set(
      effectiveEntries(entries.map(ledgerFact), now)
        .filter((f) => f.validUntil === null || f.validUntil.getTime() > now.getTime())
        .map((f) => f.id),
    );
  }

  private async target(tenantId: string, employeeId: string, entryId: string): Promise<LedgerEntry> {
    const target = await this.repo.entry(tenantId, employeeId, entryId);
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
      const row = await this.repo.view(entry.id);
      if (!row) throw new Error(`ledger entry ${entry.id} was appended but cannot be read`);
      const view: EntryView = { ...row, effective: (await this.countingNow(entry.tenantId, entry.employeeId)).has(entry.id) };
      return { created, entry: view };
    } catch (error) {
      throw toProblem(error, sourceRef);
    }
  }
}
