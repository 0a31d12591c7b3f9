import { hasRole, type Actor } from '../../platform';

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

/** What the visibility rule answers about an employee one may see. */
export interface VisibleEmployee {
  id: string;
  tenantId: string;
  unitId: string;
  positionId: string;
}
