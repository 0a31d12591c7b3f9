import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import type { AgencyTimeZone } from '@mahir/competency';
import { Competency, Tenant, Unit, refreshStaleHoldings, sqlExec, sqlRows } from '@mahir/persistence';
import { teamCte } from '../../organisation';
import { EFFECTIVE_STANDARD_SQL } from '../standards/effective-standard';

/** One cell of the unit gap heatmap: employees of a unit required to hold a competency, and how many are below. */
export interface GapCell {
  unitId: string;
  competencyId: string;
  employees: number;
  below: number;
}

/** An active employee with the JP minutes credited in the year. */
export interface JpMinutesRow {
  employeeId: string;
  nip: string;
  fullName: string;
  unitCode: string;
  minutes: number;
}

/** Enrollments of one course by status. */
export interface CourseCompletionRow {
  courseId: string;
  title: string;
  started: number;
  active: number;
  completed: number;
  failed: number;
  overdue: number;
}

/** One member of a supervisor's team against their position's standard. */
export interface TeamGapRow {
  employeeId: string;
  nip: string;
  fullName: string;
  unitCode: string;
  positionName: string;
  required: number;
  below: number;
  totalShortfall: number;
  matchScore: number;
}

export type UnitName = Pick<Unit, 'id' | 'code' | 'name'>;
export type CompetencyName = Pick<Competency, 'id' | 'code' | 'name' | 'type'>;

/**
 * Requirements against levels held now, one row per (employee, required competency), for
 * the active employees chosen by `scope` (SQL over $1 = tenant and $2 = unit or supervisor).
 * For small sets (a supervisor's team); the unit report aggregates first, see HEATMAP_SQL.
 */
function requirementsSql(scope: string, prelude = '') {
  return `${prelude}${prelude ? ',' : 'WITH'}
    emp AS (SELECT e.id, e.unit_id, e.position_id FROM employee e WHERE e.tenant_id = $1 AND e.status = 'active' AND ${scope}),
    std AS (${EFFECTIVE_STANDARD_SQL}),
    req AS (
      SELECT emp.id AS employee_id, emp.unit_id, s.competency_id, s.required_level, COALESCE(h.level, 0) AS held
      FROM emp JOIN std s ON s.position_id = emp.position_id
      LEFT JOIN competency_holding h ON h.employee_id = emp.id AND h.competency_id = s.competency_id)`;
}

/**
 * The unit gap report, shaped for 50,000 employees × 30 competencies (budget < 500 ms):
 * head counts per (unit, position) give the totals; held levels are first counted per
 * (unit, position, competency, level) — a few thousand groups — and only those groups meet
 * the standards. Joining 1.5 million (employee, competency) rows would not fit the budget.
 */
const HEATMAP_SQL = (subtree: string) => `${subtree},
  std AS (${EFFECTIVE_STANDARD_SQL}),
  heads AS (
    SELECT unit_id, position_id, count(*) AS n FROM employee
    WHERE tenant_id = $1 AND status = 'active' AND unit_id IN (SELECT id FROM sub) GROUP BY unit_id, position_id),
  totals AS (
    SELECT h.unit_id, s.competency_id, sum(h.n)::int AS employees
    FROM heads h JOIN std s ON s.position_id = h.position_id GROUP BY h.unit_id, s.competency_id),
  held AS (
    SELECT e.unit_id, e.position_id, h.competency_id, h.level, count(*) AS n
    FROM competency_holding h
    JOIN employee e ON e.id = h.employee_id AND e.tenant_id = $1 AND e.status = 'active' AND e.unit_id IN (SELECT id FROM sub)
    WHERE h.tenant_id = $1 GROUP BY e.unit_id, e.position_id, h.competency_id, h.level),
  meets AS (
    SELECT h.unit_id, h.competency_id, sum(h.n)::int AS meeting
    FROM held h JOIN std s ON s.position_id = h.position_id AND s.competency_id = h.competency_id
    WHERE h.level >= s.required_level GROUP BY h.unit_id, h.competency_id)
  SELECT t.unit_id AS "unitId", t.competency_id AS "competencyId", t.employees, t.employees - COALESCE(m.meeting, 0) AS below
  FROM totals t LEFT JOIN meets m ON m.unit_id = t.unit_id AND m.competency_id = t.competency_id`;

/** The unit ($2) and everything under it, or the whole agency ($1) when $2 is null. */
const SUBTREE = `WITH RECURSIVE sub(id) AS (
    SELECT id FROM unit WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id = $2)  AND ($2::uuid IS NOT NULL OR parent_id IS NULL)
    UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)`;

