import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { appendLedgerEntry } from '@mahir/persistence';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { toProblem } from '../ledger/ledger-problems';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { PriorLearningQueryDto, SubmitPriorLearningDto } from './dto/prior-learning.dto';
import { PriorLearningRepository, type SubmissionView } from './prior-learning.repository';

/** Learned before may be dated up to this far past the clock, as ledger entries may. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

type Decision = { kind: 'accept'; note?: string } | { kind: 'reject'; note: string };

/**
 * Recognition of prior learning: an employee claims a competency level learned elsewhere,
 * and someone above them (or a training admin) accepts it into the ledger or rejects it.
 */
@Injectable()
export class PriorLearningService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: PriorLearningRepository,
    private readonly audit: AuditService,
  ) {}

  /** For the caller themselves only: a login without an employee (a super admin) has no ledger. */
  async submit(actor: Actor, dto: SubmitPriorLearningDto) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) throw new Problem(403, 'priorLearning.employeesOnly');
    const occurredAt = new Date(dto.occurredAt);
    if (occurredAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw Problem.field(422, 'occurredAt', 'ledger.occurredInFuture');
    const employeeId = actor.employeeId;
    const competency = await this.repo.competency(tenantId, dto.competencyId);
    if (!competency) throw Problem.field(422, 'competencyId', 'competency.notFound');
    if (competency.retiredAt) throw Problem.field(422, 'competencyId', 'competency.retired');
    const id = await this.db.transaction(async (tx) => {
      const submissionId = await this.repo.insert(
        { tenantId, employeeId, competencyId: dto.competencyId, level: dto.level, occurredAt, description: dto.description, evidenceUrl: dto.evidenceUrl ?? null },
        tx,
      );
      await this.audit.record(tx, actor, 'prior_learning.submitted', 'prior_learning', submissionId, { competencyId: dto.competencyId, level: dto.level });
      return submissionId;
    });
    return this.view(tenantId, id);
  }

  /** Learners see their own submissions, supervisors their team's, admins the whole agency's; newest first. */
  async list(actor: Actor, query: PriorLearningQueryDto) {
    const [items, total] = await this.repo.page(actor, tenantOf(actor), query);
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
        const submission = await this.repo.lock(tenantId, id, tx);
        if (!submission || !(await this.mayDecide(tx, actor, tenantId, submission.employeeId))) throw Problem.notFound('priorLearning.notFound');
        if (submission.employeeId === actor.employeeId) throw new Problem(403, 'priorLearning.ownSubmission');
        if (submission.status !== 'submitted') throw Problem.conflict('priorLearning.alreadyDecided');
        let ledgerEntryId: string | null = null;
        if (decision.kind === 'accept') {
          const { entry } = await appendLedgerEntry(tx, {
            tenantId,
            employeeId: submission.employeeId,
            competencyId: submission.competencyId,
            level: submission.level,
            source: 'prior_learning',
            sourceRef: `prior-learning:${submission.id}`,
            evidenceText: submission.description,
            evidenceUrl: submission.evidenceUrl,
            occurredAt: submission.occurredAt,
            recordedBy: actor.userId,
          });
          ledgerEntryId = entry.id;
        }
        await this.repo.decide(
          tenantId,
          submission.id,
          { status: decision.kind === 'accept' ? 'accepted' : 'rejected', decidedBy: actor.userId, note: decision.note ?? null, ledgerEntryId },
          tx,
        );
        await this.audit.record(tx, actor, `prior_learning.${decision.kind === 'accept' ? 'accepted' : 'rejected'}`, 'prior_learning', submission.id, {
          employeeId: submission.employeeId,
          competencyId: submission.competencyId,
          level: submission.level,
          ledgerEntryId,
        });
      });
    } catch (error) {
      throw toProblem(error);
    }
    return this.view(tenantId, id);
  }

  /** Admins decide for the whole agency, a supervisor for everyone whose supervisor chain leads to them. */
  private async mayDecide(tx: EntityManager, actor: Actor, tenantId: string, employeeId: string): Promise<boolean> {
    if (hasRole(actor, 'tenant_admin', 'training_admin')) return true;
    if (!actor.employeeId) return false;
    return this.repo.inTeam(tenantId, actor.employeeId, employeeId, tx);
  }

  private async view(tenantId: string, id: string): Promise<SubmissionView> {
    const submission = await this.repo.view(tenantId, id);
    if (!submission) throw Problem.notFound('priorLearning.notFound');
    return submission;
  }
}
