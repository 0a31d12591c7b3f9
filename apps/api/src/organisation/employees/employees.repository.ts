import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AgencyTimeZone, EmployeeStatus, PositionClass } from '@mahir/competency';
import { Employee, EmployeePlacement, Position, Tenant, Unit, sqlRow, sqlRows, type PlacementReason } from '@mahir/persistence';
import type { Actor } from '../../platform';
import { likePattern } from '../../platform';
import type { EmployeeQueryDto } from './dto/employee.dto';
import { teamCte, visibleEmployeesFilter, type VisibleEmployee } from './employee-visibility';

/** The employee as the API shows it, with unit, position and supervisor named. */
export interface EmployeeView {
  id: string;
  nip: string;
  fullName: string;
  email: string;
  status: EmployeeStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  unit: { id: string; code: string; name: string };
  position: { id: string; code: string; name: string; positionClass: PositionClass };
  supervisor: { id: string; nip: string; fullName: string } | null;
}

/** One placement of the history, calendar dates as YYYY-MM-DD. */
export interface PlacementView {
  id: string;
  validFrom: string;
  validTo: string | null;
  reason: PlacementReason;
  recordedAt: Date;
  unit: { id: string; code: string; name: string };
  position: { id: string; code: string; name: string; positionClass: PositionClass };
}

/** The columns of EmployeeView over employee e, unit u, position p and supervisor s: one list for the raw page and the query builder. */
const VIEW_COLUMNS = [
  'e.id AS id',
  'e.nip AS nip',
  'e.full_name AS "fullName"',
  'e.email AS email',
  'e.status AS status',
  'e.version AS version',
  'e.created_at AS "createdAt"',
  'e.updated_at AS "updatedAt"',
  `json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit`,
  `json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'positionClass', p.position_class) AS position`,
  `CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'nip', s.nip, 'fullName', s.full_name) END AS supervisor`,
];

const VIEW_SQL = `
  SELECT ${VIEW_COLUMNS.join(', ')}
  FROM employee e
  JOIN unit u ON u.id = e.unit_id
  JOIN position p ON p.id = e.position_id
  LEFT JOIN employee s ON s.id = e.supervisor_id`;

/** The employees of an agency and their placement history; every statement is narrowed to one tenant. */
@Injectable()
export class EmployeesRepository {
  constructor(@InjectRepository(Employee) private readonly employees: Repository<Employee>) {}

  /**
   * Raw SQL: the employee list stays fast for agencies of tens of thousands (portal page budget):
   * the page of ids first (served by the (tenant_id, full_name, nip) index), then the joins for
   * those rows only; the visibility rule is the shared CTE of employee-visibility.
   */
  async page(actor: Actor, tenantId: string, query: EmployeeQueryDto): Promise<[EmployeeView[], number]> {
    const params: unknown[] = [tenantId];
    const where = ['e.tenant_id = $1'];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = visibleEmployeesFilter(actor, 'e.id', add);
    const cte = visible.cte;
    if (visible.where) where.push(visible.where);
    if (query.q) {
      const q = add(likePattern(query.q));
      where.push(`(lower(e.full_name) LIKE ${q} OR e.nip LIKE ${q} OR e.email LIKE ${q})`);
    }
    if (query.unitId) {
      const unit = add(query.unitId);
      where.push(
        query.includeSubunits
          ? `e.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT id FROM unit WHERE tenant_id = $1 AND id = ${unit}
               UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)`
          : `e.unit_id = ${unit}`,
      );
    }
    if (query.positionId) where.push(`e.position_id = ${add(query.positionId)}`);
    if (query.status) where.push(`e.status = ${add(query.status)}`);
    const filter = where.join(' AND ');
    const withPage = `${cte ? `${cte},` : 'WITH'} page AS (
      SELECT e.id FROM employee e WHERE ${filter}
      ORDER BY e.full_name, e.nip LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize})`;
    const [count, items] = await Promise.all([
      sqlRow<{ total: number }>(this.employees.manager, `${cte} SELECT count(*)::int AS total FROM employee e WHERE ${filter}`, params),
      sqlRows<EmployeeView>(this.employees.manager, `${withPage} ${VIEW_SQL} JOIN page ON page.id = e.id ORDER BY e.full_name, e.nip`, params),
    ]);
    return [items, count?.total ?? 0];
  }

  async view(tenantId: string, id: string): Promise<EmployeeView | null> {
    const row = await this.employees
      .createQueryBuilder('e')
      .innerJoin(Unit, 'u', 'u.id = e.unit_id')
      .innerJoin(Position, 'p', 'p.id = e.position_id')
      .leftJoin(Employee, 's', 's.id = e.supervisor_id')
      .select(VIEW_COLUMNS)
      .where('e.tenant_id = :tenantId AND e.id = :id', { tenantId, id })
      .getRawOne<EmployeeView>();
    return row ?? null;
  }

  /** Newest first. Calendar dates stay YYYY-MM-DD text: as Date objects they would shift with the server's zone. */
  placements(tenantId: string, employeeId: string): Promise<PlacementView[]> {
    return this.employees.manager
      .getRepository(EmployeePlacement)
      .createQueryBuilder('pl')
      .innerJoin(Unit, 'u', 'u.id = pl.unit_id')
      .innerJoin(Position, 'p', 'p.id = pl.position_id')
      .select([
        'pl.id AS id',
        `to_char(pl.valid_from, 'YYYY-MM-DD') AS "validFrom"`,
        `to_char(pl.valid_to, 'YYYY-MM-DD') AS "validTo"`,
        'pl.reason AS reason',
        'pl.recorded_at AS "recordedAt"',
        `json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit`,
        `json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'positionClass', p.position_class) AS position`,
      ])
      .where('pl.tenant_id = :tenantId AND pl.employee_id = :employeeId', { tenantId, employeeId })
      .orderBy('pl.valid_from', 'DESC')
      .addOrderBy('pl.recorded_at', 'DESC')
      .getRawMany<PlacementView>();
  }

