import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import type { CompetencyLevel, CompetencyType } from '@mahir/competency';
import { Competency, Employee, PriorLearning, sqlRow, sqlRows } from '@mahir/persistence';
import { likePattern, type Actor } from '../../platform';
import { teamCte, visibleEmployeesFilter } from '../../organisation';
import type { PriorLearningStatus } from '@mahir/competency';
import type { PriorLearningQueryDto } from './dto/prior-learning.dto';

/** A submission as the API shows it, with the employee and the competency named. */
export interface SubmissionView {
  id: string;
  status: PriorLearningStatus;
  level: CompetencyLevel;
  occurredAt: Date;
  description: string;
  evidenceUrl: string | null;
  employee: { id: string; nip: string; fullName: string };
  competency: { id: string; code: string; name: string; type: CompetencyType };
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  ledgerEntryId: string | null;
  createdAt: Date;
}

/** What a decision reads of the submission it decides. */
export type SubmissionRow = Pick<PriorLearning, 'id' | 'employeeId' | 'competencyId' | 'level' | 'occurredAt' | 'description' | 'evidenceUrl' | 'status'>;

/** The columns of SubmissionView over prior_learning s, employee e and competency c: one list for the raw page and the query builder. */
const VIEW_COLUMNS = [
  's.id AS id',
  's.status AS status',
  's.level AS level',
  's.occurred_at AS "occurredAt"',
  's.description AS description',
  's.evidence_url AS "evidenceUrl"',
  `json_build_object('id', e.id, 'nip', e.nip, 'fullName', e.full_name) AS employee`,
  `json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'type', c.type) AS competency`,
  's.decided_by AS "decidedBy"',
  's.decided_at AS "decidedAt"',
  's.decision_note AS "decisionNote"',
  's.ledger_entry_id AS "ledgerEntryId"',
  's.created_at AS "createdAt"',
];

const VIEW_SQL = `
  SELECT ${VIEW_COLUMNS.join(', ')}
  FROM prior_learning s
  JOIN employee e ON e.id = s.employee_id
  JOIN competency c ON c.id = s.competency_id`;

/** Submissions of prior learning, narrowed to one tenant; decisions lock the row they decide. */
@Injectable()
export class PriorLearningRepository {
  constructor(@InjectRepository(Competency) private readonly competencies: Repository<Competency>) {}

  /** A competency the agency can see (national or its own), with when it was retired. */
  competency(tenantId: string, id: string): Promise<Pick<Competency, 'id' | 'retiredAt'> | null> {
    return this.competencies.findOne({ select: { id: true, retiredAt: true }, where: [{ id, tenantId: IsNull() }, { id, tenantId }] });
  }

  async insert(
    values: Pick<PriorLearning, 'tenantId' | 'employeeId' | 'competencyId' | 'level' | 'occurredAt' | 'description' | 'evidenceUrl'>,
    manager: EntityManager,
  ): Promise<string> {
    const repo = manager.getRepository(PriorLearning);
    const submission = repo.create(values);
    await repo.insert(submission);
    return submission.id;
  }

  /** Raw SQL: the shared visibility CTE (organisation's visibleEmployeesFilter) narrows the list; newest first. */
  async page(actor: Actor, tenantId: string, query: PriorLearningQueryDto): Promise<[SubmissionView[], number]> {
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
    const [count, items] = await Promise.all([
      sqlRow<{ total: number }>(
        this.competencies.manager,
        `${cte} SELECT count(*)::int AS total FROM prior_learning s JOIN employee e ON e.id = s.employee_id JOIN competency c ON c.id = s.competency_id WHERE ${filter}`,
        params,
      ),
      sqlRows<SubmissionView>(
        this.competencies.manager,
        `${cte} ${VIEW_SQL} WHERE ${filter} ORDER BY s.created_at DESC, s.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
    ]);
    return [items, count?.total ?? 0];
  }

  /** The row lock makes two decisions on one submission take turns: the second sees it decided. */
  lock(tenantId: string, id: string, manager: EntityManager): Promise<SubmissionRow | null> {
    return manager.getRepository(PriorLearning).findOne({
      select: { id: true, employeeId: true, competencyId: true, level: true, occurredAt: true, description: true, evidenceUrl: true, status: true },
      where: { tenantId, id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Raw SQL: the team CTE shared with the organisation context (teamCte). */
  async inTeam(tenantId: string, supervisorId: string, employeeId: string, manager: EntityManager): Promise<boolean> {
    return (await sqlRow<{ hit: number }>(manager, `${teamCte('$2')} SELECT 1 AS hit FROM team WHERE id = $3`, [tenantId, supervisorId, employeeId])) !== null;
  }

  async decide(
    tenantId: string,
    id: string,
    decision: { status: PriorLearningStatus; decidedBy: string; note: string | null; ledgerEntryId: string | null },
    manager: EntityManager,
  ): Promise<void> {
    await manager
      .getRepository(PriorLearning)
      .update({ tenantId, id }, { status: decision.status, decidedBy: decision.decidedBy, decidedAt: () => 'now()', decisionNote: decision.note, ledgerEntryId: decision.ledgerEntryId });
  }

  async view(tenantId: string, id: string): Promise<SubmissionView | null> {
    const row = await this.competencies.manager
      .getRepository(PriorLearning)
      .createQueryBuilder('s')
      .innerJoin(Employee, 'e', 'e.id = s.employee_id')
      .innerJoin(Competency, 'c', 'c.id = s.competency_id')
      .select(VIEW_COLUMNS)
      .where('s.tenant_id = :tenantId AND s.id = :id', { tenantId, id })
      .getRawOne<SubmissionView>();
    return row ?? null;
  }
}
