import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import type { EnrollmentOrigin, EnrollmentPolicy, EnrollmentStatus } from '@mahir/course';
import { CourseRecord, CourseVersion, Enrollment, sqlRow, sqlRows } from '@mahir/persistence';
import { teamCte, visibleEmployeesFilter } from '../../organisation';
import type { Actor } from '../../platform';

export interface EnrollableCourse {
  id: string;
  tenantId: string;
  /** The published version an enrollment starting now is pinned to. */
  version: number;
  title: string;
  policy: EnrollmentPolicy;
  prerequisites: string[];
}

/** An enrollment as the API shows it, with the employee and the course named. */
export interface EnrollmentView {
  id: string;
  status: EnrollmentStatus;
  origin: EnrollmentOrigin;
  mandatory: boolean;
  dueAt: Date | null;
  overdue: boolean;
  progressPercent: number;
  finalGrade: number | null;
  courseVersion: number | null;
  assignmentId: string | null;
  requestedAt: Date;
  activatedAt: Date | null;
  completedAt: Date | null;
  endedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
  employee: { id: string; nip: string; fullName: string };
  course: { id: string; title: string | null };
}

export interface EnrollmentListQuery {
  tenantId: string;
  courseId?: string;
  status?: EnrollmentStatus;
  employeeId?: string;
  /** A LIKE pattern (already escaped) for the employee's lower-cased name or NIP. */
  search?: string;
  page: number;
  pageSize: number;
}

/** A self-enrollment: active and pinned at once for an open course, a request otherwise. */
export interface SelfEnrollment {
  tenantId: string;
  employeeId: string;
  courseId: string;
  courseVersion: number | null;
  status: 'active' | 'requested';
  activatedAt: Date | null;
  createdBy: string;
}

export interface MissingPrerequisite {
  id: string;
  title: string | null;
}

/**
 * An enrollment as the API shows it. The title is the pinned version's; a request not yet pinned
 * shows the latest published title.
 */
