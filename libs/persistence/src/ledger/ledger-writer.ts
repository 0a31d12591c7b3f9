import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  effectiveEntries, entryHash, profileAsOf, verifyChain,
  type ChainLink, type ChainPayload, type ChainVerification, type CompetencyLevel, type LedgerFact, type LedgerSource,
} from '@mahir/competency';
import { LedgerEntry } from '../entities/ledger-entry.entity';

export interface AppendInput {
  tenantId: string;
  employeeId: string;
  competencyId: string;
  /** Null only for a revocation. */
  level: CompetencyLevel | null;
  source: LedgerSource;
  sourceRef: string;
  targetEntryId?: string | null;
  reason?: string | null;
  evidenceText?: string | null;
  evidenceUrl?: string | null;
  evidenceObjectKey?: string | null;
  occurredAt: Date;
  validUntil?: Date | null;
  recordedBy: string | null;
}

export type LedgerRejectionReason =
  | 'competencyUnknown'
  | 'competencyRetired'
  | 'occurredInFuture'
  | 'validUntilBeforeOccurred'
  | 'targetNotFound'
  | 'targetNotRevocable'
  | 'targetAlreadyRevoked'
  | 'sourceConflict';

/** A rule of the ledger refused the entry; nothing was written. */
export class LedgerRejection extends Error {
  constructor(readonly reason: LedgerRejectionReason) {
    super(`ledger entry refused: ${reason}`);
    this.name = 'LedgerRejection';
  }
}

/** Entries may be dated up to this far past the clock (clocks of callers differ slightly). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * The exact fields an entry's hash covers, as strings: the one definition used both when
 * appending and when verifying, so the two can never disagree.
 */
export function ledgerPayload(e: LedgerEntry): ChainPayload {
  return {
    id: e.id,
    tenantId: e.tenantId,
    employeeId: e.employeeId,
    sequence: e.sequence,
    competencyId: e.competencyId,
    level: e.level,
    source: e.source,
    sourceRef: e.sourceRef,
    targetEntryId: e.targetEntryId,
    reason: e.reason,
    evidenceText: e.evidenceText,
    evidenceUrl: e.evidenceUrl,
    evidenceObjectKey: e.evidenceObjectKey,
    occurredAt: e.occurredAt.toISOString(),
    validUntil: e.validUntil ? e.validUntil.toISOString() : null,
    recordedAt: e.recordedAt.toISOString(),
    recordedBy: e.recordedBy,
  };
}

/** The facts of a stored entry that the domain's profile rules read. */
export function ledgerFact(e: LedgerEntry): LedgerFact {
  return {
    id: e.id,
    competencyId: e.competencyId,
    level: e.level,
    source: e.source,
    targetEntryId: e.targetEntryId,
    occurredAt: e.occurredAt,
    validUntil: e.validUntil,
  };
}

export interface AppendResult {
  entry: LedgerEntry;
  /** False when the same source was already recorded: the existing entry is returned. */
  created: boolean;
}

/**
 * Appends one entry to an employee's ledger inside the caller's transaction: the chain is
 * locked per employee, the entry hashed onto the previous one, and the level held in that
 * competency (competency_holding) refreshed with the domain rules.
 */
