import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EmployeeStatus } from '@mahir/competency';
import type { CourseAssignmentStatus } from '@mahir/course';
import { CourseAssignment, CourseRecord, CourseVersion, Position, Unit, sqlRow, sqlRows } from '@mahir/persistence';

/** What the fan-out worker reads (apps/worker/src/assignments): teamOf limits a supervisor's assignment to their team. */
export type StoredTarget =
  | { kind: 'employees' | 'csv'; employeeIds: string[]; teamOf?: string }
  | { kind: 'unit'; unitId: string; includeSubUnits: boolean; teamOf?: string }
  | { kind: 'position'; positionId: string; teamOf?: string };

/** An assignment as the API shows it: the target without its (possibly 50,000) employee ids, the status and counts. */
export interface AssignmentView {
  id: string;
  courseId: string;
  courseTitle: string | null;
  target: { kind: StoredTarget['kind']; unitId?: string; includeSubUnits?: boolean; positionId?: string; employeeCount?: number };
  mandatory: boolean;
  dueAt: Date | null;
  dueInDays: number | null;
  status: CourseAssignmentStatus;
  total: number;
  processed: number;
  enrolled: number;
  alreadyEnrolled: number;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface NewAssignment {
  tenantId: string;
  courseId: string;
  target: StoredTarget;
  mandatory: boolean;
  dueAt: Date | null;
  dueInDays: number | null;
  total: number;
  createdBy: string;
}

export interface AssignmentListQuery {
  tenantId: string;
  courseId: string;
  /** Only the assignments this user made (a supervisor's view). */
  createdBy?: string;
  page: number;
  pageSize: number;
}

/** An employee found by NIP for a CSV assignment. */
export interface EmployeeByNip {
  nip: string;
  id: string;
  status: EmployeeStatus;
}

const VIEW_SQL = `
  SELECT a.id, a.course_id AS "courseId", v.title AS "courseTitle",
         jsonb_strip_nulls(jsonb_build_object(
           'kind', a.target->>'kind', 'unitId', a.target->'unitId', 'includeSubUnits', a.target->'includeSubUnits',
           'positionId', a.target->'positionId',
           'employeeCount', CASE WHEN a.target ? 'employeeIds' THEN jsonb_array_length(a.target->'employeeIds') END)) AS target,
         a.mandatory, a.due_at AS "dueAt", a.due_in_days AS "dueInDays", a.status, a.total, a.processed, a.enrolled,
         a.already_enrolled AS "alreadyEnrolled", a.created_by AS "createdBy", a.created_at AS "createdAt", a.finished_at AS "finishedAt"
  FROM course_assignment a
  JOIN course co ON co.id = a.course_id
  LEFT JOIN course_version v ON v.course_id = co.id AND v.version = co.published_version`;

/** The people under a supervisor ($3), not the supervisor: whose supervisor chain leads to them. */
const TEAM_CTE = `
  WITH RECURSIVE team(id) AS (
    SELECT id FROM employee WHERE tenant_id = $1 AND supervisor_id = $3
    UNION SELECT m.id FROM employee m JOIN team ON m.supervisor_id = team.id WHERE m.tenant_id = $1
  )`;

/** Course assignments: the target checks, the assignment row the worker fans out, and its view. */
@Injectable()
export class AssignmentsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Whether the course is the tenant's or national (archived and unpublished ones included: their assignments stay listed). */
  courseVisible(tenantId: string, courseId: string): Promise<boolean> {
    return this.db
      .createQueryBuilder(CourseRecord, 'co')
      .leftJoin(CourseVersion, 'v', 'v.course_id = co.id AND v.version = co.published_version')
      .where('co.id = :courseId', { courseId })
      .andWhere(`(co.tenant_id = :tenantId OR v.document->>'visibility' = 'national')`, { tenantId })
      .getExists();
  }

  /**
   * Raw SQL: the assignment view summarises the target in jsonb without reading its up to 50,000
   * employee ids into the API (bulk assignment budget, 50k in < 10 s); count and page together.
   */
  async page(query: AssignmentListQuery): Promise<{ items: AssignmentView[]; total: number }> {
    const params: unknown[] = [query.tenantId, query.courseId];
    const mine = query.createdBy === undefined ? '' : ` AND a.created_by = $${params.push(query.createdBy)}`;
    const filter = `a.tenant_id = $1 AND a.course_id = $2${mine}`;
    const [counted, items] = await Promise.all([
      sqlRow<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM course_assignment a WHERE ${filter}`, params),
      sqlRows<AssignmentView>(this.db, `${VIEW_SQL} WHERE ${filter} ORDER BY a.created_at DESC, a.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`, params),
    ]);
    return { items, total: counted?.total ?? 0 };
  }

  /** Raw SQL: bulk assignment budget (50k in < 10 s); one assignment's view, target summarised in jsonb. */
  view(tenantId: string | null, id: string, createdBy?: string): Promise<AssignmentView | null> {
    const params: unknown[] = [id];
    const tenant = tenantId === null ? '' : ` AND a.tenant_id = $${params.push(tenantId)}`;
    const mine = createdBy === undefined ? '' : ` AND a.created_by = $${params.push(createdBy)}`;
    return sqlRow<AssignmentView>(this.db, `${VIEW_SQL} WHERE a.id = $1${tenant}${mine}`, params);
  }

  /**
   * Raw SQL: bulk assignment budget (50k in < 10 s); every listed employee checked in one
   * statement over unnest'ed ids (and the supervisor's team CTE). Answers the refused ones, by
   * position in the list, at most `limit`.
   */
  refusedEmployees(tenantId: string, ids: string[], teamOf: string | undefined, limit: number): Promise<{ n: number; id: string }[]> {
    return sqlRows<{ n: number; id: string }>(
      this.db,
      `${teamOf ? TEAM_CTE : ''}
       SELECT x.n::int AS n, x.id FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, n)
       WHERE NOT EXISTS (SELECT 1 FROM employee e WHERE e.tenant_id = $1 AND e.id = x.id AND e.status = 'active'${teamOf ? ' AND e.id IN (SELECT id FROM team)' : ''})
       ORDER BY x.n LIMIT ${limit}`,
      teamOf ? [tenantId, ids, teamOf] : [tenantId, ids],
    );
  }

  unitExists(tenantId: string, unitId: string): Promise<boolean> {
    return this.db.getRepository(Unit).existsBy({ tenantId, id: unitId });
  }

  positionExists(tenantId: string, positionId: string): Promise<boolean> {
    return this.db.getRepository(Position).existsBy({ tenantId, id: positionId });
  }

  /** Raw SQL: bulk assignment budget (50k in < 10 s); a CSV's NIPs looked up in one statement (within the supervisor's team). */
  employeesByNip(tenantId: string, nips: string[], teamOf: string | undefined): Promise<EmployeeByNip[]> {
    return sqlRows<EmployeeByNip>(
      this.db,
      `${teamOf ? TEAM_CTE : ''}
       SELECT e.nip, e.id, e.status FROM employee e
       WHERE e.tenant_id = $1 AND e.nip = ANY($2::char(18)[])${teamOf ? ' AND e.id IN (SELECT id FROM team)' : ''}`,
      teamOf ? [tenantId, nips, teamOf] : [tenantId, nips],
    );
  }

  /** The assignment row the worker fans out; answers its id. */
  async create(assignment: NewAssignment, tx: EntityManager): Promise<string> {
    const assignments = tx.getRepository(CourseAssignment);
    const saved = await assignments.save(assignments.create(assignment));
    return saved.id;
  }
}
