import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { Problem } from '../../platform';

/** Employees a supervisor may see: themselves and everyone whose supervisor chain leads to them. */
export const teamCte = (employeeParam: string) => `
  WITH RECURSIVE team(id) AS (
    SELECT id FROM employee WHERE tenant_id = $1 AND id = ${employeeParam}
    UNION SELECT e.id FROM employee e JOIN team ON e.supervisor_id = team.id WHERE e.tenant_id = $1
  )`;

/**
 * The list form of the visibility rule: narrows a query to the employees the actor may see,
 * by `column` (an employee id). Admins: no filter; supervisors: their team (a CTE the query
 * must start with); everyone else: themselves. `add` appends a parameter and names it.
 */
export function visibleEmployeesFilter(actor: Actor, column: string, add: (value: unknown) => string): { cte: string; where: string | null } {
  if (hasRole(actor, 'tenant_admin', 'training_admin')) return { cte: '', where: null };
  if (actor.roles.includes('supervisor') && actor.employeeId) {
    return { cte: teamCte(add(actor.employeeId)), where: `${column} IN (SELECT id FROM team)` };
  }
  return { cte: '', where: `${column} = ${add(actor.employeeId)}` };
}

export interface VisibleEmployee {
  id: string;
  tenantId: string;
  unitId: string;
  positionId: string;
}

/**
 * Who may see an employee (and their ledger, profile, JP): admins everyone in the tenant,
 * supervisors their team, everyone themselves. Anything else, and unknown ids, are 404.
 */
@Injectable()
export class EmployeeVisibility {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async require(actor: Actor, id: string): Promise<VisibleEmployee> {
    const tenantId = tenantOf(actor);
    const [row] = await this.db.query(
      `SELECT id, tenant_id AS "tenantId", unit_id AS "unitId", position_id AS "positionId" FROM employee WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    if (!row) throw Problem.notFound('employee.notFound');
    if (hasRole(actor, 'tenant_admin', 'training_admin') || id === actor.employeeId) return row;
    if (actor.roles.includes('supervisor') && actor.employeeId) {
      const [hit] = await this.db.query(`${teamCte('$2')} SELECT 1 FROM team WHERE id = $3`, [tenantId, actor.employeeId, id]);
      if (hit) return row;
    }
    throw Problem.notFound('employee.notFound');
  }
}