export async function appendLedgerEntry(tx: EntityManager, input: AppendInput, now = new Date()): Promise<AppendResult> {
  const repo = tx.getRepository(LedgerEntry);
  // One writer per employee chain at a time; the unique (employee_id, sequence) key is the backstop.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ledger:' || $1))`, [input.employeeId]);

  const existing = await repo.findOneBy({ tenantId: input.tenantId, source: input.source, sourceRef: input.sourceRef });
  if (existing) {
    const same =
      existing.employeeId === input.employeeId &&
      existing.competencyId === input.competencyId &&
      existing.level === input.level &&
      (existing.targetEntryId ?? null) === (input.targetEntryId ?? null);
    if (!same) throw new LedgerRejection('sourceConflict');
    return { entry: existing, created: false };
  }

  if (input.occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new LedgerRejection('occurredInFuture');
  if (input.validUntil && input.validUntil.getTime() <= input.occurredAt.getTime()) throw new LedgerRejection('validUntilBeforeOccurred');

  const [competency] = await tx.query(
    `SELECT id, retired_at FROM competency WHERE id = $1 AND (tenant_id IS NULL OR tenant_id = $2)`,
    [input.competencyId, input.tenantId],
  );
  if (!competency) throw new LedgerRejection('competencyUnknown');
  if (competency.retired_at && input.source !== 'revocation') throw new LedgerRejection('competencyRetired');

  if (input.source === 'revocation' || input.source === 'adjustment') {
    const target = input.targetEntryId
      ? await repo.findOneBy({ id: input.targetEntryId, tenantId: input.tenantId, employeeId: input.employeeId })
      : null;
    if (!target) throw new LedgerRejection('targetNotFound');
    if (target.source === 'revocation') throw new LedgerRejection('targetNotRevocable');
    if (target.competencyId !== input.competencyId) throw new LedgerRejection('targetNotFound');
    const [revoked] = await tx.query(`SELECT 1 FROM ledger_entry WHERE target_entry_id = $1 AND source = 'revocation'`, [target.id]);
    if (revoked) throw new LedgerRejection('targetAlreadyRevoked');
  }

  const [head] = await tx.query(`SELECT sequence, hash FROM ledger_entry WHERE employee_id = $1 ORDER BY sequence DESC LIMIT 1`, [
    input.employeeId,
  ]);
  const entry = repo.create({
    id: randomUUID(),
    tenantId: input.tenantId,
    employeeId: input.employeeId,
    sequence: head ? head.sequence + 1 : 1,
    competencyId: input.competencyId,
    level: input.level,
    source: input.source,
    sourceRef: input.sourceRef,
    targetEntryId: input.targetEntryId ?? null,
    reason: input.reason ?? null,
    evidenceText: input.evidenceText ?? null,
    evidenceUrl: input.evidenceUrl ?? null,
    evidenceObjectKey: input.evidenceObjectKey ?? null,
    occurredAt: input.occurredAt,
    validUntil: input.validUntil ?? null,
    recordedAt: now,
    recordedBy: input.recordedBy,
    prevHash: head ? head.hash : null,
    hash: '',
  });
  entry.hash = entryHash(entry.prevHash, ledgerPayload(entry));
  await repo.insert(entry);
  await refreshHolding(tx, input.tenantId, input.employeeId, input.competencyId, now);
  return { entry, created: true };
}

/**
 * Recomputes the level one employee holds now in one competency, by the domain rules, into
 * competency_holding; next_change_at is the next expiry among the entries that count.
 */
async function refreshHolding(tx: EntityManager, tenantId: string, employeeId: string, competencyId: string, now: Date) {
  const entries = await tx.getRepository(LedgerEntry).findBy({ tenantId, employeeId, competencyId });
  const facts = entries.map(ledgerFact);
  // An entry may be dated up to the clock skew ahead of now. It counts from its append on: nothing
  // would refresh this row when its moment comes, so as of `now` it would never count at all.
  const asOf = new Date(Math.max(now.getTime(), ...facts.map((f) => f.occurredAt.getTime())));
  const held = profileAsOf(facts, asOf).get(competencyId);
  const nextChange = effectiveEntries(facts, asOf)
    .map((f) => f.validUntil)
    .filter((d): d is Date => d !== null && d.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime())[0];
  if (!held) {
    await tx.query(`DELETE FROM competency_holding WHERE employee_id = $1 AND competency_id = $2`, [employeeId, competencyId]);
    return;
  }
  await tx.query(
    `INSERT INTO competency_holding (tenant_id, employee_id, competency_id, level, entry_id, valid_until, next_change_at, refreshed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (employee_id, competency_id) DO UPDATE SET level = EXCLUDED.level, entry_id = EXCLUDED.entry_id,
       valid_until = EXCLUDED.valid_until, next_change_at = EXCLUDED.next_change_at, refreshed_at = EXCLUDED.refreshed_at`,
    [tenantId, employeeId, competencyId, held.level, held.entryId, held.validUntil, nextChange ?? null, now],
  );
}

/**
 * Brings holdings whose level may have changed by expiry up to date (usually none or a few);
 * run before reading holdings, so reports are exact as of `now`.
 */
export async function refreshStaleHoldings(tx: EntityManager, tenantId: string, now = new Date()): Promise<number> {
  const stale: { employee_id: string; competency_id: string }[] = await tx.query(
    `SELECT employee_id, competency_id FROM competency_holding WHERE tenant_id = $1 AND next_change_at <= $2`,
    [tenantId, now],
  );
  for (const row of stale) {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ledger:' || $1))`, [row.employee_id]);
    await refreshHolding(tx, tenantId, row.employee_id, row.competency_id, now);
  }
  return stale.length;
}

/** Recomputes every entry's hash from the stored fields and reports the first broken link. */
export async function verifyEmployeeChain(tx: EntityManager, tenantId: string, employeeId: string): Promise<ChainVerification> {
  const entries = await tx.getRepository(LedgerEntry).find({ where: { tenantId, employeeId }, order: { sequence: 'ASC' } });
  const links: ChainLink[] = entries.map((e) => ({ sequence: e.sequence, prevHash: e.prevHash, hash: e.hash, payload: ledgerPayload(e) }));
  return verifyChain(links);
}
