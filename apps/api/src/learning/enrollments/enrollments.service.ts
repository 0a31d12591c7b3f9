import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { likePattern, pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { EnrollmentQueryDto } from './dto/enrollment.dto';
import { EnrollmentsRepository, type EnrollmentView } from './enrollments.repository';

/** A request nobody decided within this many days has expired and can no longer be approved. */
export const REQUEST_EXPIRY_DAYS = 30; // the worker's ExpireRequestsHandler uses the same lifetime

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Decision = 'approve' | 'reject';

/**
 * Self-enrollment by the catalog's policy, decisions on requests by the supervisor chain or a
 * training admin, withdrawal, and the lists. One live enrollment per employee and course is
 * the database's rule (enrollment_live_uq); this service only turns its verdict into a 409.
 */
@Injectable()
export class EnrollmentsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly enrollments: EnrollmentsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The caller enrolls themselves: open courses start at once, approval courses wait for a decision. */
  async enroll(actor: Actor, courseId: string) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) throw new Problem(403, 'enrollment.employeesOnly');
    const course = await this.enrollments.enrollableCourse(tenantId, courseId);
    if (!course) throw Problem.notFound('enrollment.courseNotFound');
    if (course.policy === 'assigned') {
      throw new Problem(409, 'enrollment.assignedOnly', {}, [{ field: 'courseId', rule: 'assignedOnly', key: 'enrollment.assignedOnly' }]);
    }
    await this.requirePrerequisites(tenantId, actor.employeeId, course.prerequisites);

    const open = course.policy === 'open';
    const created = await this.enrollments.insertSelf({
      tenantId,
      employeeId: actor.employeeId,
      courseId: course.id,
      courseVersion: open ? course.version : null,
      status: open ? 'active' : 'requested',
      activatedAt: open ? new Date() : null,
      createdBy: actor.userId,
    });
    if (!created) {
      const live = await this.enrollments.liveId(actor.employeeId, course.id);
      throw new Problem(409, 'enrollment.alreadyEnrolled', {}, [{ field: 'courseId', rule: 'alreadyEnrolled', key: 'enrollment.alreadyEnrolled' }], {
        enrollmentId: live,
      });
    }
    return this.view(created);
  }

  /** Every prerequisite must be completed by the learner; the missing ones are listed by title. */
  private async requirePrerequisites(tenantId: string, employeeId: string, prerequisites: string[]) {
    const ids = prerequisites.filter((id) => typeof id === 'string' && UUID.test(id));
    if (ids.length === 0) return;
    const missing = await this.enrollments.missingPrerequisites(tenantId, employeeId, ids);
    if (missing.length === 0) return;
    throw new Problem(
      409,
      'enrollment.prerequisitesMissing',
      { count: missing.length },
      missing.map((m, i) => ({ field: `prerequisites[${i}]`, rule: 'prerequisiteMissing', key: 'enrollment.prerequisiteMissing', params: { title: m.title ?? m.id } })),
      { missing: missing.map((m) => ({ courseId: m.id, title: m.title })) },
    );
  }

  /** Admins: the agency's; supervisors: their team's; everyone else: their own. Newest change first. */
  async list(actor: Actor, query: EnrollmentQueryDto) {
    const { items, total } = await this.enrollments.page(actor, {
      tenantId: tenantOf(actor),
      courseId: query.courseId,
      status: query.status,
      employeeId: query.employeeId,
      search: query.q ? likePattern(query.q) : undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /** One enrollment, if the caller may see its employee; otherwise 404 as if it did not exist. */
  async get(actor: Actor, id: string) {
    const row = await this.enrollments.visible(actor, tenantOf(actor), id);
    if (!row) throw Problem.notFound('enrollment.notFound');
    return row;
  }

  approve(actor: Actor, id: string, note?: string) {
    return this.decide(actor, id, 'approve', note);
  }

  reject(actor: Actor, id: string, note?: string) {
    return this.decide(actor, id, 'reject', note);
  }

  private async decide(actor: Actor, id: string, decision: Decision, note?: string) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      // The row lock makes two decisions (or a decision and a withdrawal) take turns: the second sees the first.
      const en = await this.enrollments.lock(tenantId, id, tx);
      if (!en || !(await this.mayDecide(tx, actor, tenantId, en.employeeId))) throw Problem.notFound('enrollment.notFound');
      if (en.employeeId === actor.employeeId) throw new Problem(403, 'enrollment.ownRequest');
      if (en.status !== 'requested') throw new Problem(409, 'enrollment.notRequested', { status: en.status }, [], { currentStatus: en.status });
      if (en.requestedAt.getTime() < Date.now() - REQUEST_EXPIRY_DAYS * 86_400_000) {
        throw new Problem(409, 'enrollment.requestExpired', { days: REQUEST_EXPIRY_DAYS });
      }
      if (decision === 'approve') {
        // Pinned now, to the version published at the moment learning may start.
        const course = await this.enrollments.enrollableCourse(tenantId, en.courseId, tx);
        if (!course) throw new Problem(409, 'enrollment.courseUnavailable');
        await this.enrollments.approve(en.id, course.version, actor.userId, note ?? null, tx);
      } else {
        await this.enrollments.reject(en.id, actor.userId, note ?? null, tx);
      }
      await this.audit.record(tx, actor, decision === 'approve' ? 'enrollment.approved' : 'enrollment.rejected', 'enrollment', en.id, {
        employeeId: en.employeeId,
        courseId: en.courseId,
      });
    });
    return this.view(id);
  }

  /**
   * The learner withdraws their own request or enrollment, except a mandatory one; a training
   * admin withdraws anyone's. A supervisor may see the team's enrollments but not withdraw them.
   */
  async withdraw(actor: Actor, id: string, note?: string) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const en = await this.enrollments.lock(tenantId, id, tx);
      const own = Boolean(en && actor.employeeId && en.employeeId === actor.employeeId);
      const admin = hasRole(actor, 'training_admin');
      const sees = own || hasRole(actor, 'training_admin', 'tenant_admin') || (en && (await this.mayDecide(tx, actor, tenantId, en.employeeId)));
      if (!en || !sees) throw Problem.notFound('enrollment.notFound');
      if (!own && !admin) throw new Problem(403, 'enrollment.withdrawForbidden');
      if (en.status !== 'requested' && en.status !== 'active') {
        throw new Problem(409, 'enrollment.notWithdrawable', { status: en.status }, [], { currentStatus: en.status });
      }
      if (en.mandatory && !admin) throw new Problem(409, 'enrollment.mandatory');
      await this.enrollments.withdraw(en.id, own ? null : actor.userId, note ?? null, tx);
      if (!own) {
        await this.audit.record(tx, actor, 'enrollment.withdrawn', 'enrollment', en.id, { employeeId: en.employeeId, courseId: en.courseId });
      }
    });
    return this.view(id);
  }

  /** Training admins decide for the whole agency, a supervisor for everyone whose supervisor chain leads to them. */
  private async mayDecide(tx: EntityManager, actor: Actor, tenantId: string, employeeId: string): Promise<boolean> {
    if (hasRole(actor, 'training_admin')) return true;
    if (!actor.roles.includes('supervisor') || !actor.employeeId) return false;
    return this.enrollments.inTeam(tenantId, actor.employeeId, employeeId, tx);
  }

  /** The enrollment just written (it exists: the caller's transaction committed it). */
  private async view(id: string): Promise<EnrollmentView> {
    const row = await this.enrollments.view(id);
    if (!row) throw Problem.notFound('enrollment.notFound');
    return row;
  }
}