/** The reports' statements: aggregated in the database, over a unit's subtree or a supervisor's team. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectRepository(Unit) private readonly units: Repository<Unit>) {}

  unitExists(tenantId: string, id: string): Promise<boolean> {
    return this.units.existsBy({ tenantId, id });
  }

  async timeZoneOf(tenantId: string): Promise<AgencyTimeZone> {
    return (await this.units.manager.getRepository(Tenant).findOneOrFail({ select: { id: true, timeZone: true }, where: { id: tenantId } })).timeZone;
  }

  /** Brings the held levels up to date where an entry expired since they were computed (the ledger writer's rule). */
  async refreshHoldings(tenantId: string, manager: EntityManager): Promise<void> {
    await refreshStaleHoldings(manager, tenantId);
  }

  /** Raw SQL: unit gap report budget (50k × 30 in < 500 ms): counted per group before the standards meet them. */
  async gapCells(tenantId: string, unitId: string | null, manager: EntityManager): Promise<GapCell[]> {
    // Enough memory for the grouping to stay in RAM; for this transaction only.
    await sqlExec(manager, `SET LOCAL work_mem = '64MB'`);
    return sqlRows<GapCell>(manager, HEATMAP_SQL(SUBTREE), [tenantId, unitId]);
  }

  unitNames(ids: string[]): Promise<UnitName[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.units.find({ select: { id: true, code: true, name: true }, where: { id: In(ids) }, order: { code: 'ASC' } });
  }

  /** National competencies first, then by code. */
  competencyNames(ids: string[]): Promise<CompetencyName[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.units.manager
      .getRepository(Competency)
      .createQueryBuilder('c')
      .select(['c.id', 'c.code', 'c.name', 'c.type'])
      .where('c.id IN (:...ids)', { ids })
      .orderBy('c.tenant_id', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.code')
      .getMany();
  }

  /** Raw SQL: JP compliance report (a unit's subtree of up to 50,000 employees in one aggregate): minutes per active employee in [from, to). */
  jpMinutes(tenantId: string, unitId: string | null, from: Date, to: Date): Promise<JpMinutesRow[]> {
    return sqlRows<JpMinutesRow>(
      this.units.manager,
      `${SUBTREE},
       minutes AS (SELECT employee_id, sum(minutes)::int AS minutes FROM jp_credit WHERE tenant_id = $1 AND occurred_at >= $3 AND occurred_at < $4 GROUP BY employee_id)
       SELECT e.id AS "employeeId", e.nip, e.full_name AS "fullName", u.code AS "unitCode", COALESCE(m.minutes, 0) AS minutes
       FROM employee e JOIN unit u ON u.id = e.unit_id LEFT JOIN minutes m ON m.employee_id = e.id
       WHERE e.tenant_id = $1 AND e.status = 'active' AND e.unit_id IN (SELECT id FROM sub)`,
      [tenantId, unitId, from, to],
    );
  }

  /** Raw SQL: course completion report (a unit's subtree in one aggregate): enrollments per course by status. */
  courseCompletion(tenantId: string, unitId: string | null): Promise<CourseCompletionRow[]> {
    return sqlRows<CourseCompletionRow>(
      this.units.manager,
      `${SUBTREE}
       SELECT en.course_id AS "courseId", coalesce(v.title, '') AS title,
              count(*) FILTER (WHERE en.status IN ('active', 'completed', 'failed'))::int AS started,
              count(*) FILTER (WHERE en.status = 'active')::int AS active,
              count(*) FILTER (WHERE en.status = 'completed')::int AS completed,
              count(*) FILTER (WHERE en.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE en.status = 'active' AND en.due_at < now())::int AS overdue
       FROM enrollment en
       JOIN employee e ON e.tenant_id = en.tenant_id AND e.id = en.employee_id AND e.unit_id IN (SELECT id FROM sub)
       JOIN course c ON c.id = en.course_id
       LEFT JOIN course_version v ON v.course_id = c.id AND v.version = c.published_version
       WHERE en.tenant_id = $1
       GROUP BY en.course_id, v.title
       HAVING count(*) FILTER (WHERE en.status IN ('active', 'completed', 'failed')) > 0
       ORDER BY v.title, en.course_id`,
      [tenantId, unitId],
    );
  }

  /** Raw SQL: team gap report (the supervisor's team against the effective standard in one aggregate), lowest match first. */
  teamGaps(tenantId: string, supervisorId: string): Promise<TeamGapRow[]> {
    return sqlRows<TeamGapRow>(
      this.units.manager,
      `${requirementsSql('e.id IN (SELECT id FROM team) AND e.id <> $2', teamCte('$2'))}
       SELECT e.id AS "employeeId", e.nip, e.full_name AS "fullName", u.code AS "unitCode", p.name AS "positionName",
              count(r.competency_id)::int AS required,
              count(r.competency_id) FILTER (WHERE r.held < r.required_level)::int AS below,
              COALESCE(sum(GREATEST(r.required_level - r.held, 0)), 0)::int AS "totalShortfall",
              CASE WHEN COALESCE(sum(r.required_level), 0) = 0 THEN 100
                   -- Rounded down, as the profile's gapOf does: 100 means no shortfall, and both screens agree.
                   ELSE (floor(1000.0 * sum(LEAST(r.held, r.required_level)) / sum(r.required_level)) / 10)::float END AS "matchScore"
       FROM emp JOIN employee e ON e.id = emp.id JOIN unit u ON u.id = e.unit_id JOIN position p ON p.id = e.position_id
       LEFT JOIN req r ON r.employee_id = e.id
       GROUP BY e.id, u.code, p.name ORDER BY "matchScore", e.full_name`,
      [tenantId, supervisorId],
    );
  }
}