  /** What the visibility rule needs of an employee of the agency. */
  async visible(tenantId: string, id: string): Promise<VisibleEmployee | null> {
    const employee = await this.employees.findOne({ select: { id: true, tenantId: true, unitId: true, positionId: true }, where: { tenantId, id } });
    return employee ? { id: employee.id, tenantId: employee.tenantId, unitId: employee.unitId, positionId: employee.positionId } : null;
  }

  /**
   * Raw SQL: the team CTE shared with other contexts' statements (employee-visibility), checked on
   * every read of someone else's profile, ledger or JP (portal page budget).
   */
  async inTeam(tenantId: string, supervisorId: string, employeeId: string, manager: EntityManager = this.employees.manager): Promise<boolean> {
    return (await sqlRow<{ hit: number }>(manager, `${teamCte('$2')} SELECT 1 AS hit FROM team WHERE id = $3`, [tenantId, supervisorId, employeeId])) !== null;
  }

  /** The employee, locked for the rest of the caller's transaction. */
  lockById(tenantId: string, id: string, manager: EntityManager): Promise<Employee | null> {
    return manager.getRepository(Employee).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
  }

  exists(tenantId: string, id: string, manager: EntityManager = this.employees.manager): Promise<boolean> {
    return manager.getRepository(Employee).existsBy({ id, tenantId });
  }

  unitExists(tenantId: string, id: string, manager: EntityManager = this.employees.manager): Promise<boolean> {
    return manager.getRepository(Unit).existsBy({ id, tenantId });
  }

  positionExists(tenantId: string, id: string, manager: EntityManager = this.employees.manager): Promise<boolean> {
    return manager.getRepository(Position).existsBy({ id, tenantId });
  }

  /** Whether `employeeId` is `supervisorId` or above them: making `supervisorId` their supervisor would close a cycle. */
  async isAboveOrSelf(tenantId: string, employeeId: string, supervisorId: string, manager: EntityManager = this.employees.manager): Promise<boolean> {
    const hit = await manager
      .createQueryBuilder()
      .addCommonTableExpression(
        `SELECT id, supervisor_id FROM employee WHERE tenant_id = :tenantId AND id = :supervisorId
         UNION SELECT e.id, e.supervisor_id FROM employee e JOIN up ON e.id = up.supervisor_id`,
        'up',
        { recursive: true, columnNames: ['id', 'supervisor_id'] },
      )
      .select('1', 'hit')
      .from('up', 'up')
      .where('up.id = :employeeId')
      .setParameters({ tenantId, supervisorId, employeeId })
      .limit(1)
      .getRawOne<{ hit: number }>();
    return hit !== undefined;
  }

  /** Whether another employee of the agency (any, when `exceptId` is null) has the e-mail. */
  emailTaken(tenantId: string, email: string, exceptId: string | null, manager: EntityManager = this.employees.manager): Promise<boolean> {
    return manager
      .getRepository(Employee)
      .createQueryBuilder('e')
      .where('e.tenant_id = :tenantId AND e.email = :email AND e.id IS DISTINCT FROM :exceptId', { tenantId, email, exceptId })
      .getExists();
  }

  /** Inserts unless the agency has the NIP already (ON CONFLICT (tenant_id, nip) DO NOTHING); the new id, or null when taken. */
  async insertIfNipFree(
    values: Pick<Employee, 'tenantId' | 'nip' | 'fullName' | 'email' | 'unitId' | 'positionId' | 'supervisorId'>,
    manager: EntityManager = this.employees.manager,
  ): Promise<string | null> {
    const repo = manager.getRepository(Employee);
    const employee = repo.create(values);
    // Only a NIP conflict is ignored, as before; on it no row comes back and the entity gets no id.
    await repo.createQueryBuilder().insert().values(employee).onConflict(`("tenant_id", "nip") DO NOTHING`).execute();
    return employee.id || null;
  }

  save(employee: Employee, manager: EntityManager = this.employees.manager): Promise<Employee> {
    return manager.getRepository(Employee).save(employee);
  }

  /** The open placement (no end date) of an employee, if any. */
  openPlacement(tenantId: string, employeeId: string, manager: EntityManager = this.employees.manager): Promise<EmployeePlacement | null> {
    return manager
      .getRepository(EmployeePlacement)
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId AND p.employee_id = :employeeId AND p.valid_to IS NULL', { tenantId, employeeId })
      .getOne();
  }

  async closePlacement(id: string, validTo: string, manager: EntityManager = this.employees.manager): Promise<void> {
    await manager.getRepository(EmployeePlacement).update({ id }, { validTo });
  }

  async insertPlacement(
    values: Pick<EmployeePlacement, 'tenantId' | 'employeeId' | 'unitId' | 'positionId' | 'validFrom' | 'reason' | 'recordedBy'>,
    manager: EntityManager = this.employees.manager,
  ): Promise<void> {
    await manager.getRepository(EmployeePlacement).insert(values);
  }

  async timeZoneOf(tenantId: string, manager: EntityManager = this.employees.manager): Promise<AgencyTimeZone> {
    return (await manager.getRepository(Tenant).findOneOrFail({ select: { id: true, timeZone: true }, where: { id: tenantId } })).timeZone;
  }
}
