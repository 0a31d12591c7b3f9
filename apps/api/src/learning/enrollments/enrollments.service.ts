import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { teamCte, visibleEmployeesFilter } from '../../organisation';
import { likePattern, pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { EnrollmentQueryDto, EnrollmentStatus } from './dto/enrollment.dto';
import { findEnrollableCourse } from './enrollable-course';

/** A request nobody decided within this many days has expired and can no longer be approved. */
export const REQUEST_EXPIRY_DAYS = 30; // the worker's ExpireRequestsHandler uses the same lifetime

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An enrollment as the API shows it, with the employee and the course named. The title is the
 * pinned version's; a request not yet pinned shows the latest published title.
 */
export const ENROLLMENT_VIEW_SQL = `
  SELECT en.id, en.status, en.origin, en.mandatory, en.due_at AS "dueAt",
         (en.status = 'active' AND en.due_at IS NOT NULL AND en.due_at < now()) AS overdue,
         en.progress_percent AS "progressPercent", en.final_grade::float8 AS "finalGrade", en.course_version AS "courseVersion",
         en.assignment_id AS "assignmentId", en.requested_at AS "requestedAt", en.activated_at AS "activatedAt",
         en.completed_at AS "completedAt", en.ended_at AS "endedAt", en.decided_by AS "decidedBy", en.decision_note AS "decisionNote",
         json_build_object('id', e.id, 'nip', e.nip, 'fullName', e.full_name) AS employee,
         json_build_object('id', co.id, 'title', v.title) AS course
  FROM enrollment en
  JOIN employee e ON e.id = en.employee_id
  JOIN course co ON co.id = en.course_id
  LEFT JOIN course_version v ON v.course_id = en.course_id AND v.version = coalesce(en.course_version, nullif(co.published_version, 0))`;

interface EnrollmentRow {
  id: string;
  tenant_id: string;
  employee_id: string;
  course_id: string;
  status: EnrollmentStatus;
  mandatory: boolean;
  requested_at: Date;
}

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
    private readonly audit: AuditService,
  ) {}

  /** The caller enrolls themselves: open courses start at once, approval courses wait for a decision. */
  async enroll(actor: Actor, courseId: string) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) throw new Problem(403, 'enrollment.employeesOnly');
    const course = await findEnrollableCourse(this.db, tenantId, courseId);
    if (!course) throw Problem.notFound('enrollment.courseNotFound');
    if (course.policy === 'assigned') {
      throw new Problem(409, 'enrollment.assignedOnly', {}, [{ field: 'courseId', rule: 'assignedOnly', key: 'enrollment.assignedOnly' }]);
    }
    await this.requirePrerequisites(tenantId, actor.employeeId, course.prerequisites);

    const open = course.policy === 'open';
    const [created] = await this.db.query(
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, created_by)
       VALUES ($1, $2, $3, $4, $5, 'self', $6, $7)
       ON CONFLICT (employee_id, course_id) WHERE status IN ('requested', 'active') DO NOTHING
       RETURNING id`,
      [tenantId, actor.employeeId, course.id, open ? course.version : null, open ? 'active' : 'requested', open ? new Date() : null, actor.userId],
    );
    if (!created) {
      const [live] = await this.db.query(`SELECT id FROM enrollment WHERE employee_id = $1 AND course_id = $2 AND status IN ('requested', 'active')`, [
        actor.employeeId,
        course.id,
      ]);
      throw new Problem(409, 'enrollment.alreadyEnrolled', {}, [{ field: 'courseId', rule: 'alreadyEnrolled', key: 'enrollment.alreadyEnrolled' }], {
        enrollmentId: live?.id ?? null,
      });
    }
    return this.view(created.id);
  }

  /** Every prerequisite must be completed by the learner; the missing ones are listed by title. */
  private async requirePrerequisites(tenantId: string, employeeId: string, prerequisites: string[]) {
    const ids = prerequisites.filter((id) => typeof id === 'string' && UUID.test(id));
    if (ids.length === 0) return;
    const missing: { id: string; title: string | null }[] = await this.db.query(
      `SELECT p.id, v.title FROM unnest($3::uuid[]) WITH ORDINALITY AS p(id, n)
       LEFT JOIN course co ON co.id = p.id
       LEFT JOIN course_version v ON v.course_id = co.id AND v.version = co.published_version
       WHERE NOT EXISTS (SELECT 1 FROM enrollment en WHERE en.tenant_id = $1 AND en.employee_id = $2 AND en.course_id = p.id AND en.status = 'completed')
       ORDER BY p.n`,
      [tenantId, employeeId, ids],
    );
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
    const tenantId = tenantOf(actor);
    const params: unknown[] = [tenantId];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['en.tenant_id = $1'];
    const visible = visibleEmployeesFilter(actor, 'en.employee_id', add);
    if (visible.where) where.push(visible.where);
    if (query.courseId) where.push(`en.course_id = ${add(query.courseId)}`);
    if (query.status) where.push(`en.status = ${add(query.status)}`);
    if (query.employeeId) where.push(`en.employee_id = ${add(query.employeeId)}`);
    if (query.q) {
      const q = add(likePattern(query.q));
      where.push(`(lower(e.full_name) LIKE ${q} OR e.nip LIKE ${q})`);
    }
    const filter = where.join(' AND ');
    const [[{ total }], items] = await Promise.all([
      this.db.query(`${visible.cte} SELECT count(*)::int AS total FROM enrollment en JOIN employee e ON e.id = en.employee_id WHERE ${filter}`, params),
      this.db.query(
        `${visible.cte} ${ENROLLMENT_VIEW_SQL} WHERE ${filter} ORDER BY en.updated_at DESC, en.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
    ]);
    return pageOf(items, total, query);
  }

  /** One enrollment, if the caller may see its employee; otherwise 404 as if it did not exist. */
  async get(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    const params: unknown[] = [tenantId, id];
    const visible = visibleEmployeesFilter(actor, 'en.employee_id', (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    const [row] = await this.db.query(
      `${visible.cte} ${ENROLLMENT_VIEW_SQL} WHERE en.tenant_id = $1 AND en.id = $2${visible.where ? ` AND ${visible.where}` : ''}`,
      params,
    );
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
      const en = await this.lock(tx, tenantId, id);
      if (!en || !(await this.mayDecide(tx, actor, tenantId, en.employee_id))) throw Problem.notFound('enrollment.notFound');
      if (en.employee_id === actor.employeeId) throw new Problem(403, 'enrollment.ownRequest');
      if (en.status !== 'requested') throw new Problem(409, 'enrollment.notRequested', { status: en.status }, [], { currentStatus: en.status });
      if (en.requested_at.getTime() < Date.now() - REQUEST_EXPIRY_DAYS * 86_400_000) {
        throw new Problem(409, 'enrollment.requestExpired', { days: REQUEST_EXPIRY_DAYS });
      }
      if (decision === 'approve') {
        // Pinned now, to the version published at the moment learning may start.
        const course = await findEnrollableCourse(tx, tenantId, en.course_id);
        if (!course) throw new Problem(409, 'enrollment.courseUnavailable');
        await tx.query(
          `UPDATE enrollment SET status = 'active', course_version = $2, activated_at = now(), decided_by = $3, decision_note = $4, updated_at = now() WHERE id = $1`,
          [en.id, course.version, actor.userId, note ?? null],
        );
      } else {
        await tx.query(
          `UPDATE enrollment SET status = 'rejected', ended_at = now(), decided_by = $2, decision_note = $3, updated_at = now() WHERE id = $1`,
          [en.id, actor.userId, note ?? null],
        );
      }
      await this.audit.record(tx, actor, decision === 'approve' ? 'enrollment.approved' : 'enrollment.rejected', 'enrollment', en.id, {
        employeeId: en.employee_id,
        courseId: en.course_id,
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
      const en = await this.lock(tx, tenantId, id);
      const own = Boolean(en && actor.employeeId && en.employee_id === actor.employeeId);
      const admin = hasRole(actor, 'training_admin');
      const sees = own || hasRole(actor, 'training_admin', 'tenant_admin') || (en && (await this.mayDecide(tx, actor, tenantId, en.employee_id)));
      if (!en || !sees) throw Problem.notFound('enrollment.notFound');
      if (!own && !admin) throw new Problem(403, 'enrollment.withdrawForbidden');
      if (en.status !== 'requested' && en.status !== 'active') {
        throw new Problem(409, 'enrollment.notWithdrawable', { status: en.status }, [], { currentStatus: en.status });
      }
      if (en.mandatory && !admin) throw new Problem(409, 'enrollment.mandatory');
      await tx.query(
        `UPDATE enrollment SET status = 'withdrawn', ended_at = now(), decided_by = $2, decision_note = coalesce($3, decision_note), updated_at = now() WHERE id = $1`,
        [en.id, own ? null : actor.userId, note ?? null],
      );
      if (!own) {
        await this.audit.record(tx, actor, 'enrollment.withdrawn', 'enrollment', en.id, { employeeId: en.employee_id, courseId: en.course_id });
      }
    });
    return this.view(id);
  }

  private async lock(tx: EntityManager, tenantId: string, id: string): Promise<EnrollmentRow | undefined> {
    const [row] = await tx.query(`SELECT * FROM enrollment WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
    return row;
  }

  /** Training admins decide for the whole agency, a supervisor for everyone whose supervisor chain leads to them. */
  private async mayDecide(tx: EntityManager, actor: Actor, tenantId: string, employeeId: string): Promise<boolean> {
    if (hasRole(actor, 'training_admin')) return true;
    if (!actor.roles.includes('supervisor') || !actor.employeeId) return false;
    const [hit] = await tx.query(`${teamCte('$2')} SELECT 1 FROM team WHERE id = $3`, [tenantId, actor.employeeId, employeeId]);
    return Boolean(hit);
  }

  private async view(id: string) {
    const [row] = await this.db.query(`${ENROLLMENT_VIEW_SQL} WHERE en.id = $1`, [id]);
    return row;
  }
}
