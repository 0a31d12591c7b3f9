import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { refreshStaleHoldings } from '@mahir/persistence';
import { MINUTES_PER_JP, UTC_OFFSET_HOURS, YEARLY_JP_OBLIGATION, yearIn, type AgencyTimeZone } from '@mahir/competency';
import { tenantOf, type Actor } from '../../platform';
import { teamCte } from '../../organisation';
import { Problem } from '../../platform';
import { EFFECTIVE_STANDARD_SQL } from '../standards/effective-standard';

/**
 * Requirements against levels held now, one row per (employee, required competency), for
 * the active employees chosen by `scope` (SQL over $1 = tenant and $2 = unit or supervisor).
 * For small sets (a supervisor's team); the unit report aggregates first, see gapHeatmap.
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

const SUBTREE = `WITH RECURSIVE sub(id) AS (
    SELECT id FROM unit WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id = $2)  AND ($2::uuid IS NOT NULL OR parent_id IS NULL)
    UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)`;

@Injectable()
export class ReportsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Per unit of the subtree and competency: employees required to hold it, and the share below the standard. */
  async gapHeatmap(actor: Actor, unitId?: string) {
    const tenantId = tenantOf(actor);
    await this.requireUnit(tenantId, unitId);
    const cells: { unitId: string; competencyId: string; employees: number; below: number }[] = await this.db.transaction(async (tx) => {
      await refreshStaleHoldings(tx, tenantId);
      // Enough memory for the grouping to stay in RAM; for this transaction only.
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      return tx.query(HEATMAP_SQL(SUBTREE), [tenantId, unitId ?? null]);
    });
    const [units, competencies] = await Promise.all([
      this.db.query(`SELECT id, code, name FROM unit WHERE id = ANY($1::uuid[]) ORDER BY code`, [[...new Set(cells.map((c) => c.unitId))]]),
      this.db.query(`SELECT id, code, name, type FROM competency WHERE id = ANY($1::uuid[]) ORDER BY tenant_id NULLS FIRST, code`, [
        [...new Set(cells.map((c) => c.competencyId))],
      ]),
    ]);
    return {
      unitId: unitId ?? null,
      units,
      competencies,
      cells: cells.map((c) => ({ ...c, shareBelow: c.employees ? Math.round((1000 * c.below) / c.employees) / 10 : 0 })),
    };
  }

  /** Active employees of the subtree under 20 JP in the year, fewest JP first. */
  async jpCompliance(actor: Actor, unitId: string | undefined, year: number | undefined) {
    const tenantId = tenantOf(actor);
    await this.requireUnit(tenantId, unitId);
    const [tenant] = await this.db.query(`SELECT time_zone FROM tenant WHERE id = $1`, [tenantId]);
    const zone = tenant.time_zone as AgencyTimeZone;
    const y = year ?? yearIn(new Date(), zone);
    // The year's bounds in the agency's zone (no DST in Indonesia).
    const from = new Date(Date.UTC(y, 0, 1) - UTC_OFFSET_HOURS[zone] * 3_600_000);
    const to = new Date(Date.UTC(y + 1, 0, 1) - UTC_OFFSET_HOURS[zone] * 3_600_000);
    const obligation = YEARLY_JP_OBLIGATION * MINUTES_PER_JP;
    const rows = await this.db.query(
      `${SUBTREE},
       minutes AS (SELECT employee_id, sum(minutes)::int AS minutes FROM jp_credit WHERE tenant_id = $1 AND occurred_at >= $3 AND occurred_at < $4 GROUP BY employee_id)
       SELECT e.id AS "employeeId", e.nip, e.full_name AS "fullName", u.code AS "unitCode", COALESCE(m.minutes, 0) AS minutes
       FROM employee e JOIN unit u ON u.id = e.unit_id LEFT JOIN minutes m ON m.employee_id = e.id
       WHERE e.tenant_id = $1 AND e.status = 'active' AND e.unit_id IN (SELECT id FROM sub)`,
      [tenantId, unitId ?? null, from, to],
    );
    const under = rows
      .filter((r: { minutes: number }) => r.minutes < obligation)
      .map((r: { minutes: number }) => ({ ...r, jp: Math.floor((10 * r.minutes) / MINUTES_PER_JP) / 10, shortfallMinutes: obligation - r.minutes }))
      .sort((a: { minutes: number; fullName: string }, b: { minutes: number; fullName: string }) => a.minutes - b.minutes || a.fullName.localeCompare(b.fullName, 'id'));
    return { year: y, timeZone: zone, obligationMinutes: obligation, employees: rows.length, compliant: rows.length - under.length, under };
  }

  /**
   * Enrollments of the subtree's employees per course: how many started (active, completed or
   * failed), completed, failed, are overdue, and the completion rate of those started (percent, one decimal).
   */
  async courseCompletion(actor: Actor, unitId?: string) {
    const tenantId = tenantOf(actor);
    await this.requireUnit(tenantId, unitId);
    const rows: { courseId: string; title: string; started: number; active: number; completed: number; failed: number; overdue: number }[] = await this.db.query(
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
      [tenantId, unitId ?? null],
    );
    return {
      unitId: unitId ?? null,
      courses: rows.map((r) => ({ ...r, completionRate: r.started ? Math.round((1000 * r.completed) / r.started) / 10 : 0 })),
    };
  }

  /** The supervisor's team (everyone below them), one line per member. */
  async teamGaps(actor: Actor) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) return { members: [] };
    await this.db.transaction((tx) => refreshStaleHoldings(tx, tenantId));
    const members = await this.db.query(
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
      [tenantId, actor.employeeId],
    );
    return { members };
  }

  private async requireUnit(tenantId: string, unitId: string | undefined) {
    if (!unitId) return;
    const [hit] = await this.db.query(`SELECT 1 FROM unit WHERE tenant_id = $1 AND id = $2`, [tenantId, unitId]);
    if (!hit) throw Problem.field(404, 'unitId', 'unit.notFound');
  }
}
