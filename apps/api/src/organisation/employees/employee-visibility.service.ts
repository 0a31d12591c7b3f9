import { Injectable } from '@nestjs/common';
import { hasRole, tenantOf, type Actor } from '../../platform';
import { Problem } from '../../platform';
import type { VisibleEmployee } from './employee-visibility';
import { EmployeesRepository } from './employees.repository';

/**
 * Who may see an employee (and their ledger, profile, JP): admins everyone in the tenant,
 * supervisors their team, everyone themselves. Anything else, and unknown ids, are 404.
 */
@Injectable()
export class EmployeeVisibility {
  constructor(private readonly employees: EmployeesRepository) {}

  async require(actor: Actor, id: string): Promise<VisibleEmployee> {
    const tenantId = tenantOf(actor);
    const employee = await this.employees.visible(tenantId, id);
    if (!employee) throw Problem.notFound('employee.notFound');
    if (hasRole(actor, 'tenant_admin', 'training_admin') || id === actor.employeeId) return employee;
    if (actor.roles.includes('supervisor') && actor.employeeId && (await this.employees.inTeam(tenantId, actor.employeeId, id))) return employee;
    throw Problem.notFound('employee.notFound');
  }
}
