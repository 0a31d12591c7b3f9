import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { AssignmentSubmission, Enrollment, GradingItem } from '@mahir/persistence';

/** What a requested upload records: the generated key and what the browser declared. */
export interface NewSubmission {
  tenantId: string;
  enrollmentId: string;
  lessonId: string;
  objectKey: string;
  fileName: string | null;
  declaredType: string;
  declaredSize: number;
  maxPoints: number;
}

/** How far the learner's hand-ins of one lesson got: waiting for a grade, accepted in all, passed. */
export interface HandInState {
  waiting: number;
  used: number;
  passed: boolean;
}

/** Assignment submissions: the learner's hand-ins and the grading item an accepted one becomes. */
@Injectable()
export class SubmissionsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async create(submission: NewSubmission): Promise<string> {
    const submissions = this.db.getRepository(AssignmentSubmission);
    const saved = await submissions.save(
      submissions.create({ ...submission, declaredSize: String(submission.declaredSize), maxPoints: String(submission.maxPoints) }),
    );
    return saved.id;
  }

  /** The employee's own submission in the tenant; anyone else's is null. */
  async own(tenantId: string, employeeId: string | null, id: string, manager: EntityManager = this.db.manager): Promise<AssignmentSubmission | null> {
    if (employeeId === null) return null;
    return manager
      .createQueryBuilder(AssignmentSubmission, 's')
      .innerJoin(Enrollment, 'e', 'e.tenant_id = s.tenant_id AND e.id = s.enrollment_id')
      .where('s.id = :id', { id })
      .andWhere('s.tenant_id = :tenantId', { tenantId })
      .andWhere('e.employee_id = :employeeId', { employeeId })
      .getOne();
  }

  /** The submission, locked until the transaction ends. */
  lock(id: string, tx: EntityManager): Promise<AssignmentSubmission> {
    return tx.getRepository(AssignmentSubmission).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async reject(id: string, size: number, tx: EntityManager): Promise<void> {
    await tx.getRepository(AssignmentSubmission).update({ id }, { status: 'rejected', size: String(size) });
  }

  /** The number the next accepted submission of the lesson gets. */
  async nextNumber(enrollmentId: string, lessonId: string, tx: EntityManager): Promise<number> {
    const row = await tx
      .createQueryBuilder(AssignmentSubmission, 's')
      .select('coalesce(max(s.number), 0) + 1', 'next')
      .where('s.enrollment_id = :enrollmentId', { enrollmentId })
      .andWhere('s.lesson_id = :lessonId', { lessonId })
      .getRawOne<{ next: number }>();
    return row?.next ?? 1;
  }

  /** Accepts the submission under its number, with the type and size verified; answers it as stored. */
  async accept(id: string, accepted: { number: number; contentType: string; size: number }, tx: EntityManager): Promise<AssignmentSubmission> {
    const submissions = tx.getRepository(AssignmentSubmission);
    await submissions.update({ id }, { status: 'submitted', number: accepted.number, contentType: accepted.contentType, size: String(accepted.size), submittedAt: () => 'now()' });
    return submissions.findOneByOrFail({ id });
  }

  /** The accepted submission waits in the graders' inbox. */
  async enqueueForGrading(item: { tenantId: string; submissionId: string; enrollmentId: string; courseId: string; maxPoints: number }, tx: EntityManager): Promise<void> {
    await tx.getRepository(GradingItem).insert({ ...item, kind: 'assignment', maxPoints: String(item.maxPoints) });
  }

  /** The lesson's handed-in submissions (uploads still under way left out), newest first. */
  list(enrollmentId: string, lessonId: string): Promise<AssignmentSubmission[]> {
    return this.db.getRepository(AssignmentSubmission).find({
      where: { enrollmentId, lessonId, status: Not('uploading') },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  async handInState(enrollmentId: string, lessonId: string, manager: EntityManager = this.db.manager): Promise<HandInState> {
    const row = await manager
      .createQueryBuilder(AssignmentSubmission, 's')
      .select(`count(*) FILTER (WHERE s.status = 'submitted')::int`, 'waiting')
      .addSelect(`count(*) FILTER (WHERE s.status IN ('submitted', 'graded'))::int`, 'used')
      .addSelect('coalesce(bool_or(s.passed), false)', 'passed')
      .where('s.enrollment_id = :enrollmentId', { enrollmentId })
      .andWhere('s.lesson_id = :lessonId', { lessonId })
      .getRawOne<HandInState>();
    return row ?? { waiting: 0, used: 0, passed: false };
  }
}