const ENROLLMENT_VIEW_SQL = `
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

/** Enrollments: self-enrollment, requests and their decisions, withdrawal, and the lists. */
@Injectable()
export class EnrollmentsRepository {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @InjectRepository(Enrollment) private readonly enrollments: Repository<Enrollment>,
  ) {}

  /**
   * A course the tenant's employees may enroll in or be assigned to: published, not archived, and
   * the tenant's own or national. Anything else is null, which callers answer as 404, so another
   * agency's courses look exactly like ids that do not exist.
   */
  async enrollableCourse(tenantId: string, courseId: string, manager: EntityManager = this.db.manager): Promise<EnrollableCourse | null> {
    const row = await manager
      .createQueryBuilder(CourseRecord, 'co')
      .innerJoin(CourseVersion, 'v', 'v.course_id = co.id AND v.version = co.published_version')
      .select('co.id', 'id')
      .addSelect('co.tenant_id', 'tenantId')
      .addSelect('co.published_version', 'version')
      .addSelect('v.title', 'title')
      .addSelect(`v.document->>'enrollmentPolicy'`, 'policy')
      .addSelect(`coalesce(v.document->'prerequisites', '[]')`, 'prerequisites')
      .where('co.id = :courseId', { courseId })
      .andWhere('co.published_version > 0')
      .andWhere('co.archived_at IS NULL')
      .andWhere(`(co.tenant_id = :tenantId OR v.document->>'visibility' = 'national')`, { tenantId })
      .getRawOne<EnrollableCourse>();
    return row ?? null;
  }

  /**
   * Raw SQL: the live-enrollment rule decides in the same statement (ON CONFLICT on the partial
   * unique index enrollment_live_uq, which the ORM's insert cannot name); null when one is live.
   */
  async insertSelf(enrollment: SelfEnrollment): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `INSERT INTO enrollment (tenant_id, employee_id, course_id, course_version, status, origin, activated_at, created_by)
       VALUES ($1, $2, $3, $4, $5, 'self', $6, $7)
       ON CONFLICT (employee_id, course_id) WHERE status IN ('requested', 'active') DO NOTHING
       RETURNING id`,
      [enrollment.tenantId, enrollment.employeeId, enrollment.courseId, enrollment.courseVersion, enrollment.status, enrollment.activatedAt, enrollment.createdBy],
    );
    return row?.id ?? null;
  }

  /** The employee's requested or active enrollment in the course, if any. */
  async liveId(employeeId: string, courseId: string): Promise<string | null> {
    const live = await this.enrollments.findOne({ select: { id: true }, where: { employeeId, courseId, status: In(['requested', 'active']) } });
    return live?.id ?? null;
  }

  /** Of these prerequisite course ids, in the order given, the ones the employee has not completed, with their published title. */
  async missingPrerequisites(tenantId: string, employeeId: string, ids: string[]): Promise<MissingPrerequisite[]> {
    const [completed, titled] = await Promise.all([
      this.enrollments.find({ select: { id: true, courseId: true }, where: { tenantId, employeeId, courseId: In(ids), status: 'completed' } }),
      this.db
        .createQueryBuilder(CourseRecord, 'co')
        .innerJoin(CourseVersion, 'v', 'v.course_id = co.id AND v.version = co.published_version')
        .select('co.id', 'id')
        .addSelect('v.title', 'title')
        .where('co.id = ANY(:ids::uuid[])', { ids })
        .getRawMany<{ id: string; title: string }>(),
    ]);
    const done = new Set(completed.map((e) => e.courseId.toLowerCase()));
    const titles = new Map(titled.map((c) => [c.id.toLowerCase(), c.title]));
    return ids.filter((id) => !done.has(id.toLowerCase())).map((id) => ({ id: id.toLowerCase(), title: titles.get(id.toLowerCase()) ?? null }));
  }

  /**
   * Raw SQL: the list joins the visibility rule's recursive supervisor-chain CTE (organisation's
   * visibleEmployeesFilter) and names employee and course in one statement; count and page together.
   */
  async page(actor: Actor, query: EnrollmentListQuery): Promise<{ items: EnrollmentView[]; total: number }> {
    const params: unknown[] = [query.tenantId];
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
    if (query.search) {
      const q = add(query.search);
      where.push(`(lower(e.full_name) LIKE ${q} OR e.nip LIKE ${q})`);
    }
    const filter = where.join(' AND ');
    const [counted, items] = await Promise.all([
      sqlRow<{ total: number }>(this.db, `${visible.cte} SELECT count(*)::int AS total FROM enrollment en JOIN employee e ON e.id = en.employee_id WHERE ${filter}`, params),
      sqlRows<EnrollmentView>(
        this.db,
        `${visible.cte} ${ENROLLMENT_VIEW_SQL} WHERE ${filter} ORDER BY en.updated_at DESC, en.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
    ]);
    return { items, total: counted?.total ?? 0 };
  }

  /** Raw SQL: one enrollment through the same visibility CTE and view as the list. */
  visible(actor: Actor, tenantId: string, id: string): Promise<EnrollmentView | null> {
    const params: unknown[] = [tenantId, id];
    const visible = visibleEmployeesFilter(actor, 'en.employee_id', (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return sqlRow<EnrollmentView>(this.db, `${visible.cte} ${ENROLLMENT_VIEW_SQL} WHERE en.tenant_id = $1 AND en.id = $2${visible.where ? ` AND ${visible.where}` : ''}`, params);
  }

  /** Raw SQL: the view of one enrollment, the same statement as the list's. */
  view(id: string): Promise<EnrollmentView | null> {
    return sqlRow<EnrollmentView>(this.db, `${ENROLLMENT_VIEW_SQL} WHERE en.id = $1`, [id]);
  }

  /** The tenant's enrollment, locked until the transaction ends: two decisions (or a decision and a withdrawal) take turns. */
  lock(tenantId: string, id: string, tx: EntityManager): Promise<Enrollment | null> {
    return tx.getRepository(Enrollment).findOne({ where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Raw SQL: the supervisor chain is a recursive CTE (organisation's teamCte). Whether the employee is in the supervisor's team. */
  async inTeam(tenantId: string, supervisorId: string, employeeId: string, tx: EntityManager): Promise<boolean> {
    const hit = await sqlRow<{ hit: number }>(tx, `${teamCte('$2')} SELECT 1 AS hit FROM team WHERE id = $3`, [tenantId, supervisorId, employeeId]);
    return hit !== null;
  }

  async approve(id: string, courseVersion: number, decidedBy: string, note: string | null, tx: EntityManager): Promise<void> {
    await tx
      .getRepository(Enrollment)
      .update({ id }, { status: 'active', courseVersion, activatedAt: () => 'now()', decidedBy, decisionNote: note, updatedAt: () => 'now()' });
  }

  async reject(id: string, decidedBy: string, note: string | null, tx: EntityManager): Promise<void> {
    await tx.getRepository(Enrollment).update({ id }, { status: 'rejected', endedAt: () => 'now()', decidedBy, decisionNote: note, updatedAt: () => 'now()' });
  }

  /** A note given replaces the decision note; none keeps it. */
  async withdraw(id: string, decidedBy: string | null, note: string | null, tx: EntityManager): Promise<void> {
    await tx
      .getRepository(Enrollment)
      .update({ id }, { status: 'withdrawn', endedAt: () => 'now()', decidedBy, ...(note === null ? {} : { decisionNote: note }), updatedAt: () => 'now()' });
  }
}
