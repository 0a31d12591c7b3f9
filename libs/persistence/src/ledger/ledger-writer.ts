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
 * Appends several fresh entries (no revocation, no adjustment) to ONE employee's chain with the
 * same rules and hashing as appendLedgerEntry, in three statements however many there are (the
 * per-employee lock, one read, one write): the completion spine records every competency of a
 * course at once, and round trips are what its budget (p99 < 1 s at 200 completions/s) pays for.
 * All are checked before anything is written, so a refusal writes nothing. Sources already
 * recorded come back as they are (created: false), as with appendLedgerEntry.
 */
export async function appendLedgerEntries(tx: EntityManager, inputs: readonly AppendInput[], now = new Date()): Promise<AppendResult[]> {
  if (inputs.length === 0) return [];
  const { tenantId, employeeId } = inputs[0];
  if (inputs.some((i) => i.tenantId !== tenantId || i.employeeId !== employeeId)) throw new Error('appendLedgerEntries: one employee per call');
  if (inputs.some((i) => i.source === 'revocation' || i.source === 'adjustment' || i.targetEntryId)) {
    throw new Error('appendLedgerEntries: fresh entries only; revocations and adjustments go through appendLedgerEntry');
  }
  const competencyIds = [...new Set(inputs.map((i) => i.competencyId))];
  // The lock alone first: the read below must see every entry committed before it was granted.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ledger:' || $1))`, [employeeId]);
  const [state]: { entries: EntryJson[] | null; competencies: { id: string; retired: boolean }[] | null; head: { sequence: number; hash: string } | null }[] =
    await tx.query(
      `SELECT
         (SELECT json_agg(e) FROM ledger_entry e
          WHERE e.tenant_id = $1 AND (e.source_ref = ANY($3::text[]) OR (e.employee_id = $2 AND e.competency_id = ANY($4::uuid[])))) AS entries,
         (SELECT json_agg(json_build_object('id', c.id, 'retired', c.retired_at IS NOT NULL)) FROM competency c
          WHERE c.id = ANY($4::uuid[]) AND (c.tenant_id IS NULL OR c.tenant_id = $1)) AS competencies,
         (SELECT json_build_object('sequence', h.sequence, 'hash', h.hash) FROM ledger_entry h
          WHERE h.employee_id = $2 ORDER BY h.sequence DESC LIMIT 1) AS head`,
      [tenantId, employeeId, inputs.map((i) => i.sourceRef), competencyIds],
    );
  const known = (state.entries ?? []).map(entryFromJson);
  const existingOf = (input: AppendInput) => known.find((e) => e.source === input.source && e.sourceRef === input.sourceRef);

  const fresh: AppendInput[] = [];
  for (const input of inputs) {
    const existing = existingOf(input);
    if (existing) {
      const same = existing.employeeId === input.employeeId && existing.competencyId === input.competencyId && existing.level === input.level && existing.targetEntryId === null;
      if (!same) throw new LedgerRejection('sourceConflict');
      continue;
    }
    if (input.occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new LedgerRejection('occurredInFuture');
    if (input.validUntil && input.validUntil.getTime() <= input.occurredAt.getTime()) throw new LedgerRejection('validUntilBeforeOccurred');
    const competency = (state.competencies ?? []).find((c) => c.id === input.competencyId);
    if (!competency) throw new LedgerRejection('competencyUnknown');
    if (competency.retired) throw new LedgerRejection('competencyRetired');
    fresh.push(input);
  }
  if (new Set(fresh.map((i) => `${i.source}:${i.sourceRef}`)).size !== fresh.length) throw new LedgerRejection('sourceConflict');

  const repo = tx.getRepository(LedgerEntry);
  const created = new Map<AppendInput, LedgerEntry>();
  let previous = state.head;
  for (const input of fresh) {
    const entry = repo.create({
      id: randomUUID(),
      tenantId,
      employeeId,
      sequence: previous ? previous.sequence + 1 : 1,
      competencyId: input.competencyId,
      level: input.level,
      source: input.source,
      sourceRef: input.sourceRef,
      targetEntryId: null,
      reason: input.reason ?? null,
      evidenceText: input.evidenceText ?? null,
      evidenceUrl: input.evidenceUrl ?? null,
      evidenceObjectKey: input.evidenceObjectKey ?? null,
      occurredAt: input.occurredAt,
      validUntil: input.validUntil ?? null,
      recordedAt: now,
      recordedBy: input.recordedBy,
      prevHash: previous ? previous.hash : null,
      hash: '',
    });
    entry.hash = entryHash(entry.prevHash, ledgerPayload(entry));
    created.set(input, entry);
    previous = entry;
  }

  if (created.size > 0) {
    const entries = [...created.values()];
    // Holdings of the touched competencies from the entries read above plus the new ones.
    const facts = [...known.filter((e) => e.employeeId === employeeId), ...entries].map(ledgerFact);
    const touched = [...new Set(entries.map((e) => e.competencyId))];
    const held = touched.map((c) => holdingNow(facts.filter((f) => f.competencyId === c), c, now)).filter((h): h is HoldingRow => h !== null);
    const gone = touched.filter((c) => !held.some((h) => h.competencyId === c));
    const column = <K extends keyof LedgerEntry>(key: K) => entries.map((e) => e[key]);
    await tx.query(
      `WITH appended AS (
         INSERT INTO ledger_entry (id, tenant_id, employee_id, sequence, competency_id, level, source, source_ref, target_entry_id, reason,
                                   evidence_text, evidence_url, evidence_object_key, occurred_at, valid_until, recorded_at, recorded_by, prev_hash, hash)
         SELECT e.id, $1, $2, e.sequence, e.competency_id, e.level, e.source, e.source_ref, NULL, e.reason, e.evidence_text, e.evidence_url,
                e.evidence_object_key, e.occurred_at, e.valid_until, $13, e.recorded_by, e.prev_hash, e.hash
         FROM unnest($3::uuid[], $4::int[], $5::uuid[], $6::smallint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                     $14::timestamptz[], $15::timestamptz[], $16::uuid[], $17::text[], $18::text[])
              AS e(id, sequence, competency_id, level, source, source_ref, reason, evidence_text, evidence_url, evidence_object_key,
                   occurred_at, valid_until, recorded_by, prev_hash, hash)
         RETURNING 1),
       dropped AS (DELETE FROM competency_holding WHERE employee_id = $2 AND competency_id = ANY($19::uuid[]) RETURNING 1)
       INSERT INTO competency_holding (tenant_id, employee_id, competency_id, level, entry_id, valid_until, next_change_at, refreshed_at)
       SELECT $1, $2, h.competency_id, h.level, h.entry_id, h.valid_until, h.next_change_at, $13
       FROM unnest($20::uuid[], $21::smallint[], $22::uuid[], $23::timestamptz[], $24::timestamptz[]) AS h(competency_id, level, entry_id, valid_until, next_change_at)
       ON CONFLICT (employee_id, competency_id) DO UPDATE SET level = EXCLUDED.level, entry_id = EXCLUDED.entry_id,
         valid_until = EXCLUDED.valid_until, next_change_at = EXCLUDED.next_change_at, refreshed_at = EXCLUDED.refreshed_at`,
      [
        tenantId, employeeId, column('id'), column('sequence'), column('competencyId'), column('level'), column('source'), column('sourceRef'),
        column('reason'), column('evidenceText'), column('evidenceUrl'), column('evidenceObjectKey'), now, column('occurredAt'), column('validUntil'),
        column('recordedBy'), column('prevHash'), column('hash'), gone,
        held.map((h) => h.competencyId), held.map((h) => h.level), held.map((h) => h.entryId), held.map((h) => h.validUntil), held.map((h) => h.nextChangeAt),
      ],
    );
  }
  return inputs.map((input) => {
    const entry = created.get(input);
    return entry ? { entry, created: true } : { entry: existingOf(input) as LedgerEntry, created: false };
  });
}

/** A ledger_entry row as json_agg renders it. */
interface EntryJson {
  id: string;
  tenant_id: string;
  employee_id: string;
  sequence: number;
  competency_id: string;
  level: CompetencyLevel | null;
  source: LedgerSource;
  source_ref: string;
  target_entry_id: string | null;
  reason: string | null;
  evidence_text: string | null;
  evidence_url: string | null;
  evidence_object_key: string | null;
  occurred_at: string;
  valid_until: string | null;
  recorded_at: string;
  recorded_by: string | null;
  prev_hash: string | null;
  hash: string;
}

function entryFromJson(e: EntryJson): LedgerEntry {
  return Object.assign(new LedgerEntry(), {
    id: e.id,
    tenantId: e.tenant_id,
    employeeId: e.employee_id,
    sequence: e.sequence,
    competencyId: e.competency_id,
    level: e.level,
    source: e.source,
    sourceRef: e.source_ref,
    targetEntryId: e.target_entry_id,
    reason: e.reason,
    evidenceText: e.evidence_text,
    evidenceUrl: e.evidence_url,
    evidenceObjectKey: e.evidence_object_key,
    occurredAt: new Date(e.occurred_at),
    validUntil: e.valid_until === null ? null : new Date(e.valid_until),
    recordedAt: new Date(e.recorded_at),
    recordedBy: e.recorded_by,
    prevHash: e.prev_hash,
    hash: e.hash,
  });
}

interface HoldingRow {
  competencyId: string;
  level: CompetencyLevel;
  entryId: string;
  validUntil: Date | null;
  nextChangeAt: Date | null;
}

/** The level held now in one competency from its entries, by the domain rules; null when none counts. */
function holdingNow(facts: LedgerFact[], competencyId: string, now: Date): HoldingRow | null {
  // An entry may be dated up to the clock skew ahead of now. It counts from its append on: nothing
  // would refresh this row when its moment comes, so as of `now` it would never count at all.
  const asOf = new Date(Math.max(now.getTime(), ...facts.map((f) => f.occurredAt.getTime())));
  const held = profileAsOf(facts, asOf).get(competencyId);
  if (!held) return null;
  const nextChange = effectiveEntries(facts, asOf)
    .map((f) => f.validUntil)
    .filter((d): d is Date => d !== null && d.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return { competencyId, level: held.level, entryId: held.entryId, validUntil: held.validUntil, nextChangeAt: nextChange ?? null };
}

/**
 * Recomputes the level one employee holds now in one competency, by the domain rules, into
 * competency_holding; next_change_at is the next expiry among the entries that count.
 */
async function refreshHolding(tx: EntityManager, tenantId: string, employeeId: string, competencyId: string, now: Date) {
  const entries = await tx.getRepository(LedgerEntry).findBy({ tenantId, employeeId, competencyId });
  const held = holdingNow(entries.map(ledgerFact), competencyId, now);
  if (!held) {
    await tx.query(`DELETE FROM competency_holding WHERE employee_id = $1 AND competency_id = $2`, [employeeId, competencyId]);
    return;
  }
  await tx.query(
    `INSERT INTO competency_holding (tenant_id, employee_id, competency_id, level, entry_id, valid_until, next_change_at, refreshed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (employee_id, competency_id) DO UPDATE SET level = EXCLUDED.level, entry_id = EXCLUDED.entry_id,
       valid_until = EXCLUDED.valid_until, next_change_at = EXCLUDED.next_change_at, refreshed_at = EXCLUDED.refreshed_at`,
    [tenantId, employeeId, competencyId, held.level, held.entryId, held.validUntil, held.nextChangeAt, now],
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
