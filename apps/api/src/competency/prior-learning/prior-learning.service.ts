import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CompetencyLevel } from '@mahir/competency';
import { appendLedgerEntry } from '@mahir/persistence';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { teamCte, visibleEmployeesFilter } from '../../organisation';
import { toProblem } from '../ledger/ledger-problems';
import { likePattern, pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { PriorLearningQueryDto, SubmitPriorLearningDto } from './dto/prior-learning.dto';

/** A submission as the API shows it, with the employee and the competency named. */
const VIEW_SQL = `
  SELECT s.id, s.status, s.level, s.occurred_at AS "occurredAt", s.description, s.evidence_url AS "evidenceUrl",
         json_build_object('id', e.id, 'nip', e.nip, 'fullName', e.full_name) AS employee,
         json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'type', c.type) AS competency,
         s.decided_by AS "decidedBy", s.decided_at AS "decidedAt", s.decision_note AS "decisionNote",
         s.ledger_entry_id AS "ledgerEntryId", s.created_at AS "createdAt"
  FROM prior_learning s
  JOIN employee e ON e.id = s.employee_id
  JOIN competency c ON c.id = s.competency_id`;

/** Learned before may be dated up to this far past the clock, as ledger entries may. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

interface Submission {
  id: string;
  employee_id: string;
  competency_id: string;
  level: CompetencyLevel;
  occurred_at: Date;
  description: string;
  evidence_url: string | null;
  status: string;
}

type Decision = { kind: 'accept'; note?: string } | { kind: 'reject'; note: string };

/**
 * Recognition of prior learning: an employee claims a competency level learned elsewhere,
 * and someone above them (or a training admin) accepts it into the ledger or rejects it.
 */
@Injectable()
export class PriorLearningService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** For the caller themselves only: a login without an employee (a super admin) has no ledger. */
  async submit(actor: Actor, dto: SubmitPriorLearningDto) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) throw new Problem(403, 'priorLearning.employeesOnly');
    const occurredAt = new Date(dto.occurredAt);
    if (occurredAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw Problem.field(422, 'occurredAt', 'ledger.occurredInFuture');
    const [competency] = await this.db.query(`SELECT retired_at FROM competency WHERE id = $1 AND (tenant_id IS NULL OR tenant_id = $2)`, [
      dto.competencyId,
      tenantId,
    ]);
    if (!competency) throw Problem.field(422, 'competencyId', 'competency.notFound');
    if (competency.retired_at) throw Problem.field(422, 'competencyId', 'competency.retired');
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO prior_learning (tenant_id, employee_id, competency_id, level, occurred_at, description, evidence_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [tenantId, actor.employeeId, dto.competencyId, dto.level, occurredAt, dto.description, dto.evidenceUrl ?? null],
      );
      await this.audit.record(tx, actor, 'prior_learning.submitted', 'prior_learning', row.id, { competencyId: dto.competencyId, level: dto.level });
      return row.id as string;
    });
    return this.view(id);
  }

  /** Learners see their own submissions, supervisors their team's, admins the whole agency's; newest first. */
  async list(actor: Actor, query: PriorLearningQueryDto) {
    const tenantId = tenantOf(actor);
    const params: unknown[] = [tenantId];
    const where = ['s.tenant_id = $1'];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = visibleEmployeesFilter(actor, 's.employee_id', add);
    const cte = visible.cte;
    if (visible.where) where.push(visible.where);
    if (query.status) where.push(`s.status = ${add(query.status)}`);
    if (query.q) {
      const q = add(likePattern(query.q));
      where.push(`(lower(e.full_name) LIKE ${q} OR e.nip LIKE ${q} OR lower(c.code) LIKE ${q} OR lower(c.name) LIKE ${q})`);
    }
    const filter = where.join(' AND ');
    const [[{ total }], items] = await Promise.all([
      this.db.query(
        `${cte} SELECT count(*)::int AS total FROM prior_learning s JOIN employee e ON e.id = s.employee_id JOIN competency c ON c.id = s.competency_id WHERE ${filter}`,
        params,
      ),
      this.db.query(
        `${cte} ${VIEW_SQL} WHERE ${filter} ORDER BY s.created_at DESC, s.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
    ]);
    return pageOf(items, total, query);
  }

  /** Accepting records the claim in the ledger, in the same transaction as the decision. */
  accept(actor: Actor, id: string, note?: string) {
    return this.decide(actor, id, { kind: 'accept', note });
  }

  reject(actor: Actor, id: string, note: string) {
    return this.decide(actor, id, { kind: 'reject', note });
  }

  private async decide(actor: Actor, id: string, decision: Decision) {
    const tenantId = tenantOf(actor);
    try {
      await this.db.transaction(async (tx) => {
        // The row lock makes two decisions on one submission take turns: the second sees it decided.
        const [submission]: Submission[] = await tx.query(`SELECT * FROM prior_learning WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
        if (!submission || !(await this.mayDecide(tx, actor, tenantId, submission.employee_id))) throw Problem.notFound('priorLearning.notFound');
        if (submission.employee_id === actor.employeeId) throw new Problem(403, 'priorLearning.ownSubmission');
        if (submission.status !== 'submitted') throw Problem.conflict('priorLearning.alreadyDecided');
        let ledgerEntryId: string | null = null;
        if (decision.kind === 'accept') {
          const { entry } = await appendLedgerEntry(tx, {
            tenantId,
            employeeId: submission.employee_id,
            competencyId: submission.competency_id,
            level: submission.level,
            source: 'prior_learning',
            sourceRef: `prior-learning:${submission.id}`,
            evidenceText: submission.description,
            evidenceUrl: submission.evidence_url,
            occurredAt: submission.occurred_at,
            recordedBy: actor.userId,
          });
          ledgerEntryId = entry.id;
        }
        await tx.query(
          `UPDATE prior_learning SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4, ledger_entry_id = $5 WHERE id = $1`,
          [submission.id, decision.kind === 'accept' ? 'accepted' : 'rejected', actor.userId, decision.note ?? null, ledgerEntryId],
        );
        await this.audit.record(tx, actor, `prior_learning.${decision.kind === 'accept' ? 'accepted' : 'rejected'}`, 'prior_learning', submission.id, {
          employeeId: submission.employee_id,
          competencyId: submission.competency_id,
          level: submission.level,
          ledgerEntryId,
        });
      });
    } catch (error) {
      throw toProblem(error);
    }
    return this.view(id);
  }

  /** Admins decide for the whole agency, a supervisor for everyone whose supervisor chain leads to them. */
  private async mayDecide(tx: EntityManager, actor: Actor, tenantId: string, employeeId: string): Promise<boolean> {
    if (hasRole(actor, 'tenant_admin', 'training_admin')) return true;
    if (!actor.employeeId) return false;
    const [hit] = await tx.query(`${teamCte('$2')} SELECT 1 FROM team WHERE id = $3`, [tenantId, actor.employeeId, employeeId]);
    return Boolean(hit);
  }

  private async view(id: string) {
    const [row] = await this.db.query(`${VIEW_SQL} WHERE s.id = $1`, [id]);
    return row;
  }
}
