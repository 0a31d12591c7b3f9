import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MINUTES_PER_JP, UTC_OFFSET_HOURS, YEARLY_JP_OBLIGATION, yearIn, type AgencyTimeZone } from '@mahir/competency';
import { tenantOf, type Actor } from '../auth/actor';
import { teamCte } from '../employees/employee-visibility';
import { Problem } from '../problem/problem';
import { EFFECTIVE_STANDARD_SQL } from '../standards/effective-standard';

/**
 * Requirements against levels held now, one row per (employee, required competency), for
 * the active employees chosen by `scope` (SQL over $1 = tenant and $2 = unit or supervisor).
 * Reads the derived ledger_effective table, not the chains: this is the path of the
 * 50,000 × 30 gap report (budget < 500 ms).
 */
function requirementsSql(scope: string, prelude = '') {
  return `${prelude}${prelude ? ',' : 'WITH'}
    emp AS (SELECT e.id, e.unit_id, e.position_id FROM employee e WHERE e.tenant_id = $1 AND e.status = 'active' AND ${scope}),
    std AS (${EFFECTIVE_STANDARD_SQL}),
    held AS (
      SELECT f.employee_id, f.competency_id, max(f.level) AS level
      FROM ledger_effective f JOIN emp ON emp.id = f.employee_id
      WHERE f.tenant_id = $1 AND f.occurred_at <= now() AND (f.valid_until IS NULL OR f.valid_until > now())
      GROUP BY f.employee_id, f.competency_id),
    req AS (
      SELECT emp.id AS employee_id, emp.unit_id, s.competency_id, s.required_level, COALESCE(h.level, 0) AS held
      FROM emp JOIN std s ON s.position_id = emp.position_id
      LEFT JOIN held h ON h.employee_id = emp.id AND h.competency_id = s.competency_id)`;
}

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
    const cells: { unitId: string; competencyId: string; employees: number; below: number }[] = await this.db.query(
      `${requirementsSql('e.unit_id IN (SELECT id FROM sub)', SUBTREE)}
       SELECT unit_id AS "unitId", competency_id AS "competencyId", count(*)::int AS employees,
              count(*) FILTER (WHERE held < required_level)::int AS below
       FROM req GROUP BY unit_id, competency_id`,
      [tenantId, unitId ?? null],
    );
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

  /** The supervisor's team (everyone below them), one line per member. */
  async teamGaps(actor: Actor) {
    const tenantId = tenantOf(actor);
    if (!actor.employeeId) return { members: [] };
    const members = await this.db.query(
      `${requirementsSql('e.id IN (SELECT id FROM team) AND e.id <> $2', teamCte('$2'))}
       SELECT e.id AS "employeeId", e.nip, e.full_name AS "fullName", u.code AS "unitCode", p.name AS "positionName",
              count(r.competency_id)::int AS required,
              count(r.competency_id) FILTER (WHERE r.held < r.required_level)::int AS below,
              COALESCE(sum(GREATEST(r.required_level - r.held, 0)), 0)::int AS "totalShortfall",
              CASE WHEN COALESCE(sum(r.required_level), 0) = 0 THEN 100
                   ELSE round(100.0 * sum(LEAST(r.held, r.required_level)) / sum(r.required_level), 1)::float END AS "matchScore"
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
